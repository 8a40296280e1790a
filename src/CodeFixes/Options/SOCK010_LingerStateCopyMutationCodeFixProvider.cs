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
using Microsoft.CodeAnalysis.Simplification;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK010 fix: <c>x.LingerState.Enabled = v;</c> becomes <c>x.LingerState = new LingerOption(v, x.LingerState.LingerTime);</c>
    /// (and likewise for LingerTime). When the next statement assigns the other field of the same socket's LingerState,
    /// both become one <c>x.LingerState = new LingerOption(enabled, seconds);</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LingerStateCopyMutationCodeFixProvider))]
    public sealed class LingerStateCopyMutationCodeFixProvider : CodeFixProvider
    {
        internal const string AssignNewLingerOptionKey = "SOCK010.AssignNewLingerOption";

        private const string LingerOptionName = "System.Net.Sockets.LingerOption";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK010_LingerStateCopyMutated.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(LingerStateCopyMutationAnalyzer.FixableProperty, out var fixable) || fixable != "true")
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || Parse(root, diagnostic) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Assign a new LingerOption to LingerState",
                    ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    AssignNewLingerOptionKey),
                diagnostic);
        }

        /// <summary>One flagged statement: <c>owner.LingerState.field = value;</c>.</summary>
        private sealed class Mutation
        {
            public Mutation(ExpressionStatementSyntax statement, ExpressionSyntax owner, string field, ExpressionSyntax value, bool suppressed)
            {
                Suppressed = suppressed;
                Statement = statement;
                Owner = owner;
                Field = field;
                Value = value;
            }

            public ExpressionStatementSyntax Statement { get; }
            public ExpressionSyntax Owner { get; }
            public string Field { get; }
            public ExpressionSyntax Value { get; }

            /// <summary>True when the code wrote <c>LingerState!</c>: the fix keeps the null-forgiving operator when it reads LingerState.</summary>
            public bool Suppressed { get; }
        }

        /// <summary>The expression under parentheses and null-forgiving operators.</summary>
        private static ExpressionSyntax Unwrap(ExpressionSyntax expression, out bool suppressed)
        {
            suppressed = false;
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        suppressed = true;
                        expression = postfix.Operand;
                        break;
                    default:
                        return expression;
                }
            }
        }

        private static Mutation? Parse(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(LingerStateCopyMutationAnalyzer.FixableProperty, out var fixable) || fixable != "true"
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment
                || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || assignment.Parent is not ExpressionStatementSyntax statement
                || assignment.Left is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var field } fieldAccess
                || (field != "Enabled" && field != "LingerTime")
                || Unwrap(fieldAccess.Expression, out bool suppressed) is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "LingerState" } lingerState)
            {
                return null;
            }

            return new Mutation(statement, lingerState.Expression, field, assignment.Right, suppressed);
        }

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (editor.SemanticModel.Compilation.GetTypeByMetadataName(LingerOptionName) is not { } lingerOption)
            {
                return document;
            }

            var root = editor.OriginalRoot;
            var mutations = diagnostics
                .Select(d => Parse(root, d))
                .Where(m => m != null)
                .Select(m => m!)
                .OrderBy(m => m.Statement.SpanStart)
                .ToList();
            var consumed = new HashSet<SyntaxNode>();
            foreach (var mutation in mutations)
            {
                if (!consumed.Add(mutation.Statement))
                {
                    continue;
                }

                var partner = Partner(mutation);
                if (partner != null && !consumed.Add(partner.Statement))
                {
                    partner = null;
                }

                string owner = mutation.Owner.ToString();
                string read = owner + ".LingerState" + (mutation.Suppressed ? "!" : string.Empty);
                ExpressionSyntax enabled, seconds;
                if (partner != null)
                {
                    enabled = mutation.Field == "Enabled" ? mutation.Value : partner.Value;
                    seconds = mutation.Field == "LingerTime" ? mutation.Value : partner.Value;
                }
                else if (mutation.Field == "Enabled")
                {
                    enabled = mutation.Value;
                    seconds = SyntaxFactory.ParseExpression(read + ".LingerTime");
                }
                else
                {
                    enabled = SyntaxFactory.ParseExpression(read + ".Enabled");
                    seconds = mutation.Value;
                }

                var creation = editor.Generator.ObjectCreationExpression(
                    editor.Generator.TypeExpression(lingerOption).WithAdditionalAnnotations(Simplifier.Annotation),
                    enabled.WithoutTrivia(),
                    seconds.WithoutTrivia());
                var assignment = editor.Generator.AssignmentStatement(
                    SyntaxFactory.ParseExpression(owner + ".LingerState"),
                    creation);
                var statement = SyntaxFactory.ExpressionStatement((ExpressionSyntax)assignment)
                    .WithTriviaFrom(mutation.Statement)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                if (partner != null)
                {
                    statement = statement.WithTrailingTrivia(partner.Statement.GetTrailingTrivia());
                    editor.RemoveNode(partner.Statement, SyntaxRemoveOptions.KeepNoTrivia);
                }

                editor.ReplaceNode(mutation.Statement, statement);
            }

            return editor.GetChangedDocument();
        }

        /// <summary>The next statement when it assigns the other field of the same owner's LingerState (and is fixable).</summary>
        private static Mutation? Partner(Mutation mutation)
        {
            if (mutation.Statement.Parent is not BlockSyntax block)
            {
                return null;
            }

            int index = block.Statements.IndexOf(mutation.Statement);
            if (index < 0 || index + 1 >= block.Statements.Count
                || block.Statements[index + 1] is not ExpressionStatementSyntax next
                || next.Expression is not AssignmentExpressionSyntax assignment
                || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || assignment.Left is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var field } fieldAccess
                || field == mutation.Field
                || (field != "Enabled" && field != "LingerTime")
                || Unwrap(fieldAccess.Expression, out bool suppressed) is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "LingerState" } lingerState
                || !SyntaxFactory.AreEquivalent(lingerState.Expression, mutation.Owner)
                || ReadsLingerState(assignment.Right))
            {
                return null;
            }

            return new Mutation(next, lingerState.Expression, field, assignment.Right, suppressed);
        }

        /// <summary>A value that reads LingerState would see the first assignment's effect; do not merge then.</summary>
        private static bool ReadsLingerState(ExpressionSyntax value)
            => value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "LingerState");
    }
}
