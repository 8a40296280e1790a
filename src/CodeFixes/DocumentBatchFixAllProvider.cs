using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// Fix-all for fixes that insert or move statements away from the diagnostic, where the BatchFixer's merge of
    /// independent text changes breaks: all of a document's diagnostics are fixed in one pass by the same function the
    /// single fix uses, so shared edits (a helper method, a declaration) are made once.
    /// </summary>
    internal sealed class DocumentBatchFixAllProvider : DocumentBasedFixAllProvider
    {
        private readonly Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> _fixDocument;

        public DocumentBatchFixAllProvider(Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fixDocument)
            => _fixDocument = fixDocument;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            if (diagnostics.IsEmpty)
            {
                return document;
            }

            return await _fixDocument(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
