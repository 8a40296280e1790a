using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>One source file handed to the analyzers: a path (decides .g.cs handling) and its text.</summary>
    public sealed record SourceFile(string Path, string Text);

    /// <summary>The result of running every analyzer once on a compilation.</summary>
    public sealed record AnalysisRun(
        ImmutableArray<Diagnostic> AnalyzerDiagnostics,
        ImmutableArray<Exception> AnalyzerExceptions,
        Compilation Compilation)
    {
        /// <summary>Diagnostics of the SocketAnalyzers rules (not AD0001 and not compiler diagnostics).</summary>
        public ImmutableArray<Diagnostic> SocketDiagnostics
            => AnalyzerDiagnostics.Where(d => AnalyzerCatalog.SupportedIds.Contains(d.Id)).ToImmutableArray();

        /// <summary>Analyzer failures: exceptions passed to the exception handler and AD0001 diagnostics.</summary>
        public IEnumerable<string> Failures
            => AnalyzerExceptions.Select(e => e.ToString())
                .Concat(AnalyzerDiagnostics.Where(d => d.Id == "AD0001").Select(TestEnvironment.Describe));
    }

    /// <summary>
    /// Builds compilations like the rule tests do (net8.0 reference assemblies, C# preview, unsafe, nullable) and runs
    /// every analyzer of <see cref="AnalyzerCatalog"/> in one <see cref="CompilationWithAnalyzers"/>; applies every
    /// registered code fix (and each fixer's fix-all in document scope) to SocketAnalyzers diagnostics.
    /// </summary>
    public static class AnalysisHarness
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.Parse);

        public static CSharpCompilationOptions CompilationOptions(OutputKind kind)
            => new CSharpCompilationOptions(kind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                });

        /// <summary>An executable when a file has top-level statements, a library otherwise.</summary>
        public static OutputKind KindFor(IEnumerable<SyntaxTree> trees)
            => trees.Any(t => t.GetRoot() is CompilationUnitSyntax cu && cu.Members.OfType<GlobalStatementSyntax>().Any())
                ? OutputKind.ConsoleApplication
                : OutputKind.DynamicallyLinkedLibrary;

        // Empty compilations and projects holding the references, built once. Each input is added to one of them, so
        // every compilation shares the reference symbols instead of loading ~160 reference assemblies again.
        private static readonly Lazy<CSharpCompilation> s_library = new(() => EmptyCompilation(OutputKind.DynamicallyLinkedLibrary));
        private static readonly Lazy<CSharpCompilation> s_executable = new(() => EmptyCompilation(OutputKind.ConsoleApplication));
        private static readonly Lazy<Project> s_libraryProject = new(() => EmptyProject(OutputKind.DynamicallyLinkedLibrary));
        private static readonly Lazy<Project> s_executableProject = new(() => EmptyProject(OutputKind.ConsoleApplication));

        private static CSharpCompilation EmptyCompilation(OutputKind kind)
        {
            var compilation = CSharpCompilation.Create("FuzzProject", references: TestEnvironment.Net80References, options: CompilationOptions(kind));
            _ = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket"); // binds the references
            return compilation;
        }

        private static Project EmptyProject(OutputKind kind)
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId("FuzzProject");
            var project = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "FuzzProject", "FuzzProject", LanguageNames.CSharp,
                filePath: "/0/FuzzProject.csproj",
                compilationOptions: CompilationOptions(kind), parseOptions: ParseOptions,
                metadataReferences: TestEnvironment.Net80References)).GetProject(projectId)!;
            _ = project.GetCompilationAsync().GetAwaiter().GetResult()!.GetTypeByMetadataName("System.Net.Sockets.Socket");
            return project;
        }

        public static CSharpCompilation CreateCompilation(IReadOnlyList<SourceFile> sources, CancellationToken cancellationToken = default)
        {
            var trees = sources
                .Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8), ParseOptions, s.Path, cancellationToken))
                .ToList();
            var empty = KindFor(trees) == OutputKind.ConsoleApplication ? s_executable.Value : s_library.Value;
            return empty.AddSyntaxTrees(trees);
        }

        public static async Task<AnalysisRun> AnalyzeAsync(
            Compilation compilation, bool concurrent, CancellationToken cancellationToken,
            ImmutableArray<DiagnosticAnalyzer> analyzers = default, AnalyzerOptions? options = null)
        {
            if (analyzers.IsDefault)
            {
                analyzers = AnalyzerCatalog.CreateAnalyzers();
            }

            var exceptions = new ConcurrentQueue<Exception>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, _, _) => exceptions.Enqueue(exception),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            return new AnalysisRun(diagnostics, exceptions.ToImmutableArray(), compilation);
        }

        /// <summary>A one-project workspace solution holding <paramref name="sources"/>, with the harness's options.</summary>
        public static Project CreateProject(IReadOnlyList<SourceFile> sources)
        {
            var kind = KindFor(sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions)));
            var project = kind == OutputKind.ConsoleApplication ? s_executableProject.Value : s_libraryProject.Value;
            foreach (var source in sources)
            {
                project = project.AddDocument(System.IO.Path.GetFileName(source.Path), SourceText.From(source.Text, Encoding.UTF8),
                    filePath: source.Path).Project;
            }

            return project;
        }

        /// <summary>
        /// Runs every registered code action of every fixer for each SocketAnalyzers diagnostic of the project, and
        /// each fixer's fix-all in document scope, forcing the changed documents to be parsed. Returns the number of
        /// code actions applied. Exceptions propagate to the caller.
        /// </summary>
        public static async Task<int> ApplyAllFixesAsync(Project project, ImmutableArray<CodeFixProvider> fixers, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("no compilation");
            var run = await AnalyzeAsync(compilation, concurrent: false, cancellationToken).ConfigureAwait(false);
            if (run.Failures.Any())
            {
                throw new InvalidOperationException("analyzer failure in the workspace project:\n" + string.Join("\n", run.Failures));
            }

            var diagnostics = run.SocketDiagnostics;
            int applied = 0;
            var fixedAll = new HashSet<(string?, Type, string?)>();
            foreach (var diagnostic in diagnostics)
            {
                var document = project.Documents.FirstOrDefault(d => d.FilePath == diagnostic.Location.SourceTree?.FilePath);
                if (document is null)
                {
                    continue;
                }

                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    foreach (var action in actions)
                    {
                        await ApplyAsync(project.Solution, action, cancellationToken).ConfigureAwait(false);
                        applied++;
                    }

                    // Fix-all where there is more than one diagnostic to batch (with one, it is the single fix again).
                    var fixAll = diagnostics.Count(d => fixer.FixableDiagnosticIds.Contains(d.Id)
                        && d.Location.SourceTree?.FilePath == document.FilePath) > 1 ? fixer.GetFixAllProvider() : null;
                    foreach (var key in actions.Select(a => a.EquivalenceKey).Distinct())
                    {
                        if (fixAll is null || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
                        {
                            break;
                        }

                        if (!fixedAll.Add((document.FilePath, fixer.GetType(), key)))
                        {
                            continue;
                        }

                        var fixAllContext = new FixAllContext(document, fixer, FixAllScope.Document, key,
                            fixer.FixableDiagnosticIds, new FixedDiagnosticProvider(diagnostics), cancellationToken);
                        if (await fixAll.GetFixAsync(fixAllContext).ConfigureAwait(false) is { } fixAllAction)
                        {
                            await ApplyAsync(project.Solution, fixAllAction, cancellationToken).ConfigureAwait(false);
                            applied++;
                        }
                    }
                }
            }

            return applied;
        }

        private static async Task ApplyAsync(Solution original, CodeAction action, CancellationToken cancellationToken)
        {
            foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is not ApplyChangesOperation apply)
                {
                    continue;
                }

                foreach (var projectChanges in apply.ChangedSolution.GetChanges(original).GetProjectChanges())
                {
                    foreach (var id in projectChanges.GetChangedDocuments().Concat(projectChanges.GetAddedDocuments()))
                    {
                        var changed = apply.ChangedSolution.GetDocument(id);
                        if (changed != null)
                        {
                            _ = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }

        private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => !d.Location.IsInSource));
        }

        /// <summary>Diagnostics in a stable order, rendered as text, for comparing runs.</summary>
        public static ImmutableArray<string> Sorted(IEnumerable<Diagnostic> diagnostics)
            => diagnostics
                .Select(d => (Path: d.Location.SourceTree?.FilePath ?? string.Empty, d.Location.SourceSpan.Start, d.Location.SourceSpan.End, d.Id,
                    Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
                .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Start).ThenBy(d => d.End)
                .ThenBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
                .Select(d => FormattableString.Invariant($"{d.Path}[{d.Start}..{d.End}) {d.Id}: {d.Message}"))
                .ToImmutableArray();
    }
}
