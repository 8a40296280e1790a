using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK000: an invalid socket_analyzers.SOCK003.scope is reported once per compilation and value, with no
    /// location (it is about configuration); valid values and no value report nothing. Written against the Roslyn
    /// API directly so that the per-file options of several trees can differ.
    /// </summary>
    public class SOCK000OptionValueTests
    {
        private const string Source = "class C { }";

        [Theory]
        [InlineData(null)]
        [InlineData("accept_loop")]
        [InlineData("any_accepted")]
        [InlineData(" Any_Accepted ")]
        public async Task Valid_or_absent_scope_reports_nothing(string? value)
        {
            var diagnostics = await RunAsync(value is null ? new[] { (string?)null } : new[] { value });
            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task Invalid_scope_is_reported_once_per_value_without_a_location()
        {
            // Three files, two with the same typo and one with another: two diagnostics, one per distinct value.
            var diagnostics = await RunAsync(new[] { "any-accepted", "any-accepted", "all", null });
            Assert.Equal(2, diagnostics.Length);
            Assert.All(diagnostics, d =>
            {
                Assert.Equal("SOCK000", d.Id);
                Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
                Assert.Equal(Location.None, d.Location);
            });
            Assert.Equal(
                new[]
                {
                    "'all' is not a valid value of socket_analyzers.SOCK003.scope (valid: accept_loop, any_accepted); the default, accept_loop, applies",
                    "'any-accepted' is not a valid value of socket_analyzers.SOCK003.scope (valid: accept_loop, any_accepted); the default, accept_loop, applies",
                },
                diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal));
        }

        [Fact]
        public async Task Invalid_global_value_is_reported()
        {
            var diagnostics = await RunAsync(new string?[] { null }, globalValue: "yes");
            var diagnostic = Assert.Single(diagnostics);
            Assert.Contains("'yes'", diagnostic.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_invalid_value_keeps_SOCK003_at_its_default()
        {
            // A one-shot accept (not in a loop) is flagged only with any_accepted; a typo of it must behave as the default.
            const string server = """
                using System.Net.Sockets;
                class Code
                {
                    void OneShot(TcpListener listener)
                    {
                        using var client = listener.AcceptTcpClient();
                        client.GetStream().WriteByte(1);
                    }
                }
                """;
            var typo = await RunAsync(new string?[] { "any-accepted" }, source: server, analyzer: new ServerClosesFirstAnalyzer());
            Assert.Empty(typo);
            var valid = await RunAsync(new string?[] { "any_accepted" }, source: server, analyzer: new ServerClosesFirstAnalyzer());
            Assert.Single(valid, d => d.Id == "SOCK003");
        }

        private static async Task<ImmutableArray<Diagnostic>> RunAsync(
            IReadOnlyList<string?> perFileValues, string? globalValue = null, string source = Source, DiagnosticAnalyzer? analyzer = null)
        {
            var trees = perFileValues
                .Select((_, i) => CSharpSyntaxTree.ParseText(source.Replace("class C", "class C" + i, StringComparison.Ordinal), path: $"/src/File{i}.cs"))
                .ToList();
            var perTree = new Dictionary<SyntaxTree, AnalyzerConfigOptions>();
            for (int i = 0; i < trees.Count; i++)
            {
                perTree[trees[i]] = Options.With(perFileValues[i] ?? globalValue);
            }

            var compilation = CSharpCompilation.Create(
                "Sock000", trees, TestEnvironment.Net80References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var provider = new OptionsProvider(perTree, Options.With(globalValue));
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider);
            var exceptions = new List<Exception>();
            var withAnalyzers = compilation.WithAnalyzers(
                ImmutableArray.Create(analyzer ?? new OptionValueAnalyzer()),
                new CompilationWithAnalyzersOptions(options, (e, _, _) => { lock (exceptions) { exceptions.Add(e); } }, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            Assert.Empty(exceptions);
            return diagnostics;
        }

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string? _scope;

            private Options(string? scope) => _scope = scope;

            public static Options With(string? scope) => new(scope);

            public override bool TryGetValue(string key, out string value)
            {
                if (_scope != null && key == "socket_analyzers.SOCK003.scope")
                {
                    value = _scope;
                    return true;
                }

                value = null!;
                return false;
            }
        }

        private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _perTree;

            public OptionsProvider(Dictionary<SyntaxTree, AnalyzerConfigOptions> perTree, AnalyzerConfigOptions global)
            {
                _perTree = perTree;
                GlobalOptions = global;
            }

            public override AnalyzerConfigOptions GlobalOptions { get; }

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _perTree.TryGetValue(tree, out var o) ? o : GlobalOptions;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
        }
    }
}
