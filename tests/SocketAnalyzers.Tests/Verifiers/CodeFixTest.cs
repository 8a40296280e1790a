using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Tests.Verifiers
{
    [Flags]
    public enum CodeFixTestBehaviors
    {
        None = 0,
        SkipFixAllInDocumentCheck = 1,
        SkipFixAllInProjectCheck = 2,
        SkipFixAllInSolutionCheck = 4,
        SkipFixAllCheck = SkipFixAllInDocumentCheck | SkipFixAllInProjectCheck | SkipFixAllInSolutionCheck,
    }

    /// <summary>
    /// A compact stand-in for Microsoft.CodeAnalysis.Testing's CSharpCodeFixTest. After checking the diagnostics of
    /// <see cref="AnalyzerTest{TAnalyzer}.TestState"/> it applies the fix one diagnostic at a time until none is left
    /// to fix and compares with <see cref="FixedState"/>; then it runs the fix's FixAllProvider in document, project
    /// and solution scope and compares with <see cref="BatchFixedState"/> (or <see cref="FixedState"/>). Every result
    /// must compile with no compiler error that the original did not have.
    /// </summary>
    public class CodeFixTest<TAnalyzer, TCodeFix> : AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public SolutionState FixedState { get; } = new();

        public SolutionState BatchFixedState { get; } = new();

        public string FixedCode
        {
            set => FixedState.Sources.Add(value);
        }

        public string BatchFixedCode
        {
            set => BatchFixedState.Sources.Add(value);
        }

        /// <summary>Pick the code action with this equivalence key (otherwise <see cref="CodeActionIndex"/>, default the first).</summary>
        public string? CodeActionEquivalenceKey { get; set; }

        public int? CodeActionIndex { get; set; }

        public CodeFixTestBehaviors CodeFixTestBehaviors { get; set; }

        /// <summary>Upper bound on fix applications, so a fix that never converges fails instead of looping.</summary>
        public int MaxIterations { get; set; } = 50;

        public override async Task RunAsync()
        {
            await base.RunAsync().ConfigureAwait(false);
            if (FixedState.Sources.Count == 0)
            {
                return;
            }

            var analyzer = new TAnalyzer();
            var fixer = new TCodeFix();
            var (original, _) = CreateSolution(TestState);
            var originalErrors = await CompilerErrorsAsync(original).ConfigureAwait(false);

            var incremental = await ApplyIncrementallyAsync(original, analyzer, fixer).ConfigureAwait(false);
            await VerifyStateAsync(incremental, FixedState, analyzer, originalErrors, "after applying the fix one by one").ConfigureAwait(false);

            var fixAll = fixer.GetFixAllProvider();
            var batchState = BatchFixedState.Sources.Count > 0 ? BatchFixedState : FixedState;
            foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                if (fixAll is null || SkipScope(scope) || !fixAll.GetSupportedFixAllScopes().Contains(scope))
                {
                    continue;
                }

                var fixedAll = await ApplyFixAllAsync(original, analyzer, fixer, fixAll, scope).ConfigureAwait(false);
                await VerifyStateAsync(fixedAll, batchState, analyzer, originalErrors, "after fix-all in " + scope + " scope").ConfigureAwait(false);
            }
        }

        private bool SkipScope(FixAllScope scope) => scope switch
        {
            FixAllScope.Document => CodeFixTestBehaviors.HasFlag(CodeFixTestBehaviors.SkipFixAllInDocumentCheck),
            FixAllScope.Project => CodeFixTestBehaviors.HasFlag(CodeFixTestBehaviors.SkipFixAllInProjectCheck),
            FixAllScope.Solution => CodeFixTestBehaviors.HasFlag(CodeFixTestBehaviors.SkipFixAllInSolutionCheck),
            _ => true,
        };

        private async Task VerifyStateAsync(
            Solution actual, SolutionState expectedState, DiagnosticAnalyzer analyzer,
            ImmutableArray<Diagnostic> originalErrors, string what)
        {
            var (expectedSolution, expectedDiagnostics) = CreateSolution(expectedState);
            var project = actual.Projects.Single();
            var b = new StringBuilder();
            foreach (var expectedDocument in expectedSolution.Projects.Single().Documents)
            {
                var actualDocument = project.Documents.SingleOrDefault(d => d.FilePath == expectedDocument.FilePath);
                string expectedText = (await expectedDocument.GetTextAsync().ConfigureAwait(false)).ToString();
                string actualText = actualDocument is null ? "(no such document)" : (await actualDocument.GetTextAsync().ConfigureAwait(false)).ToString();
                if (Normalize(expectedText) != Normalize(actualText))
                {
                    b.Append("Document ").Append(expectedDocument.FilePath).Append(' ').Append(what).AppendLine(" differs.")
                        .AppendLine("Expected:").AppendLine(expectedText).AppendLine("Actual:").AppendLine(actualText)
                        .AppendLine(FirstDifference(Normalize(expectedText), Normalize(actualText)));
                }
            }

            if (b.Length > 0)
            {
                throw new VerificationException(b.ToString());
            }

            var errors = await CompilerErrorsAsync(actual).ConfigureAwait(false);
            var newErrors = errors.Where(e => !originalErrors.Any(o => o.Id == e.Id)).ToList();
            if (newErrors.Count > 0 || errors.Length > originalErrors.Length)
            {
                throw new VerificationException("The fix introduced compiler errors " + what + ":\n"
                    + string.Join("\n", errors.Select(Describe)));
            }

            var actualDiagnostics = await GetDiagnosticsAsync(project, analyzer, CancellationToken).ConfigureAwait(false);
            VerifyDiagnostics(analyzer, expectedDiagnostics, actualDiagnostics, actual, "the fixed state (" + what + ")");
        }

        private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

        private static string FirstDifference(string expected, string actual)
        {
            int i = 0;
            while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
            {
                i++;
            }

            int line = expected.Take(i).Count(c => c == '\n') + 1;
            return FormattableString.Invariant($"First difference at line {line}: expected '{Excerpt(expected, i)}', actual '{Excerpt(actual, i)}'");
        }

        private static string Excerpt(string s, int i)
            => i >= s.Length ? "(end)" : s.Substring(i, Math.Min(30, s.Length - i)).Replace("\n", "\\n", StringComparison.Ordinal);

        private static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Solution solution)
        {
            var compilation = await solution.Projects.Single().GetCompilationAsync().ConfigureAwait(false);
            return compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        }

        private async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Project project, DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
        {
            var compilation = await project.GetCompilationAsync(CancellationToken).ConfigureAwait(false);
            var diagnostics = await GetAnalyzerDiagnosticsAsync(project, compilation!, analyzer, CancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource)
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }

        /// <summary>The code actions the fixer offers for one diagnostic, flattened.</summary>
        internal async Task<ImmutableArray<CodeAction>> GetActionsAsync(Project project, Diagnostic diagnostic, CodeFixProvider fixer)
        {
            var document = project.Documents.Single(d => d.FilePath == diagnostic.Location.SourceTree!.FilePath);
            var actions = ImmutableArray.CreateBuilder<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return actions.ToImmutable();
        }

        private CodeAction? Choose(ImmutableArray<CodeAction> actions)
        {
            if (CodeActionEquivalenceKey != null)
            {
                return actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
            }

            int index = CodeActionIndex ?? 0;
            return index < actions.Length ? actions[index] : null;
        }

        private static async Task<Solution> ApplyAsync(CodeAction action, CancellationToken cancellationToken)
        {
            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
                ?? throw new VerificationException("code action '" + action.Title + "' produced no ApplyChangesOperation");
            return apply.ChangedSolution;
        }

        private async Task<Solution> ApplyIncrementallyAsync(Solution solution, DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
        {
            for (int iteration = 0; ; iteration++)
            {
                var project = solution.Projects.Single();
                CodeAction? chosen = null;
                foreach (var diagnostic in await FixableDiagnosticsAsync(project, analyzer, fixer).ConfigureAwait(false))
                {
                    chosen = Choose(await GetActionsAsync(project, diagnostic, fixer).ConfigureAwait(false));
                    if (chosen != null)
                    {
                        break;
                    }
                }

                if (chosen is null)
                {
                    return solution;
                }

                if (iteration >= MaxIterations)
                {
                    throw new VerificationException("the fix did not converge after " + MaxIterations + " applications");
                }

                if (chosen.EquivalenceKey is null)
                {
                    throw new VerificationException("code action '" + chosen.Title + "' has no equivalence key");
                }

                solution = await ApplyAsync(chosen, CancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<Solution> ApplyFixAllAsync(
            Solution solution, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, FixAllProvider fixAll, FixAllScope scope)
        {
            for (int iteration = 0; ; iteration++)
            {
                var project = solution.Projects.Single();
                var diagnostics = await FixableDiagnosticsAsync(project, analyzer, fixer).ConfigureAwait(false);
                Diagnostic? first = null;
                CodeAction? chosen = null;
                foreach (var diagnostic in diagnostics)
                {
                    chosen = Choose(await GetActionsAsync(project, diagnostic, fixer).ConfigureAwait(false));
                    if (chosen != null)
                    {
                        first = diagnostic;
                        break;
                    }
                }

                if (chosen is null || first is null)
                {
                    return solution;
                }

                if (iteration >= MaxIterations)
                {
                    throw new VerificationException("fix-all in " + scope + " scope did not converge");
                }

                var provider = new TestDiagnosticProvider(diagnostics);
                var document = project.Documents.Single(d => d.FilePath == first.Location.SourceTree!.FilePath);
                var context = scope == FixAllScope.Document
                    ? new FixAllContext(document, fixer, scope, chosen.EquivalenceKey, fixer.FixableDiagnosticIds, provider, CancellationToken)
                    : new FixAllContext(project, fixer, scope, chosen.EquivalenceKey, fixer.FixableDiagnosticIds, provider, CancellationToken);
                var action = await fixAll.GetFixAsync(context).ConfigureAwait(false)
                    ?? throw new VerificationException("fix-all in " + scope + " scope returned no action");
                var next = await ApplyAsync(action, CancellationToken).ConfigureAwait(false);
                if (next == solution)
                {
                    throw new VerificationException("fix-all in " + scope + " scope changed nothing");
                }

                solution = next;
            }
        }

        private sealed class TestDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public TestDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => !d.Location.IsInSource));
        }
    }
}
