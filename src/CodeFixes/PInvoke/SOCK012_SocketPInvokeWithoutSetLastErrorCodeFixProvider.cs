using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK012: add <c>SetLastError = true</c> to the socket function's import attribute. A provider of its own, so
    /// that a SOCK002 that cannot be fixed never keeps this fix (or its fix-all) from being offered.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketPInvokeWithoutSetLastErrorCodeFixProvider))]
    public sealed class SocketPInvokeWithoutSetLastErrorCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK012_SocketPInvokeWithoutSetLastError.Id);

        public override FixAllProvider GetFixAllProvider() => new SocketPInvokeFixes.SolutionFixAllProvider();

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (SocketPInvokeFixes.KeyFor(diagnostic) is not { } key)
                {
                    continue;
                }

                var diagnostics = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(SocketPInvokeFixes.TitleFor(diagnostic, key), ct => SocketPInvokeFixes.ApplyAsync(solution, diagnostics, ct), key),
                    diagnostic);
            }

            return Task.CompletedTask;
        }
    }
}
