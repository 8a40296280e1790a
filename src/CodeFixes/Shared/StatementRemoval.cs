using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>Removes the statement a diagnostic points into (an address-reuse option that should not be there).</summary>
    internal static class StatementRemoval
    {
        /// <summary>
        /// The statement to remove for a diagnostic on <paramref name="node"/>: the expression statement whose whole
        /// expression is the flagged call or assignment, directly in a block, switch section or top-level program.
        /// </summary>
        internal static SyntaxNode? RemovableStatement(SyntaxNode? node)
        {
            if (node is null)
            {
                return null;
            }

            var expression = node.FirstAncestorOrSelf<ExpressionSyntax>(e => e.Parent is ExpressionStatementSyntax);
            if (expression?.Parent is not ExpressionStatementSyntax statement
                || !expression.Span.Contains(node.Span))
            {
                return null;
            }

            return statement.Parent switch
            {
                BlockSyntax or SwitchSectionSyntax => statement,
                GlobalStatementSyntax global => global,
                _ => null,
            };
        }

        internal static async Task<Document> RemoveAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = editor.OriginalRoot;
            foreach (var statement in diagnostics
                .Select(d => RemovableStatement(root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)))
                .Where(s => s != null)
                .Distinct())
            {
                editor.RemoveNode(statement!, SyntaxRemoveOptions.KeepUnbalancedDirectives);
            }

            return editor.GetChangedDocument();
        }
    }
}
