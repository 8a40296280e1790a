using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK006 fix: move the option statement to just before the statement holding the Bind/Start, when both are in
    /// one member, the option statement runs unconditionally after the bind, and everything it names is in scope there.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReuseOptionAfterBindCodeFixProvider))]
    public sealed class ReuseOptionAfterBindCodeFixProvider : CodeFixProvider
    {
        internal const string MoveBeforeBindKey = "SOCK006.MoveBeforeBind";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK006_ReuseOptionAfterBind.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Plan(root, model, diagnostic, context.CancellationToken) is not { } plan)
            {
                return;
            }

            string call = plan.Anchor.ToString().Contains(".Start(") ? "Start" : "Bind";
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Move before " + call,
                    ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    MoveBeforeBindKey),
                diagnostic);
        }

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var moved = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is not { } plan
                    || !moved.Add(plan.Statement))
                {
                    continue;
                }

                editor.RemoveNode(plan.Statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                editor.InsertBefore(plan.Anchor, plan.Statement.WithAdditionalAnnotations(Formatter.Annotation));
            }

            return editor.GetChangedDocument();
        }

        private sealed class MovePlan
        {
            public MovePlan(SyntaxNode statement, SyntaxNode anchor)
            {
                Statement = statement;
                Anchor = anchor;
            }

            /// <summary>The option statement (or its global statement).</summary>
            public SyntaxNode Statement { get; }

            /// <summary>The statement holding the Bind/Start call (or its global statement).</summary>
            public SyntaxNode Anchor { get; }
        }

        private static MovePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count < 1
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || StatementRemoval.RemovableStatement(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { } statement)
            {
                return null;
            }

            var bindCall = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var anchor = bindCall.FirstAncestorOrSelf<StatementSyntax>() is { } bindStatement
                ? (bindStatement.Parent is GlobalStatementSyntax global ? global : (SyntaxNode)bindStatement)
                : null;
            if (anchor is null
                || !(anchor.Parent is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax)
                || anchor.SpanStart >= statement.SpanStart
                || Member(anchor) != Member(statement)
                || ExecutionOrder.CommonBlock(anchor, statement) is not { } block
                || !ExecutionOrder.RunsWhenever(statement, block))
            {
                return null;
            }

            // Everything the statement names must exist at the Bind: locals declared before it and in scope there.
            foreach (var identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol)
                {
                    bool declaredBefore = symbol.DeclaringSyntaxReferences.All(r => r.Span.End <= anchor.SpanStart || r.SyntaxTree != root.SyntaxTree);
                    if (!declaredBefore
                        || !model.LookupSymbols(anchor.SpanStart, name: symbol.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol)))
                    {
                        return null;
                    }
                }
            }

            return new MovePlan(statement, anchor);
        }

        private static SyntaxNode? Member(SyntaxNode node)
            => node.Ancestors().FirstOrDefault(a => a is (MemberDeclarationSyntax and not GlobalStatementSyntax) or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                ?? node.SyntaxTree.GetRoot();
    }
}
