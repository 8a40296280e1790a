using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// Fix-all for fixes that insert or move statements away from the diagnostic, where the BatchFixer's merge of
    /// independent text changes breaks: all of a document's diagnostics are fixed in one pass by the same function the
    /// single fix uses, so shared edits (a helper method, a declaration) are made once. Only the diagnostics whose fix
    /// has the chosen equivalence key take part: a fix-all of "Use ProtocolType.Tcp" does not also set SO_REUSEADDR on
    /// raw sockets elsewhere.
    /// </summary>
    internal sealed class DocumentBatchFixAllProvider : DocumentBasedFixAllProvider
    {
        private readonly Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> _fixDocument;

        public DocumentBatchFixAllProvider(Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fixDocument)
            => _fixDocument = fixDocument;

        protected override string GetFixAllTitle(FixAllContext fixAllContext) => FixAllTitles.For(fixAllContext);

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var chosen = await WithEquivalenceKeyAsync(fixAllContext, document, diagnostics).ConfigureAwait(false);
            if (chosen.IsEmpty)
            {
                return document;
            }

            return await _fixDocument(document, chosen, fixAllContext.CancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The diagnostics for which the provider offers a fix with the fix-all's equivalence key. Asking the provider
        /// is cheap: fixes register their code actions without computing the edits.
        /// </summary>
        internal static async Task<ImmutableArray<Diagnostic>> WithEquivalenceKeyAsync(
            FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            string? key = fixAllContext.CodeActionEquivalenceKey;
            var chosen = ImmutableArray.CreateBuilder<Diagnostic>(diagnostics.Length);
            foreach (var diagnostic in diagnostics)
            {
                bool offered = false;
                var context = new CodeFixContext(
                    document,
                    diagnostic,
                    (action, _) => offered |= action.EquivalenceKey == key,
                    fixAllContext.CancellationToken);
                await fixAllContext.CodeFixProvider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                if (offered)
                {
                    chosen.Add(diagnostic);
                }
            }

            return chosen.ToImmutable();
        }
    }
}
