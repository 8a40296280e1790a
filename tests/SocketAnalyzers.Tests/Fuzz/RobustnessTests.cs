using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>Every analyzer (discovered by reflection) under concurrent execution, cancellation and generated code.</summary>
    public class RobustnessTests
    {
        private readonly ITestOutputHelper _output;

        public RobustnessTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Concurrent_and_sequential_execution_report_the_same_diagnostics_20_times()
        {
            var files = Workloads.Project();
            var baseline = await AnalyzeSortedAsync(files, concurrent: false);
            Assert.True(baseline.Any(d => d.Contains(" SOCK", StringComparison.Ordinal)), "the workload raises no SocketAnalyzers diagnostic");
            _output.WriteLine($"{files.Length} files, {baseline.Length} diagnostics per run");

            for (int i = 0; i < 20; i++)
            {
                bool concurrent = i % 2 == 0;
                var actual = await AnalyzeSortedAsync(files, concurrent);
                Assert.True(baseline.SequenceEqual(actual),
                    $"run {i} (concurrent: {concurrent}) differs:\n- expected only: {string.Join("\n  ", baseline.Except(actual))}\n- actual only: {string.Join("\n  ", actual.Except(baseline))}");
            }
        }

        private static async Task<System.Collections.Immutable.ImmutableArray<string>> AnalyzeSortedAsync(IReadOnlyList<SourceFile> files, bool concurrent)
        {
            // A fresh compilation each time: nothing is cached between runs.
            var run = await AnalysisHarness.AnalyzeAsync(Workloads.Compile(files), concurrent, CancellationToken.None);
            Assert.Empty(run.Failures);
            return AnalysisHarness.Sorted(run.AnalyzerDiagnostics);
        }

        [Fact]
        public async Task An_already_cancelled_analysis_throws_OperationCanceledException()
        {
            var compilation = Workloads.Compile(Workloads.Project());
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            var stopwatch = Stopwatch.StartNew();
            var exception = await Record.ExceptionAsync(() => AnalysisHarness.AnalyzeAsync(compilation, concurrent: true, cts.Token));
            Assert.IsAssignableFrom<OperationCanceledException>(exception);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Cancelling_a_running_analysis_stops_promptly_with_only_OperationCanceledException(bool concurrent)
        {
            var files = Workloads.Project(copies: 4);
            int cancelled = 0;
            foreach (int delayMs in new[] { 1, 10, 50, 150, 400 })
            {
                var compilation = Workloads.Compile(files);
                using var cts = new CancellationTokenSource();
                var exceptions = new List<Exception>();
                var analysis = Task.Run(async () =>
                {
                    var withAnalyzers = compilation.WithAnalyzers(AnalyzerCatalog.CreateAnalyzers(), new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty),
                        (e, _, _) => { lock (exceptions) { exceptions.Add(e); } },
                        concurrent, logAnalyzerExecutionTime: false));
                    return await withAnalyzers.GetAnalyzerDiagnosticsAsync(cts.Token);
                });
                await Task.Delay(delayMs);
                cts.Cancel();
                var stopwatch = Stopwatch.StartNew();
                var exception = await Record.ExceptionAsync(() => analysis.WaitAsync(TimeSpan.FromSeconds(10)));
                var elapsed = stopwatch.Elapsed;

                Assert.False(exception is TimeoutException, $"analysis still running 10 s after cancellation (delay {delayMs} ms)");
                if (exception is null)
                {
                    // Finished before the token was observed: the result must still be complete and clean.
                    Assert.DoesNotContain(await analysis, d => d.Id == "AD0001");
                }
                else
                {
                    Assert.IsAssignableFrom<OperationCanceledException>(exception);
                    cancelled++;
                    Assert.True(elapsed < TimeSpan.FromSeconds(5), $"stopped {elapsed.TotalMilliseconds:F0} ms after cancellation (delay {delayMs} ms)");
                }

                lock (exceptions)
                {
                    Assert.True(exceptions.All(e => e is OperationCanceledException), string.Join("\n", exceptions));
                }

                _output.WriteLine($"delay {delayMs} ms: {(exception is null ? "completed" : "cancelled")}, stopped after {elapsed.TotalMilliseconds:F0} ms");
            }

            Assert.True(cancelled > 0, "no analysis was still running when cancelled: the test proves nothing");
        }

        /// <summary>The workload files that raise SocketAnalyzers diagnostics when they are ordinary source.</summary>
        private static async Task<List<SourceFile>> FlaggedFilesAsync()
        {
            var files = Workloads.Project();
            var run = await AnalysisHarness.AnalyzeAsync(Workloads.Compile(files), concurrent: true, CancellationToken.None);
            Assert.Empty(run.Failures);
            var flaggedPaths = run.SocketDiagnostics.Select(d => d.Location.SourceTree?.FilePath).ToHashSet();
            var flagged = files.Where(f => flaggedPaths.Contains(f.Path)).ToList();
            Assert.NotEmpty(flagged);
            return flagged;
        }

        [Fact]
        public async Task Files_with_an_auto_generated_header_raise_nothing()
        {
            var flagged = await FlaggedFilesAsync();
            var generated = flagged.Select(f => f with { Text = "// <auto-generated>\n// Generated by a tool.\n// </auto-generated>\n" + f.Text }).ToList();
            var run = await AnalysisHarness.AnalyzeAsync(Workloads.Compile(generated), concurrent: true, CancellationToken.None);
            Assert.Empty(run.Failures);
            Assert.Empty(run.SocketDiagnostics.Select(TestEnvironment.Describe));
        }

        [Fact]
        public async Task Files_named_g_cs_raise_nothing()
        {
            var flagged = await FlaggedFilesAsync();
            var generated = flagged.Select(f => f with { Path = f.Path.Substring(0, f.Path.Length - 3) + ".g.cs" }).ToList();
            var run = await AnalysisHarness.AnalyzeAsync(Workloads.Compile(generated), concurrent: true, CancellationToken.None);
            Assert.Empty(run.Failures);
            Assert.Empty(run.SocketDiagnostics.Select(TestEnvironment.Describe));
        }
    }
}
