using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Benchmarks
{
    /// <summary>
    /// The editor path: what an editor asks after a keystroke, the analyzer diagnostics of ONE document of a compilation
    /// (<see cref="CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(SemanticModel, Microsoft.CodeAnalysis.Text.TextSpan?, CancellationToken)"/>
    /// for that document's semantic model, whole document). Measured on the largest documents of each input, for every
    /// SocketAnalyzers analyzer together and for <see cref="OperationBaselineAnalyzer"/> alone (one no-op operation
    /// action: the binding of the document's method bodies and the operation trees every IOperation analyzer pays).
    /// Each measurement starts from a new <see cref="CompilationWithAnalyzers"/> over the compilation with the document's
    /// tree replaced by a fresh parse of the same text, as after an edit of that document: the other trees and their part
    /// of the declaration table are shared, symbols and bound bodies are not, and what is kept with the document's tree
    /// (the word scan) is not. Sequential analysis, execution-time log on
    /// in both. The two are interleaved (order alternating per run); the figure is the median over runs of
    /// (ours − baseline) of the same run, in wall time and in process CPU time (steadier when other processes share the
    /// cores), beside the driver's own log of our callbacks. With --driver-control, a third variant runs as many no-op
    /// operation analyzers as we ship analyzers: the driver's per-analyzer cost, which no callback log shows.
    /// </summary>
    public static class EditorBenchmark
    {
        private sealed record Input(string Name, List<(SourceFolder Folder, SyntaxTree Document)> Documents, Dictionary<SourceFolder, Compilation> Compilations);

        public static int Run(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<MetadataReference> references,
            List<string> sources, bool byProject, int documents, int runs, int warmup, int seed, int files, bool driverControl)
        {
            var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);

            var folders = new List<(string Name, List<SourceFolder> Folders)>();
            if (sources.Count == 0)
            {
                foreach (var (name, generated) in new[]
                {
                    ("generated socket-free, net8.0 refs", InputGenerator.SocketFree(seed, files)),
                    ("generated socket-heavy, net8.0 refs", InputGenerator.SocketHeavy(seed, files)),
                })
                {
                    var trees = generated.Select(f => CSharpSyntaxTree.ParseText(f.Text, SourceFolder.ParseOptions, f.Path)).ToImmutableArray();
                    folders.Add((name, new List<SourceFolder> { new(name, string.Empty, trees, implicitUsings: false) }));
                }
            }
            else
            {
                foreach (string source in sources)
                {
                    folders.Add((Path.GetFileName(Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar)), SourceFolder.Load(source, byProject)));
                }
            }

            Console.WriteLine(FormattableString.Invariant(
                $"editor path: the {documents} largest documents per input, {(byProject ? "each in its project's compilation" : "each in its folder's compilation")}, {warmup} warm-up + {runs} measured runs per document, sequential analysis"));
            Console.WriteLine("analyzers: " + string.Join(", ", analyzers.Select(a => a.GetType().Name)));
            Console.WriteLine();

            var summary = new List<string>();
            foreach (var (name, groups) in folders)
            {
                var compilations = groups.ToDictionary(g => g, g => (Compilation)CSharpCompilation.Create("Editor", g.Trees, references, compilationOptions));
                var largest = groups
                    .SelectMany(g => g.Trees.Where(t => !SourceFolder.IsImplicitUsingsTree(t)).Select(t => (Folder: g, Document: t)))
                    .OrderByDescending(d => d.Document.Length).ThenBy(d => d.Document.FilePath, StringComparer.Ordinal)
                    .Take(documents).ToList();
                var input = new Input(name, largest, compilations);
                summary.Add(MeasureInput(input, analyzers, runs, warmup, driverControl));
            }

            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"analyzer exceptions (AD0001) over all runs: {Program.AnalyzerExceptions.Count}"));
            Console.WriteLine();
            Console.WriteLine("| input | documents | median over documents of ours − baseline ms | range ms | median over documents of ours − baseline CPU ms | median of our callbacks ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (string line in summary)
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        private static string MeasureInput(Input input, ImmutableArray<DiagnosticAnalyzer> analyzers, int runs, int warmup, bool driverControl)
        {
            var baselineAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new OperationBaselineAnalyzer());
            // The driver control: as many no-op operation analyzers as we ship analyzers. What it adds over one no-op
            // analyzer is the driver's own cost per analyzer (dispatch, per-analyzer state), which no callback log shows.
            var controlAnalyzers = analyzers.Select(_ => (DiagnosticAnalyzer)new OperationBaselineAnalyzer()).ToImmutableArray();
            Console.WriteLine("### " + input.Name);
            Console.WriteLine();
            Console.WriteLine("| document | lines | compiler errors in it | baseline ms | ours ms | ours − baseline ms (median of per-run differences) | baseline CPU ms | ours − baseline CPU ms (median of per-run differences) | our callbacks ms | SOCK diagnostics | load before / after |"
                + (driverControl ? FormattableString.Invariant($" {analyzers.Length} no-op analyzers − baseline ms (wall / CPU) |") : string.Empty));
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|" + (driverControl ? "---:|" : string.Empty));
            var differences = new List<double>();
            var cpuDifferences = new List<double>();
            var callbacks = new List<double>();
            var perAnalyzer = new List<(string Document, Dictionary<string, double> Execution)>();
            foreach (var (folder, document) in input.Documents)
            {
                var compilation = input.Compilations[folder];
                string loadBefore = Program.Load();
                var baseline = new List<double>();
                var ours = new List<double>();
                var difference = new List<double>();
                var controlDifference = new List<double>();
                var controlCpuDifference = new List<double>();
                var cpuBaseline = new List<double>();
                var cpuDifference = new List<double>();
                var ourCallbacks = new List<double>();
                var execution = analyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>());
                int socketDiagnostics = 0;
                for (int run = 0; run < warmup + runs; run++)
                {
                    // Alternate the order so that a drift in machine load, or what the first of the two leaves warm, hits both alike.
                    EditorRun b, o;
                    if (run % 2 == 0)
                    {
                        b = EditorRun.Measure(compilation, document, baselineAnalyzers);
                        o = EditorRun.Measure(compilation, document, analyzers);
                    }
                    else
                    {
                        o = EditorRun.Measure(compilation, document, analyzers);
                        b = EditorRun.Measure(compilation, document, baselineAnalyzers);
                    }

                    var c = driverControl ? EditorRun.Measure(compilation, document, controlAnalyzers) : null;
                    if (run >= warmup)
                    {
                        controlDifference.Add((c?.Ms ?? 0) - b.Ms);
                        controlCpuDifference.Add((c?.CpuMs ?? 0) - b.CpuMs);
                        cpuBaseline.Add(b.CpuMs);
                        cpuDifference.Add(o.CpuMs - b.CpuMs);
                        baseline.Add(b.Ms);
                        ours.Add(o.Ms);
                        difference.Add(o.Ms - b.Ms);
                        ourCallbacks.Add(o.Execution.Values.Sum());
                        foreach (var (type, ms) in o.Execution)
                        {
                            execution[type].Add(ms);
                        }
                    }

                    socketDiagnostics = o.Diagnostics.Count(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal));
                }

                string loadAfter = Program.Load();
                int errors = compilation.GetSemanticModel(document).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                double diff = Program.Median(difference);
                double cb = Program.Median(ourCallbacks);
                differences.Add(diff);
                cpuDifferences.Add(Program.Median(cpuDifference));
                callbacks.Add(cb);
                string shortName = string.IsNullOrEmpty(folder.Root) ? document.FilePath : Path.GetRelativePath(folder.Root, document.FilePath);
                perAnalyzer.Add((Path.GetFileName(document.FilePath), execution.ToDictionary(e => e.Key, e => Program.Median(e.Value))));
                Console.WriteLine(FormattableString.Invariant(
                    $"| {shortName} | {document.GetText().Lines.Count} | {errors} | {Program.Median(baseline):F1} | {Program.Median(ours):F1} | {diff:F1} | {Program.Median(cpuBaseline):F0} | {Program.Median(cpuDifference):F0} | {cb:F1} | {socketDiagnostics} | {loadBefore} / {loadAfter} |")
                    + (driverControl ? FormattableString.Invariant($" {Program.Median(controlDifference):F1} / {Program.Median(controlCpuDifference):F0} |") : string.Empty));
            }

            Console.WriteLine();
            Console.WriteLine("Our callback time per analyzer and document (ms, median of runs):");
            Console.WriteLine();
            Console.WriteLine("| analyzer | " + string.Join(" | ", perAnalyzer.Select(p => p.Document)) + " |");
            Console.WriteLine("|---|" + string.Concat(perAnalyzer.Select(_ => "---:|")));
            foreach (var analyzer in analyzers)
            {
                string type = analyzer.GetType().Name;
                Console.WriteLine("| " + type + " | " + string.Join(" | ", perAnalyzer.Select(p => p.Execution[type].ToString("F1", CultureInfo.InvariantCulture))) + " |");
            }

            Console.WriteLine();
            return FormattableString.Invariant(
                $"| {input.Name} | {differences.Count} | {Program.Median(differences.ToList()):F1} | {differences.DefaultIfEmpty().Min():F1} to {differences.DefaultIfEmpty().Max():F1} | {Program.Median(cpuDifferences.ToList()):F0} | {Program.Median(callbacks.ToList()):F1} |");
        }

        private sealed record EditorRun(double Ms, double CpuMs, ImmutableArray<Diagnostic> Diagnostics, Dictionary<string, double> Execution)
        {
            public static EditorRun Measure(Compilation compilation, SyntaxTree document, ImmutableArray<DiagnosticAnalyzer> analyzers)
            {
                // As after an edit of the document: its tree is new (parsed here, before the timing), every other tree and
                // the rest of the declaration table are shared with the compilation before the edit.
                var edited = CSharpSyntaxTree.ParseText(document.GetText(), (CSharpParseOptions)document.Options, document.FilePath);
                compilation = compilation.ReplaceSyntaxTree(document, edited);
                document = edited;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    (exception, analyzer, _) => Program.AnalyzerExceptions.Add(analyzer.GetType().Name + ": " + exception.GetType().Name + ": " + exception.Message),
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: true));
                var model = withAnalyzers.Compilation.GetSemanticModel(document);
                var diagnostics = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
                stopwatch.Stop();
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;

                var execution = new Dictionary<string, double>();
                foreach (var analyzer in analyzers)
                {
                    if (analyzer is not OperationBaselineAnalyzer)
                    {
                        execution[analyzer.GetType().Name] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                    }
                }

                return new EditorRun(stopwatch.Elapsed.TotalMilliseconds, cpuMs, diagnostics, execution);
            }
        }
    }
}
