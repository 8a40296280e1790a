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
    /// SOCK014 fix: remove the statement (or object-initializer member) that makes the close abortive, so Close and
    /// Dispose end the connection with FIN again. <c>Disconnect(true)</c> is removed only when the socket is closed right
    /// after it (the next statement closes or disposes the same socket, or a <c>using</c> of it ends there); elsewhere
    /// the code may rely on the disconnect and no fix is offered. <c>Close(0)</c> becomes <c>Close()</c>. All kinds share
    /// one equivalence key: each turns an abortive close back into a graceful one.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbortiveCloseCodeFixProvider))]
    public sealed class AbortiveCloseCodeFixProvider : CodeFixProvider
    {
        internal const string RemoveKey = "SOCK014.RemoveAbortiveClose";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK014_AbortiveClose.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || RemovableNode(root, diagnostic) is null)
            {
                return;
            }

            string title = Kind(diagnostic) switch
            {
                AbortiveCloseAnalyzer.DisconnectKind => "Remove Disconnect(true); let the close send FIN",
                AbortiveCloseAnalyzer.CloseZeroKind => "Use Close(); let the close send FIN",
                _ => "Remove the zero linger; let the close send FIN",
            };
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), RemoveKey),
                diagnostic);
        }

        private static string Kind(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(AbortiveCloseAnalyzer.KindProperty, out var kind) ? kind ?? string.Empty : string.Empty;

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var removed = new System.Collections.Generic.HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (RemovableNode(editor.OriginalRoot, diagnostic) is not { } node || !removed.Add(node))
                {
                    continue;
                }

                if (Kind(diagnostic) == AbortiveCloseAnalyzer.CloseZeroKind && node is InvocationExpressionSyntax close)
                {
                    // Close(0) -> Close(): the default close lingers in the background and ends with FIN.
                    editor.ReplaceNode(close.ArgumentList, close.ArgumentList.WithArguments(default));
                }
                else if (node.Parent is InitializerExpressionSyntax initializer && node is ExpressionSyntax member)
                {
                    editor.ReplaceNode(initializer, (current, _) =>
                    {
                        var updated = (InitializerExpressionSyntax)current;
                        var kept = updated.Expressions.Where(e => !e.IsEquivalentTo(member));
                        return updated.WithExpressions(SyntaxFactory.SeparatedList(kept)).WithAdditionalAnnotations(Formatter.Annotation);
                    });
                }
                else
                {
                    editor.RemoveNode(node, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }
            }

            return editor.GetChangedDocument();
        }

        /// <summary>The statement or initializer member to remove, or null when removing it is not safe.</summary>
        private static SyntaxNode? RemovableNode(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not ExpressionSyntax expression)
            {
                return null;
            }

            if (Kind(diagnostic) == AbortiveCloseAnalyzer.CloseZeroKind)
            {
                return expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } ? expression : null;
            }

            if (expression.Parent is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression })
            {
                return expression;
            }

            var outer = expression.Parent is AwaitExpressionSyntax awaited ? awaited : expression;
            if (outer.Parent is not ExpressionStatementSyntax statement
                || !(statement.Parent is BlockSyntax or SwitchSectionSyntax))
            {
                return null;
            }

            if (Kind(diagnostic) == AbortiveCloseAnalyzer.DisconnectKind && !ClosedRightAfter(statement, expression))
            {
                return null;
            }

            return statement;
        }

        /// <summary>The statement after a Disconnect(true) closes the same socket, or a using of it ends there.</summary>
        private static bool ClosedRightAfter(ExpressionStatementSyntax statement, ExpressionSyntax disconnect)
        {
            if (disconnect is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
            {
                return false;
            }

            string receiver = access.Expression.WithoutTrivia().ToString();
            if (statement.Parent is BlockSyntax block)
            {
                int index = block.Statements.IndexOf(statement);
                if (index + 1 < block.Statements.Count)
                {
                    return block.Statements[index + 1] is ExpressionStatementSyntax
                    {
                        Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax next },
                    }
                        && next.Name.Identifier.ValueText is "Close" or "Dispose"
                        && next.Expression.WithoutTrivia().ToString() == receiver;
                }

                // The last statement of a using block whose resource is this socket, or of a block after `using var`.
                if (block.Parent is UsingStatementSyntax usingStatement)
                {
                    return usingStatement.Expression?.WithoutTrivia().ToString() == receiver
                        || usingStatement.Declaration?.Variables.Any(v => v.Identifier.ValueText == receiver) == true;
                }

                return block.Statements.Take(index).OfType<LocalDeclarationStatementSyntax>()
                    .Any(d => !d.UsingKeyword.IsKind(SyntaxKind.None) && d.Declaration.Variables.Any(v => v.Identifier.ValueText == receiver));
            }

            return false;
        }
    }
}
