using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Fuzz;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>
    /// The README's first command builds samples/SampleServer to show the analyzers at work: the sample must compile
    /// and, between its files, raise every rule the package has.
    /// </summary>
    public class SampleTests
    {
        [Fact]
        public async Task Sample_compiles_and_shows_every_rule()
        {
            string directory = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "SampleServer");
            var sources = Directory.GetFiles(directory, "*.cs")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new SourceFile(p, File.ReadAllText(p)))
                .ToList();
            Assert.NotEmpty(sources);

            var compilation = AnalysisHarness.CreateCompilation(sources);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));

            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: true, default);
            Assert.Empty(run.AnalyzerExceptions);
            var reported = run.AnalyzerDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            // SOCK000 is about the configuration, not the code (Rules/SOCK000OptionValueTests.cs).
            var missing = AnalyzerCatalog.SupportedIds.Where(id => id != "SOCK000" && !reported.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, "the sample shows no " + string.Join(", ", missing));
        }
    }
}
