using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Fuzz;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Corpus
{
    /// <summary>
    /// The precision corpus: realistic, correct socket programs (Corpus/Programs/*.cs, not compiled into the tests).
    /// Every analyzer of the shipped assembly runs on each file; the file must compile without errors and raise no
    /// SocketAnalyzers diagnostic. Add a program here whenever a rule learns a new shape of correct code.
    /// </summary>
    public class PrecisionCorpusTests
    {
        public static IEnumerable<object[]> Programs()
            => FuzzSources.CorpusFiles().Select(f => new object[] { Path.GetFileName(f.Path) });

        // A floor so that a broken file pattern cannot empty the corpus silently, and a ceiling that keeps the fuzz
        // run (which damages every corpus program) within its time; raise it with the fuzz time in docs/robustness.md.
        [Fact]
        public void The_corpus_has_between_12_and_60_programs()
        {
            int count = FuzzSources.CorpusFiles().Length;
            Assert.InRange(count, 12, 60);
        }

        [Theory]
        [MemberData(nameof(Programs))]
        public async Task Correct_program_compiles_and_raises_no_diagnostic(string name)
        {
            var file = FuzzSources.CorpusFiles().Single(f => Path.GetFileName(f.Path) == name);
            var compilation = AnalysisHarness.CreateCompilation(new[] { file });
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "compiler errors:\n" + string.Join("\n", errors));

            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: true, CancellationToken.None);
            Assert.Empty(run.Failures);
            var reported = run.AnalyzerDiagnostics.Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal) || d.Id == "AD0001")
                .Select(TestEnvironment.Describe).ToList();
            Assert.True(reported.Count == 0, "diagnostics on correct code:\n" + string.Join("\n", reported));
        }

        [Fact]
        public async Task The_whole_corpus_compiled_together_raises_no_diagnostic()
        {
            var compilation = AnalysisHarness.CreateCompilation(FuzzSources.CorpusFiles());
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: true, CancellationToken.None);
            Assert.Empty(run.Failures);
            Assert.Empty(run.AnalyzerDiagnostics.Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal))
                .Select(TestEnvironment.Describe));
        }
    }
}
