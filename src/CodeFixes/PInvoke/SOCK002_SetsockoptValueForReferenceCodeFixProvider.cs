using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK002: declare the option value <c>ref</c>/<c>out</c> and update the callers, or pass the address of a value.
    /// The edits (a solution-wide reference search) are made when the fix is applied, in <see cref="SocketPInvokeFixes"/>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetsockoptValueForReferenceCodeFixProvider))]
    public sealed class SetsockoptValueForReferenceCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK002_SetsockoptValueForReference.Id);

        public override FixAllProvider GetFixAllProvider() => new SocketPInvokeFixes.SolutionFixAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                // The call fix is offered on the analyzer's word (FixableProperty: an addressable, uncaptured variable
                // in unsafe code). The declaration fix is offered only when every caller can pass a reference, which
                // takes a reference search but no edit; the edits are made when the fix is applied.
                if (SocketPInvokeFixes.KeyFor(diagnostic) is not { } key
                    || !await SocketPInvokeFixes.CanFixAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var diagnostics = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(SocketPInvokeFixes.TitleFor(diagnostic, key), ct => SocketPInvokeFixes.ApplyAsync(solution, diagnostics, ct), key),
                    diagnostic);
            }
        }
    }
}
