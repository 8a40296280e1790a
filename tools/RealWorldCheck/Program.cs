using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.RealWorldCheck
{
    /// <summary>
    /// Usage: RealWorldCheck ROOT... . Each ROOT is a checked-out repository. Its .cs files (outside bin/obj) are grouped
    /// by the nearest folder holding a .csproj (one compilation per project folder, so that types of different projects
    /// do not collide) and compiled against the net8.0 reference pack; unresolved references to the projects' own
    /// dependencies are left as errors, which is fine as long as the socket types bind. Prints one line per finding:
    /// ID<TAB>path:line<TAB>message.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Symbols =
        {
            "NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER",
            "NET8_0", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "NETCOREAPP2_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER",
            "RELEASE", "TRACE",
        };

        private static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: RealWorldCheck ROOT...");
                return 2;
            }

            string refDir = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetCoreAppRefDir").Value!;
            var references = Directory.GetFiles(refDir, "*.dll").OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
            var analyzers = typeof(SocketAnalyzers.AbortiveCloseAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>(inherit: false) is not null)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
            // Only what a host loads: types that carry [DiagnosticAnalyzer] themselves (not inherited), as the compiler's
            // analyzer loader reads them. The reuse family's one-rule views have no attribute and must not run twice.
            Console.Error.WriteLine("analyzers: " + string.Join(", ", analyzers.Select(a => a.GetType().Name + "(" + string.Join("/", a.SupportedDiagnostics.Select(d => d.Id).Distinct()) + ")")));
            var parseOptions = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: Symbols);
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

            int total = 0;
            foreach (string root in args)
            {
                string fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
                var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (string file in Directory.EnumerateFiles(fullRoot, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    string rel = Path.GetRelativePath(fullRoot, file);
                    if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
                    {
                        continue;
                    }

                    string key = ProjectFolder(fullRoot, Path.GetDirectoryName(file)!);
                    if (!groups.TryGetValue(key, out var list))
                    {
                        groups[key] = list = new List<string>();
                    }

                    list.Add(file);
                }

                int files = 0, findings = 0;
                foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var trees = group.Value.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, path: Path.GetRelativePath(fullRoot, f))).ToList();
                    files += trees.Count;
                    var compilation = CSharpCompilation.Create("Check", trees, references, options);
                    var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: (e, a, d) =>
                            Console.Error.WriteLine("ANALYZER EXCEPTION " + a.GetType().Name + ": " + e), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
                    var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
                    foreach (var d in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
                    {
                        var span = d.Location.GetLineSpan();
                        Console.WriteLine($"{d.Id}\t{Path.GetFileName(fullRoot)}/{span.Path}:{span.StartLinePosition.Line + 1}\t{d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
                        findings++;
                    }
                }

                Console.Error.WriteLine($"{Path.GetFileName(fullRoot)}: {groups.Count} project folders, {files} files, {findings} findings");
                total += findings;
            }

            Console.Error.WriteLine($"total findings: {total}");
            return 0;
        }

        private static string ProjectFolder(string root, string dir)
        {
            for (string? d = dir; d is not null && d.Length >= root.Length; d = Path.GetDirectoryName(d))
            {
                if (Directory.EnumerateFiles(d, "*.csproj").Any())
                {
                    return d;
                }
            }

            return root;
        }
    }
}
