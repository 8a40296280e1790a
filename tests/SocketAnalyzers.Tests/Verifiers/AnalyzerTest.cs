using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// A compact stand-in for Microsoft.CodeAnalysis.Testing's CSharpAnalyzerTest: builds a one-project solution from
    /// the test sources, runs the analyzer, and compares its diagnostics (plus compiler errors) with the markup and
    /// <see cref="SolutionState.ExpectedDiagnostics"/>. Any analyzer exception (AD0001) fails the test.
    /// </summary>
    public class AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public SolutionState TestState { get; } = new();

        public string TestCode
        {
            set => TestState.Sources.Add(value);
        }

        public List<DiagnosticResult> ExpectedDiagnostics => TestState.ExpectedDiagnostics;

        public CompilerDiagnostics CompilerDiagnostics { get; set; } = CompilerDiagnostics.Errors;

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Preview;

        public bool AllowUnsafeBlocks { get; set; } = true;

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Enable;

        /// <summary>Diagnostic ids to leave out of the comparison (e.g. warnings the test does not care about).</summary>
        public List<string> DisabledDiagnostics { get; } = new();

        public CancellationToken CancellationToken { get; set; }

        public virtual async Task RunAsync()
        {
            var analyzer = new TAnalyzer();
            var (solution, expected) = CreateSolution(TestState);
            var actual = await GetDiagnosticsAsync(solution.Projects.Single(), analyzer, CancellationToken).ConfigureAwait(false);
            VerifyDiagnostics(analyzer, expected, actual, solution, "the test state");
        }

        internal (Solution Solution, List<DiagnosticResult> Expected) CreateSolution(SolutionState state)
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId("TestProject");
            var compilationOptions = new CSharpCompilationOptions(
                    state.OutputKind ?? OutputKind.DynamicallyLinkedLibrary,
                    allowUnsafe: AllowUnsafeBlocks,
                    nullableContextOptions: NullableContextOptions)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    // Unused-variable style warnings are noise in test snippets.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                });
            var parseOptions = new CSharpParseOptions(LanguageVersion, DocumentationMode.Diagnose);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "TestProject", "TestProject",
                    LanguageNames.CSharp, filePath: "/0/TestProject.csproj",
                    compilationOptions: compilationOptions, parseOptions: parseOptions,
                    metadataReferences: TestEnvironment.Net80References.Concat(state.AdditionalReferences)));

            var expected = new List<DiagnosticResult>();
            var locations = new Dictionary<int, (string Path, TextSpan Span)>();
            foreach (var (path, content) in state.Sources)
            {
                string text = content;
                if (!state.MarkupHandling_None)
                {
                    var parsed = TestMarkup.Parse(content);
                    text = parsed.Text;
                    foreach (var marked in parsed.Spans)
                    {
                        if (marked.LocationKey is { } key)
                        {
                            locations[key] = (path, marked.Span);
                        }
                        else
                        {
                            expected.Add(DiagnosticResult.FromMarkup(marked.Id, path, marked.Span));
                        }
                    }
                }

                var documentId = DocumentId.CreateNewId(projectId, path);
                solution = solution.AddDocument(documentId, System.IO.Path.GetFileName(path),
                    SourceText.From(text, Encoding.UTF8), filePath: path);
            }

            foreach (var (path, content) in state.AnalyzerConfigFiles)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId, path),
                    System.IO.Path.GetFileName(path), SourceText.From(content, Encoding.UTF8), filePath: path);
            }

            foreach (var result in state.ExpectedDiagnostics)
            {
                if (result.LocationKey is { } key)
                {
                    if (!locations.TryGetValue(key, out var location))
                    {
                        throw new VerificationException("no markup location {|#" + key + ":...|} for " + result);
                    }

                    expected.Add(result.WithResolvedSpan(location.Path, location.Span));
                }
                else
                {
                    expected.Add(result);
                }
            }

            return (solution, expected);
        }

        /// <summary>The analyzer's diagnostics plus the compiler diagnostics this test compares.</summary>
        internal async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(
            Project project, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new VerificationException("no compilation");
            var analyzerDiagnostics = await GetAnalyzerDiagnosticsAsync(project, compilation, analyzer, cancellationToken).ConfigureAwait(false);
            var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken).Where(d => CompilerDiagnostics switch
            {
                CompilerDiagnostics.Errors => d.Severity == DiagnosticSeverity.Error,
                CompilerDiagnostics.Warnings => d.Severity >= DiagnosticSeverity.Warning,
                _ => false,
            });
            return analyzerDiagnostics.Concat(compilerDiagnostics)
                .Where(d => !DisabledDiagnostics.Contains(d.Id))
                .ToImmutableArray();
        }

        internal static async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(
            Project project, Compilation compilation, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken)
        {
            var exceptions = new ConcurrentQueue<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                (exception, _, _) => exceptions.Enqueue(exception),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            if (!exceptions.IsEmpty || diagnostics.Any(d => d.Id == "AD0001"))
            {
                throw new VerificationException("The analyzer threw (AD0001):\n" + string.Join("\n", exceptions)
                    + string.Join("\n", diagnostics.Where(d => d.Id == "AD0001")));
            }

            return diagnostics;
        }

        internal static void VerifyDiagnostics(
            DiagnosticAnalyzer analyzer, List<DiagnosticResult> expected, ImmutableArray<Diagnostic> actual,
            Solution solution, string what)
        {
            var supported = analyzer.SupportedDiagnostics;
            var remaining = actual.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            var missing = new List<DiagnosticResult>();
            foreach (var result in expected)
            {
                var match = remaining.FirstOrDefault(d => Matches(result, d, supported));
                if (match is null)
                {
                    missing.Add(result);
                }
                else
                {
                    remaining.Remove(match);
                }
            }

            if (missing.Count == 0 && remaining.Count == 0)
            {
                return;
            }

            var b = new StringBuilder();
            b.Append("Diagnostics in ").Append(what).AppendLine(" do not match.");
            if (missing.Count > 0)
            {
                b.AppendLine("Expected but not reported:");
                foreach (var m in missing)
                {
                    b.Append("  ").AppendLine(m.ToString());
                }
            }

            if (remaining.Count > 0)
            {
                b.AppendLine("Reported but not expected:");
                foreach (var d in remaining)
                {
                    b.Append("  ").AppendLine(Describe(d));
                }
            }

            b.AppendLine("All reported:");
            foreach (var d in actual)
            {
                b.Append("  ").AppendLine(Describe(d));
            }

            throw new VerificationException(b.ToString());
        }

        internal static string Describe(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            string snippet = d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan) ?? string.Empty;
            return FormattableString.Invariant(
                $"{d.Id} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) '{snippet}': {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        private static bool Matches(DiagnosticResult expected, Diagnostic actual, ImmutableArray<DiagnosticDescriptor> supported)
        {
            if (expected.Id is null)
            {
                if (supported.Length != 1)
                {
                    throw new VerificationException(
                        "[|...|] markup needs an analyzer with exactly one rule; use {|ID:...|} instead");
                }

                if (actual.Id != supported[0].Id)
                {
                    return false;
                }
            }
            else if (expected.Id != actual.Id)
            {
                return false;
            }

            if (expected.Severity is { } severity && actual.Severity != severity)
            {
                return false;
            }

            if (expected.Span is { } span)
            {
                if (actual.Location.SourceSpan != span || actual.Location.SourceTree?.FilePath != expected.Path)
                {
                    return false;
                }
            }
            else if (expected.LineSpan is { } lineSpan)
            {
                var actualSpan = actual.Location.GetLineSpan();
                if (actualSpan.Span != lineSpan.Span
                    || (!string.IsNullOrEmpty(lineSpan.Path) && actualSpan.Path != lineSpan.Path))
                {
                    return false;
                }
            }

            string message = actual.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (expected.Message is { } expectedMessage && message != expectedMessage)
            {
                return false;
            }

            if (!expected.Arguments.IsDefault)
            {
                string format = actual.Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string formatted = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, expected.Arguments.ToArray());
                if (formatted != message)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
