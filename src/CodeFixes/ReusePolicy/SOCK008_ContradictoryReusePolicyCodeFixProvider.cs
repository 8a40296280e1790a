using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>SOCK008 fix: remove the ReuseAddress statement, keeping ExclusiveAddressUse = true.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContradictoryReusePolicyCodeFixProvider))]
    public sealed class ContradictoryReusePolicyCodeFixProvider : CodeFixProvider
    {
        internal const string RemoveReuseAddressKey = "SOCK008.RemoveReuseAddress";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK008_ContradictoryReusePolicy.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(StatementRemoval.RemoveAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (StatementRemoval.RemovableStatement(root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the ReuseAddress option",
                    ct => StatementRemoval.RemoveAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    RemoveReuseAddressKey),
                diagnostic);
        }
    }
}
