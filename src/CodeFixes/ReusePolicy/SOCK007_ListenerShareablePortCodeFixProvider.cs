using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK007 fix: remove the statement that allows address reuse on the listening socket. Offered only where the
    /// socket still gets SO_REUSEADDR without it (a TcpListener, a ProtocolType.Tcp socket, raw SO_REUSEPORT).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenerShareablePortCodeFixProvider))]
    public sealed class ListenerShareablePortCodeFixProvider : CodeFixProvider
    {
        internal const string RemoveKey = "SOCK007.RemoveReuseStatement";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK007_ListenerShareablePort.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(
            (document, diagnostics, cancellationToken) => StatementRemoval.RemoveAsync(
                document,
                diagnostics.Where(d => d.Properties.ContainsKey(ListenerShareablePortAnalyzer.RemovableProperty)).ToImmutableArray(),
                cancellationToken));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.ContainsKey(ListenerShareablePortAnalyzer.RemovableProperty))
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (StatementRemoval.RemovableStatement(root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the address-reuse statement",
                    ct => StatementRemoval.RemoveAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    RemoveKey),
                diagnostic);
        }
    }
}
