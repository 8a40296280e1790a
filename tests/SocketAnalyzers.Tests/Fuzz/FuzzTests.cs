using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// Damaged versions of every test snippet, corpus program and sample, run through every analyzer and every code
    /// fix: no exception, no AD0001, no hang. The first variants are the undamaged seeds; the others apply one to three
    /// mutations chosen by a fixed seed, so a failure is reproducible from its variant number.
    /// </summary>
    public class FuzzTests
    {
        /// <summary>Raise the count for a longer run: <c>SOCKET_ANALYZERS_FUZZ_VARIANTS=50000 dotnet test --filter Fuzz</c>.</summary>
        public const string VariantsVariable = "SOCKET_ANALYZERS_FUZZ_VARIANTS";

        public const int DefaultVariants = 5000;

        private const int Seed = 20261122;

        /// <summary>Cooperative limit per variant (analysis and fixes); the watchdog gives a further grace period.</summary>
        private static readonly TimeSpan s_variantLimit = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan s_hangGrace = TimeSpan.FromSeconds(20);

        private readonly ITestOutputHelper _output;

        private static long s_fixTicks;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        public static int VariantCount()
            => int.TryParse(Environment.GetEnvironmentVariable(VariantsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                ? Math.Max(n, DefaultVariants)
                : DefaultVariants;

        /// <summary>
        /// Code fixes cost 7 to 9 times the analysis of a variant (measured: a workspace, a second analysis, each action and the
        /// fix-all), so the default run applies them to every undamaged seed and every fourth variant; a run with
        /// <see cref="VariantsVariable"/> set applies them to every variant that has a diagnostic.
        /// </summary>
        public static bool RunsFixes(int index)
            => index < FuzzSources.All.Length || index % 4 == 0 || Environment.GetEnvironmentVariable(VariantsVariable) is { Length: > 0 };

        /// <summary>The text of variant <paramref name="index"/> (public so a failure can be replayed in a debugger).</summary>
        public static SourceFile Variant(int index)
        {
            var seeds = FuzzSources.All;
            var seed = seeds[index % seeds.Length];
            return index < seeds.Length
                ? seed
                : seed with { Text = Mutator.Mutate(seed.Text, new Random(Seed + index)) };
        }

        [Fact]
        public void Damaged_sources_never_throw_hang_or_report_AD0001()
        {
            var seeds = FuzzSources.All;
            Assert.True(seeds.Length > 0, "no fuzz seeds found");
            int variants = VariantCount();
            var fixers = AnalyzerCatalog.CreateCodeFixProviders();
            var failures = new ConcurrentQueue<string>();
            int next = -1, flagged = 0, fixedVariants = 0, actions = 0;
            int workers = Math.Max(2, Environment.ProcessorCount);
            var started = new long[workers];
            var current = new int[workers];
            var stopwatch = Stopwatch.StartNew();

            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < variants && failures.Count < 20)
                {
                    current[w] = index;
                    Volatile.Write(ref started[w], Stopwatch.GetTimestamp());
                    RunVariant(index, fixers, failures, ref flagged, ref fixedVariants, ref actions);
                    Volatile.Write(ref started[w], 0);
                }
            })
            { IsBackground = true, Name = "fuzz-" + w }).ToList();
            threads.ForEach(t => t.Start());

            while (threads.Any(t => t.IsAlive))
            {
                Thread.Sleep(100);
                for (int w = 0; w < workers; w++)
                {
                    long start = Volatile.Read(ref started[w]);
                    if (start != 0 && Stopwatch.GetElapsedTime(start) > s_variantLimit + s_hangGrace)
                    {
                        Assert.Fail($"variant {current[w]} ({Variant(current[w]).Path}) hung: no result after {(s_variantLimit + s_hangGrace).TotalSeconds} s\n{Variant(current[w]).Text}");
                    }
                }
            }

            _output.WriteLine(FormattableString.Invariant(
                $"{variants} variants of {seeds.Length} seeds, {AnalyzerCatalog.AnalyzerTypes.Length} analyzers, {fixers.Length} fixers: {flagged} variants with SocketAnalyzers diagnostics, {fixedVariants} of them fixed, {actions} code actions applied, {stopwatch.Elapsed.TotalSeconds:F1} s ({TimeSpan.FromTicks(s_fixTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F1} s of worker time in fixes)"));
            Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(5)));
            Assert.True(flagged > 0, "no variant raised a SocketAnalyzers diagnostic: the fuzz exercises no rule");
            if (fixers.Length > 0)
            {
                Assert.True(actions > 0, "no code action was applied: the fuzz exercises no fix");
            }
        }

        private static void RunVariant(int index, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider> fixers,
            ConcurrentQueue<string> failures, ref int flagged, ref int fixedVariants, ref int actions)
        {
            var file = Variant(index);
            using var cts = new CancellationTokenSource(s_variantLimit);
            try
            {
                var compilation = AnalysisHarness.CreateCompilation(new[] { file }, cts.Token);
                var run = AnalysisHarness.AnalyzeAsync(compilation, concurrent: false, cts.Token).GetAwaiter().GetResult();
                if (run.Failures.Any())
                {
                    failures.Enqueue($"variant {index} ({file.Path}): analyzer failure\n{string.Join("\n", run.Failures)}\n--- source ---\n{file.Text}");
                    return;
                }

                if (run.SocketDiagnostics.IsEmpty)
                {
                    return;
                }

                Interlocked.Increment(ref flagged);
                if (!RunsFixes(index))
                {
                    return;
                }

                Interlocked.Increment(ref fixedVariants);
                long fixStart = Stopwatch.GetTimestamp();
                var project = AnalysisHarness.CreateProject(new[] { file });
                int applied = AnalysisHarness.ApplyAllFixesAsync(project, fixers, cts.Token).GetAwaiter().GetResult();
                Interlocked.Add(ref actions, applied);
                Interlocked.Add(ref s_fixTicks, Stopwatch.GetTimestamp() - fixStart);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                failures.Enqueue($"variant {index} ({file.Path}): exceeded the {s_variantLimit.TotalSeconds} s limit\n--- source ---\n{file.Text}");
            }
            catch (Exception e)
            {
                failures.Enqueue($"variant {index} ({file.Path}): {e}\n--- source ---\n{file.Text}");
            }
        }

        [Fact]
        public void Seeds_include_test_snippets_and_corpus()
        {
            var snippets = FuzzSources.TestSnippets();
            var corpus = FuzzSources.CorpusFiles();
            Assert.True(snippets.Length >= 10, $"only {snippets.Length} snippets extracted from the tests");
            Assert.True(corpus.Length >= 12, $"only {corpus.Length} corpus programs");
            Assert.Contains(snippets, s => s.Text.Contains("ProtocolType", StringComparison.Ordinal));
        }

        [Fact]
        public void Mutations_are_deterministic()
        {
            var a = Enumerable.Range(0, 50).Select(i => Variant(FuzzSources.All.Length + i).Text).ToList();
            var b = Enumerable.Range(0, 50).Select(i => Variant(FuzzSources.All.Length + i).Text).ToList();
            Assert.Equal(a, b);
            Assert.Contains(a, t => !FuzzSources.All.Any(s => s.Text == t));
        }

        [Fact]
        public async Task The_harness_reports_an_analyzer_that_throws()
        {
            var compilation = AnalysisHarness.CreateCompilation(new[] { new SourceFile("/0/A.cs", "class A { void M() { M(); } }") });
            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: false, CancellationToken.None,
                System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new ThrowingAnalyzer()));
            Assert.NotEmpty(run.Failures);
        }

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // a test-only analyzer, never shipped
        [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
        private sealed class ThrowingAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
        {
            private static readonly Microsoft.CodeAnalysis.DiagnosticDescriptor s_rule = new(
                "TEST002", "Throws", "Throws", "Test", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> SupportedDiagnostics
                => System.Collections.Immutable.ImmutableArray.Create(s_rule);

            public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), Microsoft.CodeAnalysis.OperationKind.Invocation);
            }
        }
#pragma warning restore RS1036, RS1038, RS1041, RS2008

        [Fact]
        public void Every_analyzer_and_fixer_is_discovered()
        {
            Assert.Contains(typeof(ReusePolicyAnalyzer), AnalyzerCatalog.AnalyzerTypes);
            Assert.DoesNotContain(typeof(ListenerWithoutAddressReuseAnalyzer), AnalyzerCatalog.AnalyzerTypes); // a one-rule view, not loaded by hosts
            Assert.Contains(typeof(CodeFixes.ListenerWithoutAddressReuseCodeFixProvider), AnalyzerCatalog.CodeFixProviderTypes);
            Assert.Contains("SOCK001", AnalyzerCatalog.SupportedIds);
            Assert.DoesNotContain(AnalyzerCatalog.SupportedIds, id => !id.StartsWith("SOCK", StringComparison.Ordinal));
        }
    }
}
