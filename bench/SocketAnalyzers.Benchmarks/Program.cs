using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Benchmarks
{
    /// <summary>
    /// Measures what the SocketAnalyzers analyzers add to a compilation. For each input (socket-heavy, socket-free with
    /// the full net8.0 references, socket-free without System.Net.Sockets/System.Net.Primitives) and each run, on a
    /// fresh compilation every time: the compile (GetDiagnostics), the same with an empty analyzer (the baseline of
    /// the analyzer driver), with all SocketAnalyzers analyzers, and with each analyzer alone. Analyzer cost is read
    /// two ways: the driver's own execution-time log (time spent inside the analyzer's callbacks) and wall time over
    /// the empty-analyzer baseline. Medians after warm-up runs; ratios are to the compile time.
    /// </summary>
    public static class Program
    {
        private sealed class Options
        {
            public int Files = 1000;
            public int Runs = 5;
            public int Warmup = 1;
            public int Seed = 20261122;
            public bool Concurrent;
            public bool PerAnalyzer;
            public List<string> Sources = new();

            /// <summary>--compilations DIR: the compilations a real build made, captured by bench/capture/capture.sh.</summary>
            public List<string> Compilations = new();
            public bool ByProject;
            public bool Editor;
            public int Documents = 5;
            public bool? Baselines;
            public bool TolerateAnalyzerExceptions;
            public string? AnalyzerPath;

            /// <summary>
            /// --compare: a second SocketAnalyzers.dll analysed in the same runs (needs --own-clock). Each run analyses
            /// a fresh compilation with each set, in alternating order, so the two see the same machine load; the
            /// report adds the other set's cost and the median of the per-run differences.
            /// </summary>
            public string? ComparePath;
            public ImmutableArray<DiagnosticAnalyzer> CompareAnalyzers;

            /// <summary>Also time every callback with <see cref="CallbackClock"/> (outside GC pauses, with a share of them).</summary>
            public bool OwnClock;

            /// <summary>--callback-kinds (with --own-clock, real sources): the own clock's time split by kind of callback.</summary>
            public bool CallbackKinds;

            /// <summary>
            /// --emit (real sources; implies --own-clock): also time what the compiler does for a project in a build, on a fresh compilation:
            /// parse every file, then Emit (declaration and method-body diagnostics, lowering, IL and metadata, written to
            /// a null stream). The cost is then also given as a share of that.
            /// </summary>
            public bool Emit;
            public bool DriverControl;
            public List<string> Inputs = new();
        }

        /// <summary>
        /// Loads a SocketAnalyzers.dll built from another checkout beside the one this project references (same assembly
        /// name, so it needs its own load context); Roslyn and the other shared dependencies come from the host.
        /// </summary>
        private sealed class IsolatedAnalyzerContext : System.Runtime.Loader.AssemblyLoadContext
        {
            private readonly string _directory;

            public IsolatedAnalyzerContext(string path)
                : base("analyzers under test")
                => _directory = Path.GetDirectoryName(Path.GetFullPath(path))!;

            protected override Assembly? Load(AssemblyName name)
            {
                // Roslyn and the framework from the host (as a compiler loads an analyzer); anything else beside the dll.
                if (name.Name is { } n && (n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || n.StartsWith("System.", StringComparison.Ordinal)))
                {
                    return null;
                }

                string candidate = Path.Combine(_directory, name.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }

        /// <summary>Analyzer exceptions seen on real sources (reported, not fatal there: the benchmark still measures).</summary>
        internal static readonly System.Collections.Concurrent.ConcurrentBag<string> AnalyzerExceptions = new();

        private const string Usage =
            "usage: [--files N] [--runs N] [--warmup N] [--seed N] [--concurrent] [--per-analyzer] [--baselines | --no-baselines]\n"
            + "       [--input 'socket-heavy, net8.0 refs' | 'socket-free, net8.0 refs' | 'socket-free, no Sockets refs']...\n"
            + "       [--sources DIR]... [--by-project] [--compilations DIR]... [--editor [--documents N] [--driver-control]] [--analyzers PATH/SocketAnalyzers.dll] [--own-clock [--compare PATH/SocketAnalyzers.dll] [--callback-kinds]] [--emit]";

        public static int Main(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--files": options.Files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--runs": options.Runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup": options.Warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--seed": options.Seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--concurrent": options.Concurrent = true; break;
                    case "--per-analyzer": options.PerAnalyzer = true; break;
                    case "--baselines": options.Baselines = true; break;
                    case "--sources": options.Sources.Add(args[++i]); break;
                    case "--compilations": options.Compilations.Add(args[++i]); break;
                    case "--by-project": options.ByProject = true; break;
                    case "--editor": options.Editor = true; break;
                    case "--analyzers": options.AnalyzerPath = args[++i]; break;
                    case "--driver-control": options.DriverControl = true; break;
                    case "--no-baselines": options.Baselines = false; break;
                    case "--input": options.Inputs.Add(args[++i]); break;
                    case "--own-clock": options.OwnClock = true; break;
                    case "--callback-kinds": options.CallbackKinds = options.OwnClock = true; break;
                    case "--emit": options.Emit = options.OwnClock = true; break;
                    case "--compare": options.ComparePath = args[++i]; break;
                    case "--documents": options.Documents = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default:
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }

            var analyzerAssembly = options.AnalyzerPath == null
                ? typeof(ListenerWithoutAddressReuseAnalyzer).Assembly
                : new IsolatedAnalyzerContext(options.AnalyzerPath).LoadFromAssemblyPath(Path.GetFullPath(options.AnalyzerPath));
            var analyzers = DiscoverAnalyzers(analyzerAssembly);
            if (options.OwnClock)
            {
                analyzers = analyzers.Select(a => (DiagnosticAnalyzer)new ClockedAnalyzer(a)).ToImmutableArray();
            }

            if (options.ComparePath != null)
            {
                if (!options.OwnClock || options.Editor)
                {
                    Console.Error.WriteLine("--compare needs --own-clock and is not for --editor");
                    return 2;
                }

                options.CompareAnalyzers = DiscoverAnalyzers(new IsolatedAnalyzerContext(options.ComparePath).LoadFromAssemblyPath(Path.GetFullPath(options.ComparePath)))
                    .Select(a => (DiagnosticAnalyzer)new ClockedAnalyzer(a)).ToImmutableArray();
            }

            string refDir = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetCoreAppRefDir").Value!;
            var fullReferences = Directory.GetFiles(refDir, "*.dll").OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
            var withoutSockets = Directory.GetFiles(refDir, "*.dll").OrderBy(p => p, StringComparer.Ordinal)
                .Where(p => Path.GetFileName(p) is not ("System.Net.Sockets.dll" or "System.Net.Primitives.dll"))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();

            Console.WriteLine(FormattableString.Invariant(
                $"SocketAnalyzers benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformationText()}, load {Load()}"));
            Console.WriteLine("analyzer assembly: " + analyzerAssembly.Location);
            if (options.ComparePath != null)
            {
                Console.WriteLine("compared with: " + Path.GetFullPath(options.ComparePath) + " (the same runs, alternating order)");
            }
            if (options.Editor)
            {
                if (options.Compilations.Count > 0)
                {
                    Console.Error.WriteLine("--compilations is not for --editor");
                    return 2;
                }

                return EditorBenchmark.Run(analyzers, fullReferences, options.Sources, options.ByProject, options.Documents,
                    options.Runs, options.Warmup, options.Seed, options.Files, options.DriverControl);
            }

            if (options.Sources.Count > 0 || options.Compilations.Count > 0)
            {
                return RunSources(analyzers, fullReferences, options);
            }

            Console.WriteLine(FormattableString.Invariant(
                $"{options.Files} files per input, seed {options.Seed}, {options.Warmup} warm-up run (before the first input) + {options.Runs} measured runs per input (median), {(options.Concurrent ? "concurrent" : "sequential")} build and analysis"));
            Console.WriteLine("analyzers: " + string.Join(", ", analyzers.Select(a => NameOf(a) + " (" + string.Join(",", a.SupportedDiagnostics.Select(d => d.Id)) + ")")));
            Console.WriteLine();

            var inputs = new[]
            {
                ("socket-heavy, net8.0 refs", InputGenerator.SocketHeavy(options.Seed, options.Files), fullReferences),
                ("socket-free, net8.0 refs", InputGenerator.SocketFree(options.Seed, options.Files), fullReferences),
                ("socket-free, no Sockets refs", InputGenerator.SocketFree(options.Seed, options.Files), withoutSockets),
            }.Where(i => options.Inputs.Count == 0 || options.Inputs.Contains(i.Item1)).ToArray();

            var report = new StringBuilder();
            report.AppendLine("| input | compile ms | empty baseline ms | all analyzers ms | over empty baseline (% of compile) | IOperation baseline ms | all + IOperation baseline ms | over IOperation baseline (% of compile) | analyzer execution ms (% of compile) |");
            report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            var perAnalyzer = new StringBuilder();
            perAnalyzer.AppendLine("| input | analyzer | execution ms alone (% of compile) | wall over baseline alone (% of compile) | execution ms within all |");
            perAnalyzer.AppendLine("|---|---|---:|---:|---:|");

            bool first = true;
            foreach (var (name, files, references) in inputs)
            {
                var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToImmutableArray();
                // The warm-up (JIT, tiering, reference metadata) is done once, before the first input.
                var result = Measure(trees, references, analyzers, options, first ? options.Warmup : 0);
                first = false;
                Console.WriteLine(FormattableString.Invariant(
                    $"{name}: {trees.Length} files, {trees.Sum(t => t.GetText().Lines.Count)} lines, {result.Errors} compiler errors, Socket type {(result.SocketResolved ? "resolved" : "absent")}, {result.Diagnostics} SocketAnalyzers diagnostics ({result.DiagnosticsById})"));

                double compile = result.Compile;
                report.AppendLine((options.Baselines ?? true)
                    ? FormattableString.Invariant(
                        $"| {name} | {compile:F0} | {result.Baseline:F0} | {result.All:F0} | {result.All - result.Baseline:F0} ({Percent(result.All - result.Baseline, compile)}) | {result.OperationBaseline:F0} | {result.AllWithOperation:F0} | {result.AllWithOperation - result.OperationBaseline:F0} ({Percent(result.AllWithOperation - result.OperationBaseline, compile)}) | {result.AllExecution:F1} ({Percent(result.AllExecution, compile)}) |")
                    : FormattableString.Invariant(
                        $"| {name} | {compile:F0} | - | {result.All:F0} | - | - | - | - | {result.AllExecution:F1} ({Percent(result.AllExecution, compile)}) | compile CPU {result.CompileCpu:F0} ms, all CPU {result.AllCpu:F0} ms, load {Load()} |"));
                if (options.OwnClock)
                {
                    Console.WriteLine("  own clock: " + OwnClockCells(result));
                }

                if (!options.CompareAnalyzers.IsDefault)
                {
                    Console.WriteLine("  " + CompareLine(result));
                }

                foreach (var analyzer in analyzers)
                {
                    string type = NameOf(analyzer);
                    result.AloneExecution.TryGetValue(type, out double alone);
                    result.AloneWall.TryGetValue(type, out double aloneWall);
                    result.WithinAllExecution.TryGetValue(type, out double within);
                    perAnalyzer.AppendLine(FormattableString.Invariant(
                        $"| {name} | {type} | {(options.PerAnalyzer ? $"{alone:F1} ({Percent(alone, compile)})" : "-")} | {(options.PerAnalyzer ? $"{aloneWall - result.Baseline:F0} ({Percent(aloneWall - result.Baseline, compile)})" : "-")} | {within:F1} |"));
                }
            }

            Console.WriteLine();
            Console.Write(report);
            Console.WriteLine();
            Console.Write(perAnalyzer);
            return 0;
        }

        /// <summary>
        /// Real sources: every folder given with --sources (or each of its projects, with --by-project), compiled against
        /// the net8.0 references; per run the compile and one sequential analysis with every analyzer and the driver's
        /// execution-time log; medians. The wall-time baselines of the generated inputs only with --baselines.
        /// </summary>
        private static int RunSources(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<MetadataReference> references, Options options)
        {
            bool baselines = options.Baselines ?? false;
            options.Baselines = baselines;
            options.TolerateAnalyzerExceptions = true;
            Console.WriteLine(FormattableString.Invariant(
                $"real sources, {(options.Compilations.Count > 0 ? "the captured compilations of a real build; " : string.Empty)}{(options.ByProject ? "one compilation per project" : "one compilation per folder")}, {options.Warmup} warm-up run (before the first input) + {options.Runs} measured runs per input (median), {(options.Concurrent ? "concurrent" : "sequential")} build and analysis"));
            Console.WriteLine("analyzers: " + string.Join(", ", analyzers.Select(a => NameOf(a) + " (" + string.Join(",", a.SupportedDiagnostics.Select(d => d.Id)) + ")")));
            Console.WriteLine();

            var report = new StringBuilder();
            report.AppendLine("| input | files | lines | compiler errors | SOCK diagnostics | compile ms | all analyzers ms (wall, incl. compile) | analyzer callbacks ms (% of compile) | compile CPU ms | all analyzers CPU ms | load before / after |"
                + (baselines ? " IOperation baseline ms | all + IOperation baseline ms | over IOperation baseline (% of compile) |" : string.Empty)
                + (options.OwnClock ? " own clock ms | outside GC pauses ms | cost: outside pauses + GC share, ms (% of compile) | MB allocated in callbacks |" : string.Empty));
            report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|" + (baselines ? "---:|---:|---:|" : string.Empty) + (options.OwnClock ? "---:|---:|---:|---:|" : string.Empty));
            var columns = new List<(string Name, Dictionary<string, double> Execution, double Total)>();
            var costColumns = new List<(string Name, Dictionary<string, double> Execution, double Total)>();
            var compareColumns = new List<(string Name, Dictionary<string, double> Execution, double Total)>();
            var compareLines = new StringBuilder();
            var emitLines = new StringBuilder();
            bool first = true;
            foreach (var (source, captured) in options.Sources.Select(s => (s, false)).Concat(options.Compilations.Select(c => (c, true))))
            {
                var folders = captured ? SourceFolder.LoadCaptured(source) : SourceFolder.Load(source, options.ByProject);
                double compileSum = 0, allSum = 0, executionSum = 0, compileCpuSum = 0, allCpuSum = 0;
                int filesSum = 0, linesSum = 0, errorsSum = 0, diagnosticsSum = 0;
                var perAnalyzer = analyzers.ToDictionary(a => NameOf(a), _ => 0.0);
                var costPerAnalyzer = analyzers.ToDictionary(a => NameOf(a), _ => 0.0);
                double costSum = 0, compareCostSum = 0, buildSum = 0;
                var compareCostPerAnalyzer = analyzers.ToDictionary(a => NameOf(a), _ => 0.0);
                foreach (var folder in folders)
                {
                    string loadBefore = Load();
                    var result = Measure(folder.Trees, folder.References.IsDefault ? references : folder.References, analyzers, options, first ? options.Warmup : 0, folder.CompilationOptions, folder.AssemblyName);
                    string loadAfter = Load();
                    first = false;
                    int files = folder.SourceFiles, lines = folder.Lines;
                    Console.WriteLine(FormattableString.Invariant(
                        $"{folder.Name}: {files} files, {lines} lines, implicit usings {(folder.ImplicitUsings ? "on" : "off")}, {result.Errors} compiler errors, {result.Diagnostics} SocketAnalyzers diagnostics ({result.DiagnosticsById}), compile {result.Compile:F0} ms, callbacks {result.AllExecution:F1} ms ({Percent(result.AllExecution, result.Compile)}), load {loadBefore} / {loadAfter}"));
                    report.AppendLine(FormattableString.Invariant(
                        $"| {folder.Name} | {files} | {lines} | {result.Errors} | {result.Diagnostics} | {result.Compile:F0} | {result.All:F0} | {result.AllExecution:F1} ({Percent(result.AllExecution, result.Compile)}) | {result.CompileCpu:F0} | {result.AllCpu:F0} | {loadBefore} / {loadAfter} |")
                        + (baselines ? FormattableString.Invariant($" {result.OperationBaseline:F0} | {result.AllWithOperation:F0} | {result.AllWithOperation - result.OperationBaseline:F0} ({Percent(result.AllWithOperation - result.OperationBaseline, result.Compile)}) |") : string.Empty)
                        + (options.OwnClock ? OwnClockCells(result) : string.Empty));
                    if (options.OwnClock)
                    {
                        Console.WriteLine("  own clock: " + OwnClockCells(result));
                    }

                    if (options.Emit)
                    {
                        Console.WriteLine(FormattableString.Invariant($"  as a build (parse + emit): {result.Build:F0} ms; cost {Percent(result.Cost, result.Build)} of it"));
                        buildSum += result.Build;
                        emitLines.AppendLine(FormattableString.Invariant($"| {folder.Name} | {result.Compile:F0} | {result.Build:F0} | {result.Cost:F1} | {Percent(result.Cost, result.Compile)} | {Percent(result.Cost, result.Build)} |"));
                    }

                    if (!options.CompareAnalyzers.IsDefault)
                    {
                        Console.WriteLine("  " + CompareLine(result));
                        compareCostSum += result.CompareCost;
                        compareLines.AppendLine(FormattableString.Invariant($"| {folder.Name} | {result.Cost:F1} ({Percent(result.Cost, result.Compile)}) | {result.CompareCost:F1} ({Percent(result.CompareCost, result.Compile)}) | {result.DifferenceMedian:+0.0;-0.0;0.0} | {result.DifferenceLow:+0.0;-0.0;0.0} to {result.DifferenceHigh:+0.0;-0.0;0.0} | {result.CompareLower} of {result.Pairs} |"));
                        foreach (var (type, ms) in result.CompareCostWithinAll)
                        {
                            compareCostPerAnalyzer[type] = compareCostPerAnalyzer.GetValueOrDefault(type) + ms;
                        }
                    }

                    compileSum += result.Compile;
                    compileCpuSum += result.CompileCpu;
                    allCpuSum += result.AllCpu;
                    allSum += result.All;
                    executionSum += result.AllExecution;
                    filesSum += files;
                    linesSum += lines;
                    errorsSum += result.Errors;
                    diagnosticsSum += result.Diagnostics;
                    foreach (var (type, ms) in result.WithinAllExecution)
                    {
                        perAnalyzer[type] += ms;
                    }

                    foreach (var (type, ms) in result.CostWithinAll)
                    {
                        costPerAnalyzer[type] += ms;
                    }

                    costSum += result.Cost;
                }

                string name = Path.GetFileName(Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar));
                if (folders.Count > 1)
                {
                    report.AppendLine(FormattableString.Invariant(
                        $"| **{name}, {folders.Count} {(captured ? "compilations" : "projects")} (sums of medians)** | {filesSum} | {linesSum} | {errorsSum} | {diagnosticsSum} | {compileSum:F0} | {allSum:F0} | {executionSum:F1} ({Percent(executionSum, compileSum)}) | {compileCpuSum:F0} | {allCpuSum:F0} | |")
                        + (baselines ? " | | |" : string.Empty)
                        + (options.OwnClock ? FormattableString.Invariant($" | | {costSum:F1} ({Percent(costSum, compileSum)}) | |") : string.Empty));
                    if (!options.CompareAnalyzers.IsDefault)
                    {
                        compareLines.AppendLine(FormattableString.Invariant($"| **{name}, sum** | {costSum:F1} ({Percent(costSum, compileSum)}) | {compareCostSum:F1} ({Percent(compareCostSum, compileSum)}) | {compareCostSum - costSum:+0.0;-0.0;0.0} (of the medians) | | |"));
                    }
                }

                if (options.Emit)
                {
                    emitLines.AppendLine(FormattableString.Invariant($"| **{name}, sum** | {compileSum:F0} | {buildSum:F0} | {costSum:F1} | {Percent(costSum, compileSum)} | {Percent(costSum, buildSum)} |"));
                }

                columns.Add((name, perAnalyzer, executionSum));
                costColumns.Add((name, costPerAnalyzer, costSum));
                compareColumns.Add((name, compareCostPerAnalyzer, compareCostPerAnalyzer.Values.Sum()));
            }

            Console.WriteLine();
            Console.Write(report);
            Console.WriteLine();
            PrintPerAnalyzer("Callback time per analyzer (ms, median within the run of all analyzers" + (options.ByProject || options.Compilations.Count > 0 ? ", summed over projects or compilations" : string.Empty) + "):", columns, analyzers);
            if (options.OwnClock)
            {
                PrintPerAnalyzer("Cost per analyzer by the own clock (ms outside GC pauses plus the share of the pauses for the bytes allocated; median within the run of all analyzers):", costColumns, analyzers);
            }

            if (!options.CompareAnalyzers.IsDefault)
            {
                Console.WriteLine("Compared in the same runs (own-clock cost, ms (% of compile); difference = compared − this, per run; quartiles of the differences):");
                Console.WriteLine();
                Console.WriteLine("| input | this | compared | median difference | quartiles | compared lower in |");
                Console.WriteLine("|---|---:|---:|---:|---|---|");
                Console.Write(compareLines);
                Console.WriteLine();
                PrintPerAnalyzer("Cost per analyzer of the compared assembly (same columns as above; the analyzers are matched by type name):", compareColumns, analyzers);
            }

            if (options.Emit)
            {
                Console.WriteLine("Cost against the compile (GetDiagnostics on parsed trees, as in every table above) and against what a build does (parse + Emit, --emit); medians:");
                Console.WriteLine();
                Console.WriteLine("| input | compile ms | parse + emit ms | cost ms (own clock) | % of compile | % of parse + emit |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|");
                Console.Write(emitLines);
                Console.WriteLine();
            }

            if (options.CallbackKinds)
            {
                Console.WriteLine("Own-clock time per analyzer and kind of callback (medians of each input's runs, summed over the inputs; time outside the clock's GC-share correction):");
                Console.WriteLine();
                Console.WriteLine("| analyzer | callback | ms | calls | µs per call |");
                Console.WriteLine("|---|---|---:|---:|---:|");
                foreach (var (key, (ms, calls)) in s_kindTotals)
                {
                    string[] parts = key.Split('\t');
                    Console.WriteLine(FormattableString.Invariant($"| {parts[0]} | {parts[1]} | {ms:F2} | {calls:F0} | {ms * 1000 / Math.Max(1, calls):F1} |"));
                }

                Console.WriteLine();
            }

            Console.WriteLine(FormattableString.Invariant($"analyzer exceptions (AD0001) over all runs: {AnalyzerExceptions.Count}"));
            foreach (var group in AnalyzerExceptions.GroupBy(e => e).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine(FormattableString.Invariant($"  {group.Count()} x {group.Key}"));
            }

            return 0;
        }

        /// <summary>The 1/5/15-minute load averages (Linux), to be recorded with every figure.</summary>
        internal static string Load()
        {
            try
            {
                string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
                return parts[0] + " " + parts[1] + " " + parts[2];
            }
            catch (IOException)
            {
                return "n/a";
            }
            catch (UnauthorizedAccessException)
            {
                return "n/a";
            }
        }

        private static string RuntimeInformationText()
            => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", Roslyn "
               + typeof(CSharpCompilation).Assembly.GetName().Version;

        internal static string Percent(double part, double whole)
            => (part / whole * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

        /// <summary>
        /// Every non-abstract DiagnosticAnalyzer with a public parameterless constructor and the [DiagnosticAnalyzer]
        /// attribute in the shipped assembly: what a compiler or IDE host loads (the reuse family's one-rule views are
        /// not attributed, so they are not run beside the family analyzer).
        /// </summary>
        internal static ImmutableArray<DiagnosticAnalyzer> DiscoverAnalyzers(Assembly assembly)
            => assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null
                    && t.CustomAttributes.Any(a => a.AttributeType.FullName == "Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute"))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>One markdown table: a row per analyzer, a column per input, and the sums.</summary>
        private static void PrintPerAnalyzer(string title, List<(string Name, Dictionary<string, double> Execution, double Total)> columns, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            Console.WriteLine(title);
            Console.WriteLine();
            Console.WriteLine("| analyzer | " + string.Join(" | ", columns.Select(c => c.Name)) + " |");
            Console.WriteLine("|---|" + string.Concat(columns.Select(_ => "---:|")));
            foreach (var analyzer in analyzers)
            {
                string type = NameOf(analyzer);
                Console.WriteLine("| " + type + " | " + string.Join(" | ", columns.Select(c => c.Execution.TryGetValue(type, out double ms) ? ms.ToString("F1", CultureInfo.InvariantCulture) : "-")) + " |");
            }

            Console.WriteLine("| **sum** | " + string.Join(" | ", columns.Select(c => c.Total.ToString("F1", CultureInfo.InvariantCulture))) + " |");
            Console.WriteLine();
        }

        private static string OwnClockCells(Result result)
            => FormattableString.Invariant($" {result.OwnClock:F1} | {result.OutsidePauses:F1} | {result.Cost:F1} ({Percent(result.Cost, result.Compile)}) | {result.AllocatedMb:F1} |");

        /// <summary>The analyzer's type name (the wrapped analyzer's, under --own-clock).</summary>
        internal static string NameOf(DiagnosticAnalyzer analyzer) => (analyzer is ClockedAnalyzer clocked ? clocked.Inner : analyzer).GetType().Name;

        private sealed class Result
        {
            public double Compile;

            /// <summary>Under --emit: parse + Emit of a fresh compilation (median).</summary>
            public double Build;
            public double CompileCpu;
            public double AllCpu;
            public double Baseline;
            public double All;
            public double OperationBaseline;
            public double AllWithOperation;
            public double AllExecution;
            public int Errors;
            public int Diagnostics;
            public string DiagnosticsById = string.Empty;
            public bool SocketResolved;
            public Dictionary<string, double> AloneExecution = new();
            public Dictionary<string, double> AloneWall = new();
            public Dictionary<string, double> WithinAllExecution = new();

            /// <summary>Under --own-clock (medians of the per-run sums): the clock's time, the part outside GC pauses, and that plus the analyzers' share of the pauses.</summary>
            public double OwnClock;
            public double OutsidePauses;
            public double Cost;
            public double AllocatedMb;
            public Dictionary<string, double> CostWithinAll = new();

            /// <summary>Under --compare: the compared set's cost (median), and the per-run differences compared − this.</summary>
            public double CompareCost;
            public Dictionary<string, double> CompareCostWithinAll = new();
            public double DifferenceMedian;
            public double DifferenceLow;
            public double DifferenceHigh;
            public int CompareLower;
            public int Pairs;
        }

        private static Result Measure(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references,
            ImmutableArray<DiagnosticAnalyzer> analyzers, Options options, int warmup, CSharpCompilationOptions? captured = null, string assemblyName = "Bench")
        {
            // A captured compilation keeps the build's options; only the build mode is the benchmark's.
            var compilationOptions = captured?.WithConcurrentBuild(options.Concurrent) ?? new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: options.Concurrent);
            // Every step gets syntax trees of its own, parsed again from the same text outside the timed region: a
            // build parses its sources afresh, so nothing an analyzer keeps with a tree (SocketVocabulary's word scan)
            // may carry over from one step or run to the next.
            // A captured compilation keeps its assembly name too: InternalsVisibleTo grants name it.
            CSharpCompilation Create(ImmutableArray<SyntaxTree> parsed) => CSharpCompilation.Create(assemblyName, parsed, references, compilationOptions);
            CSharpCompilation Fresh() => Create(Reparse(trees));

            var compile = new List<double>();
            var build = new List<double>();
            var compileCpuList = new List<double>();
            var allCpuList = new List<double>();
            var baseline = new List<double>();
            var all = new List<double>();
            var operationBaseline = new List<double>();
            var allWithOperation = new List<double>();
            var allExecution = new List<double>();
            var aloneExecution = analyzers.ToDictionary(a => NameOf(a), _ => new List<double>());
            var aloneWall = analyzers.ToDictionary(a => NameOf(a), _ => new List<double>());
            var withinAll = analyzers.ToDictionary(a => NameOf(a), _ => new List<double>());
            var ownClock = new List<double>();
            var outsidePauses = new List<double>();
            var cost = new List<double>();
            var allocated = new List<double>();
            var costWithinAll = analyzers.ToDictionary(a => NameOf(a), _ => new List<double>());
            bool comparing = !options.CompareAnalyzers.IsDefault;
            var compareCost = new List<double>();
            var differences = new List<double>();
            var compareCostWithinAll = comparing ? options.CompareAnalyzers.ToDictionary(a => NameOf(a), _ => new List<double>()) : new();
            var result = new Result();
            var kindRuns = new Dictionary<string, (List<double> Ms, List<double> Calls)>(StringComparer.Ordinal);

            for (int run = 0; run < warmup + options.Runs; run++)
            {
                bool measured = run >= warmup;

                // The steps of one run alternate, so a change of machine load affects them alike.
                bool baselines = options.Baselines ?? true;
                double buildMs = 0;
                if (options.Emit)
                {
                    // As a build: parse, then Emit (which binds every body once and reports every diagnostic).
                    var (parseMs, parsed) = Time(() => Reparse(trees));
                    var emitInput = Create(parsed);
                    var (emitMs, _) = Time(() => emitInput.Emit(Stream.Null).Success);
                    buildMs = parseMs + emitMs;
                }

                var compileInput = Fresh();
                var (compileMs, errors) = Time(() => compileInput.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error));
                double compileCpu = LastCpuMs;
                var baselineInput = baselines ? Fresh() : null;
                var (baselineMs, _) = baselines ? Time(() => Analyze(baselineInput!, ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()), options)) : (0, null);
                // Under --compare the other set analyses a fresh compilation of its own right before (odd runs) or
                // right after (even runs) this one.
                AnalyzerRun? compareRun = comparing && run % 2 == 1 ? Analyze(Fresh(), options.CompareAnalyzers, options) : null;

                var allInput = Fresh();
                var (allMs, allRun) = Time(() => Analyze(allInput, analyzers, options));
                double allCpu = LastCpuMs;
                if (comparing && run % 2 == 0)
                {
                    compareRun = Analyze(Fresh(), options.CompareAnalyzers, options);
                }

                if (measured && compareRun != null)
                {
                    double theirs = compareRun.Clocks.Values.Sum(c => c.Cost);
                    compareCost.Add(theirs);
                    differences.Add(theirs - allRun.Clocks.Values.Sum(c => c.Cost));
                    foreach (var (type, clock) in compareRun.Clocks)
                    {
                        compareCostWithinAll[type].Add(clock.Cost);
                    }
                }
                var operationInput = baselines ? Fresh() : null;
                var (operationMs, _) = baselines ? Time(() => Analyze(operationInput!, ImmutableArray.Create<DiagnosticAnalyzer>(new OperationBaselineAnalyzer()), options)) : (0, null);
                var allWithOperationInput = baselines ? Fresh() : null;
                var (allWithOperationMs, _) = baselines ? Time(() => Analyze(allWithOperationInput!, analyzers.Add(new OperationBaselineAnalyzer()), options)) : (0, null);
                if (measured)
                {
                    build.Add(buildMs);
                    compile.Add(compileMs);
                    compileCpuList.Add(compileCpu);
                    allCpuList.Add(allCpu);
                    baseline.Add(baselineMs);
                    all.Add(allMs);
                    operationBaseline.Add(operationMs);
                    allWithOperation.Add(allWithOperationMs);
                    allExecution.Add(allRun.Execution.Values.Sum());
                    foreach (var (type, ms) in allRun.Execution)
                    {
                        withinAll[type].Add(ms);
                    }

                    if (allRun.Clocks.Count > 0)
                    {
                        foreach (var (type, clock) in allRun.Clocks)
                        {
                            foreach (var (kind, (ticks, calls)) in clock.ByKind)
                            {
                                string key = type + "\t" + kind;
                                if (!kindRuns.TryGetValue(key, out var lists))
                                {
                                    kindRuns[key] = lists = (new List<double>(), new List<double>());
                                }

                                lists.Ms.Add(ticks * 1000.0 / Stopwatch.Frequency);
                                lists.Calls.Add(calls);
                            }
                        }

                        ownClock.Add(allRun.Clocks.Values.Sum(c => c.Ms));
                        outsidePauses.Add(allRun.Clocks.Values.Sum(c => c.OutsidePauses));
                        cost.Add(allRun.Clocks.Values.Sum(c => c.Cost));
                        allocated.Add(allRun.Clocks.Values.Sum(c => c.Bytes) / 1e6);
                        foreach (var (type, clock) in allRun.Clocks)
                        {
                            costWithinAll[type].Add(clock.Cost);
                        }
                    }
                }

                if (run == warmup)
                {
                    result.Errors = errors;
                    result.Diagnostics = allRun.Diagnostics.Length;
                    result.DiagnosticsById = string.Join(", ", allRun.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()));
                    result.SocketResolved = allInput.GetTypeByMetadataName("System.Net.Sockets.Socket") != null;
                }

                if (options.PerAnalyzer)
                {
                    foreach (var analyzer in analyzers)
                    {
                        var aloneInput = Fresh();
                        var (aloneMs, aloneRun) = Time(() => Analyze(aloneInput, ImmutableArray.Create(analyzer), options));
                        if (measured)
                        {
                            aloneExecution[NameOf(analyzer)].Add(aloneRun.Execution.Values.Sum());
                            aloneWall[NameOf(analyzer)].Add(aloneMs);
                        }
                    }
                }

                Console.Error.Write(measured ? "." : "w");
            }

            Console.Error.WriteLine();
            result.Compile = Median(compile);
            result.Build = Median(build);
            result.CompileCpu = Median(compileCpuList);
            result.AllCpu = Median(allCpuList);
            result.Baseline = Median(baseline);
            result.All = Median(all);
            result.OperationBaseline = Median(operationBaseline);
            result.AllWithOperation = Median(allWithOperation);
            result.AllExecution = Median(allExecution);
            result.OwnClock = Median(ownClock);
            result.OutsidePauses = Median(outsidePauses);
            result.Cost = Median(cost);
            if (comparing)
            {
                result.CompareCost = Median(compareCost);
                result.DifferenceMedian = Median(differences);
                result.DifferenceLow = Quantile(differences, 0.25);
                result.DifferenceHigh = Quantile(differences, 0.75);
                result.CompareLower = differences.Count(d => d < 0);
                result.Pairs = differences.Count;
                foreach (var (type, values) in compareCostWithinAll)
                {
                    result.CompareCostWithinAll[type] = Median(values);
                }
            }
            result.AllocatedMb = Median(allocated);
            foreach (var (key, (ms, calls)) in kindRuns)
            {
                // A kind missing from some runs counts as 0 ms there (the median of the runs that had it would overstate it).
                ms.AddRange(Enumerable.Repeat(0.0, Math.Max(0, options.Runs - ms.Count)));
                calls.AddRange(Enumerable.Repeat(0.0, Math.Max(0, options.Runs - calls.Count)));
                s_kindTotals.TryGetValue(key, out var sofar);
                s_kindTotals[key] = (sofar.Ms + Median(ms), sofar.Calls + Median(calls));
            }

            foreach (var analyzer in analyzers)
            {
                string type = NameOf(analyzer);
                result.AloneExecution[type] = Median(aloneExecution[type]);
                result.AloneWall[type] = Median(aloneWall[type]);
                result.WithinAllExecution[type] = Median(withinAll[type]);
                result.CostWithinAll[type] = Median(costWithinAll[type]);
            }

            return result;
        }

        /// <summary>New syntax trees with the same text, options and paths (parsed eagerly, so outside any timing that follows).</summary>
        private static ImmutableArray<SyntaxTree> Reparse(ImmutableArray<SyntaxTree> trees)
            => trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, t.FilePath)).ToImmutableArray();

        private sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, Dictionary<string, double> Execution, Dictionary<string, ClockReading> Clocks);

        /// <summary>
        /// One analyzer's callbacks in one analysis by <see cref="CallbackClock"/>: their time, the part outside GC pauses,
        /// the bytes they allocated, and <see cref="Cost"/>: the time outside pauses plus the share of the step's pauses in
        /// proportion to those bytes.
        /// </summary>
        internal sealed record ClockReading(double Ms, double OutsidePauses, long Bytes, double Cost, Dictionary<string, (long Ticks, int Calls)> ByKind);

        /// <summary>Under --callback-kinds: per analyzer and kind of callback, the median time and calls of each input's runs, summed over the inputs.</summary>
        private static readonly SortedDictionary<string, (double Ms, double Calls)> s_kindTotals = new(StringComparer.Ordinal);

        /// <summary>Compiler and analyzer diagnostics of a fresh compilation, as a build computes them.</summary>
        private static AnalyzerRun Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, Options options)
        {
            foreach (var clocked in analyzers.OfType<ClockedAnalyzer>())
            {
                clocked.Reset();
            }

            var stepPauses = GC.GetTotalPauseDuration();
            long stepBytes = GC.GetTotalAllocatedBytes(precise: true);
            // The compiler's declaration pass and reference binding first: every compile does them before binding a body,
            // and on freshly parsed trees they would otherwise be charged to whichever analyzer resolves a type first in its
            // compilation-start action. They must be done on the driver's own compilation (a copy of the given one with an
            // event queue, a new source assembly over the same trees and references; preparing the given one, as this
            // step did until the night of 2026-12-02, left about 0.09 ms per compilation to the first SocketAnalyzers
            // analyzer). In a build the driver's compilation is the one the compiler compiles, and that work is the
            // compiler's. DeclarationPass does it first, inside the timed step, outside the analyzers' clocks.
            var withAnalyzers = compilation.WithAnalyzers(analyzers.Insert(0, DeclarationPass.Instance), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, _) =>
                {
                    if (!options.TolerateAnalyzerExceptions)
                    {
                        throw new InvalidOperationException(analyzer + " threw", exception);
                    }

                    AnalyzerExceptions.Add(NameOf(analyzer) + ": " + exception.GetType().Name + ": " + exception.Message);
                },
                concurrentAnalysis: options.Concurrent,
                logAnalyzerExecutionTime: true));
            // The analysis result carries the driver's execution-time log; the compiler diagnostics are then computed
            // on the same compilation, as a build reports both.
            var analysis = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            var diagnostics = analysis.GetAllDiagnostics().AddRange(compilation.GetDiagnostics());
            double stepPauseMs = (GC.GetTotalPauseDuration() - stepPauses).TotalMilliseconds;
            long stepAllocated = Math.Max(1, GC.GetTotalAllocatedBytes(precise: true) - stepBytes);
            var clocks = new Dictionary<string, ClockReading>();
            foreach (var clocked in analyzers.OfType<ClockedAnalyzer>())
            {
                var clock = clocked.Clock;
                clocks[NameOf(clocked)] = new ClockReading(clock.Milliseconds, clock.OutsidePausesMilliseconds, clock.Bytes,
                    clock.OutsidePausesMilliseconds + stepPauseMs * clock.Bytes / stepAllocated, clock.ByKind);
            }
            if (!options.TolerateAnalyzerExceptions && diagnostics.Any(d => d.Id == "AD0001"))
            {
                throw new InvalidOperationException("AD0001: " + diagnostics.First(d => d.Id == "AD0001"));
            }

            var execution = new Dictionary<string, double>();
            foreach (var analyzer in analyzers)
            {
                if (analyzer is not (EmptyAnalyzer or OperationBaselineAnalyzer or DeclarationPass) && analysis.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry))
                {
                    execution[NameOf(analyzer)] = telemetry.ExecutionTime.TotalMilliseconds;
                }
            }

            return new AnalyzerRun(diagnostics.Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal)).ToImmutableArray(), execution, clocks);
        }

        internal static (double Ms, T Value) Time<T>(Func<T> action)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            T value = action();
            double ms = stopwatch.Elapsed.TotalMilliseconds;
            LastCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            return (ms, value);
        }

        /// <summary>
        /// The process CPU time of the last <see cref="Time{T}"/> (all threads: the sequential compile or analysis, plus
        /// GC and JIT). Less sensitive than wall time to other processes on the machine; 10 ms resolution on Linux.
        /// </summary>
        internal static double LastCpuMs;

        /// <summary>The q-quantile by linear interpolation between the sorted values (0 for an empty list).</summary>
        internal static double Quantile(List<double> values, double q)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.OrderBy(v => v).ToList();
            double at = q * (sorted.Count - 1);
            int low = (int)Math.Floor(at);
            int high = Math.Min(low + 1, sorted.Count - 1);
            return sorted[low] + ((at - low) * (sorted[high] - sorted[low]));
        }

        private static string CompareLine(Result result)
            => FormattableString.Invariant(
                $"compared: cost {result.CompareCost:F1} ms ({Percent(result.CompareCost, result.Compile)}); per-run difference compared − this: median {result.DifferenceMedian:+0.0;-0.0;0.0} ms, quartiles {result.DifferenceLow:+0.0;-0.0;0.0} to {result.DifferenceHigh:+0.0;-0.0;0.0} ms; compared lower in {result.CompareLower} of {result.Pairs} runs");

        /// <summary>The middle value, or the mean of the two middle ones (0 for an empty list).</summary>
        internal static double Median(List<double> values) => Quantile(values, 0.5);
    }

    /// <summary>
    /// The second baseline: one no-op operation action on invocations. Any analyzer that uses IOperation (the .NET SDK's
    /// own CA analyzers do, in every net5+ build) makes the driver bind every method body and build its operation
    /// tree; this analyzer pays that shared price alone, so "all + this" over "this" is the marginal cost of
    /// SocketAnalyzers in a build that already runs IOperation analyzers.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OperationBaselineAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("BENCH001", "Operations", "Operations", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, Microsoft.CodeAnalysis.OperationKind.Invocation);
        }
    }

    /// <summary>
    /// Runs first in every analysis (the driver runs the compilation-start actions in the order of its analyzers, in a
    /// sequential analysis): the declaration pass and reference binding of the driver's own copy of the compilation,
    /// which the compiler does in a build (see <c>Analyze</c>). Not timed as an analyzer of the set.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DeclarationPass : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("BENCH002", "Declarations", "Declarations", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        // After s_rule: static fields are initialised in order, and the constructor reads it.
        internal static readonly DeclarationPass Instance = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // RS1012: the start action registers nothing on purpose; it exists to touch the driver's compilation first.
#pragma warning disable RS1012
            context.RegisterCompilationStartAction(start =>
#pragma warning restore RS1012
            {
                _ = start.Compilation.GetTypeByMetadataName("System.Object");
                _ = start.Compilation.SourceModule.ReferencedAssemblySymbols;
            });
        }
    }

    /// <summary>The first baseline: an analyzer that registers nothing, so the driver's own fixed cost is measured.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("BENCH000", "Empty", "Empty", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        }
    }
}
