using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Benchmarks
{
    /// <summary>
    /// Reads a folder of real C# sources (a checkout of some repository, kept outside this repository) into syntax
    /// trees: every <c>.cs</c> file under it, except under <c>obj</c>, <c>bin</c> and <c>.git</c> folders. The files are
    /// compiled as one compilation against the net8.0 reference pack, or, grouped by project, one compilation per
    /// nearest <c>.csproj</c>. NuGet and project references are not resolved, so a real repository compiles with
    /// errors; the benchmark reports their count.
    /// </summary>
    public sealed class SourceFolder
    {
        /// <summary>The preprocessor symbols the .NET SDK defines for a net8.0 Release build.</summary>
        private static readonly string[] s_net8Symbols =
        {
            "NET", "NET8_0", "NETCOREAPP", "RELEASE", "TRACE",
            "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER",
            "NETCOREAPP1_0_OR_GREATER", "NETCOREAPP1_1_OR_GREATER", "NETCOREAPP2_0_OR_GREATER", "NETCOREAPP2_1_OR_GREATER",
            "NETCOREAPP2_2_OR_GREATER", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER",
        };

        /// <summary>The global usings of an SDK project with <c>ImplicitUsings</c> enabled (Microsoft.NET.Sdk).</summary>
        private const string ImplicitUsingsText =
            "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\n"
            + "global using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\n"
            + "global using global::System.Threading.Tasks;\n";

        private static readonly Regex s_implicitUsings = new(@"<ImplicitUsings>\s*(enable|true)\s*</ImplicitUsings>", RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public SourceFolder(string name, string root, ImmutableArray<SyntaxTree> trees, bool implicitUsings)
        {
            Name = name;
            Root = root;
            Trees = trees;
            ImplicitUsings = implicitUsings;
        }

        /// <summary>
        /// A compilation a real build made (<see cref="LoadCaptured"/>): its own references and options. Default (and
        /// null) for a folder read by <see cref="Load"/>, which is compiled against the net8.0 reference pack.
        /// </summary>
        public ImmutableArray<MetadataReference> References { get; private init; }

        public CSharpCompilationOptions? CompilationOptions { get; private init; }

        /// <summary>The captured compilation's assembly name (the benchmark's own, "Bench", for a folder).</summary>
        public string AssemblyName { get; private init; } = "Bench";

        /// <summary>The folder's name, or the project's path relative to the folder.</summary>
        public string Name { get; }

        public string Root { get; }

        /// <summary>The parsed sources (plus, when <see cref="ImplicitUsings"/>, one tree of SDK global usings).</summary>
        public ImmutableArray<SyntaxTree> Trees { get; }

        /// <summary>True when a project file (or a Directory.Build.props above the sources) enables ImplicitUsings.</summary>
        public bool ImplicitUsings { get; }

        public int SourceFiles => Trees.Count(t => !IsImplicitUsingsTree(t));

        public int Lines => Trees.Where(t => !IsImplicitUsingsTree(t)).Sum(t => t.GetText().Lines.Count);

        public static bool IsImplicitUsingsTree(SyntaxTree tree) => tree.FilePath.EndsWith("<ImplicitUsings>.g.cs", StringComparison.Ordinal);

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: s_net8Symbols);

        /// <summary>One compilation's worth of sources: the whole folder, or one group per nearest project file.</summary>
        public static List<SourceFolder> Load(string root, bool byProject)
        {
            root = Path.GetFullPath(root);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException(root);
            }

            var files = Enumerate(root).OrderBy(p => p, StringComparer.Ordinal).ToList();
            string folderName = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
            if (!byProject)
            {
                bool implicitUsings = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories).Any(EnablesImplicitUsings)
                    || Directory.EnumerateFiles(root, "Directory.Build.props", SearchOption.AllDirectories).Any(EnablesImplicitUsings);
                return new List<SourceFolder> { new(folderName, root, Parse(files, implicitUsings), implicitUsings) };
            }

            var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (string file in files)
            {
                string key = NearestProject(root, file) ?? "(no project)";
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = new List<string>();
                }

                list.Add(file);
            }

            var result = new List<SourceFolder>();
            foreach (var (project, list) in groups)
            {
                bool implicitUsings = project != "(no project)"
                    && (EnablesImplicitUsings(project) || PropsAbove(root, Path.GetDirectoryName(project)!).Any(EnablesImplicitUsings));
                string name = folderName + "/" + (project == "(no project)" ? project : Path.GetRelativePath(root, project));
                result.Add(new SourceFolder(name, root, Parse(list, implicitUsings), implicitUsings));
            }

            return result;
        }

        /// <summary>
        /// The compilations of a real build, one per <c>.rsp</c> file that <c>bench/capture/capture.sh</c> wrote into
        /// <paramref name="directory"/>: the compiler's own arguments (sources, references with their aliases, defines,
        /// language version, nullable, unsafe, warning options), read by Roslyn's command-line parser, plus the source
        /// generators' output of that build (read from disk, so no generator runs here). Not applied: the analyzer
        /// config files (they change diagnostic severities, not binding) and the build's analyzers.
        /// </summary>
        public static List<SourceFolder> LoadCaptured(string directory)
        {
            directory = Path.GetFullPath(directory);
            var result = new List<SourceFolder>();
            string group = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
            foreach (string rsp in Directory.EnumerateFiles(directory, "*.rsp").OrderBy(p => p, StringComparer.Ordinal))
            {
                string? projectDir = null, generatedDir = null;
                foreach (string line in File.ReadLines(rsp))
                {
                    projectDir ??= ValueAfter(line, "# project-dir: ");
                    generatedDir ??= ValueAfter(line, "# generated-dir: ");
                }

                if (projectDir == null)
                {
                    throw new InvalidDataException(rsp + " has no '# project-dir:' line: not written by bench/capture/capture.sh");
                }

                // The response file holds one argument per line, as MSBuild passed them; '#' lines are comments to the parser.
                var arguments = CSharpCommandLineParser.Default.Parse(new[] { "@" + rsp }, projectDir, sdkDirectory: null);
                var errors = arguments.Errors.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    throw new InvalidDataException(rsp + ": " + string.Join("; ", errors));
                }

                var parseOptions = arguments.ParseOptions;
                var paths = arguments.SourceFiles.Select(f => f.Path).ToList();
                if (generatedDir != null && Directory.Exists(generatedDir))
                {
                    paths.AddRange(Directory.EnumerateFiles(generatedDir, "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal));
                }

                var trees = paths.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f)), parseOptions, f)).ToImmutableArray();
                var references = arguments.MetadataReferences
                    .Select(r => (MetadataReference)MetadataReference.CreateFromFile(
                        Path.IsPathRooted(r.Reference) ? r.Reference : Path.Combine(projectDir, r.Reference), r.Properties))
                    .ToImmutableArray();
                // A key file is looked for beside the project, as the compiler does.
                var compilationOptions = arguments.CompilationOptions
                    .WithStrongNameProvider(new DesktopStrongNameProvider(ImmutableArray.Create(projectDir)));
                result.Add(new SourceFolder(group + "/" + Path.GetFileNameWithoutExtension(rsp), projectDir, trees, implicitUsings: false)
                {
                    References = references,
                    CompilationOptions = compilationOptions,
                    AssemblyName = arguments.CompilationName ?? Path.GetFileNameWithoutExtension(rsp),
                });
            }

            if (result.Count == 0)
            {
                throw new FileNotFoundException("no .rsp files (bench/capture/capture.sh output) in " + directory);
            }

            return result;
        }

        private static string? ValueAfter(string line, string prefix)
            => line.StartsWith(prefix, StringComparison.Ordinal) ? line.Substring(prefix.Length).Trim() : null;

        private static IEnumerable<string> Enumerate(string directory)
        {
            foreach (string file in Directory.EnumerateFiles(directory, "*.cs"))
            {
                yield return file;
            }

            foreach (string sub in Directory.EnumerateDirectories(directory))
            {
                string name = Path.GetFileName(sub);
                if (name.Equals("obj", StringComparison.OrdinalIgnoreCase) || name.Equals("bin", StringComparison.OrdinalIgnoreCase) || name == ".git")
                {
                    continue;
                }

                foreach (string file in Enumerate(sub))
                {
                    yield return file;
                }
            }
        }

        private static string? NearestProject(string root, string file)
        {
            for (string? dir = Path.GetDirectoryName(file); dir != null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
            {
                string? project = Directory.EnumerateFiles(dir, "*.csproj").OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault();
                if (project != null)
                {
                    return project;
                }
            }

            return null;
        }

        private static IEnumerable<string> PropsAbove(string root, string directory)
        {
            for (string? dir = directory; dir != null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
            {
                string props = Path.Combine(dir, "Directory.Build.props");
                if (File.Exists(props))
                {
                    yield return props;
                }
            }
        }

        private static bool EnablesImplicitUsings(string projectFile) => s_implicitUsings.IsMatch(File.ReadAllText(projectFile));

        private static ImmutableArray<SyntaxTree> Parse(List<string> files, bool implicitUsings)
        {
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f)), ParseOptions, f)).ToList();
            if (implicitUsings)
            {
                trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsingsText, ParseOptions, "<ImplicitUsings>.g.cs"));
            }

            return trees.ToImmutableArray();
        }
    }
}
