using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// A compilation that cannot see System.Net.Sockets and declares no socket function gets no actions from any
    /// analyzer beyond the compilation-start check, so it pays nothing for SocketAnalyzers.
    /// </summary>
    public class RegistrationTests
    {
        private const string Source = """
            using System.Linq;
            public static class Numbers
            {
                public static int Sum(int[] values) => values.Where(v => v > 0).Sum();
                public static string Describe(object o) => o switch { int i => "int " + i, _ => o.ToString() ?? "" };
            }
            """;

        private static async Task<ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo>> TelemetryAsync(string source, bool withSockets)
        {
            var references = TestEnvironment.Net80References.Where(r => withSockets
                || Path.GetFileName(r.Display) is not ("System.Net.Sockets.dll" or "System.Net.Primitives.dll"));
            var compilation = CSharpCompilation.Create("Registration", new[] { CSharpSyntaxTree.ParseText(source) }, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            var analyzers = AnalyzerCatalog.CreateAnalyzers();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                concurrentAnalysis: false, logAnalyzerExecutionTime: false));
            var result = await withAnalyzers.GetAnalysisResultAsync(default);
            Assert.Empty(result.GetAllDiagnostics().Where(d => d.Id.StartsWith("SOCK", System.StringComparison.Ordinal) || d.Id == "AD0001"));
            return result.AnalyzerTelemetryInfo;
        }

        private static int NonStartActions(AnalyzerTelemetryInfo t)
            => t.CodeBlockActionsCount + t.CodeBlockEndActionsCount + t.CodeBlockStartActionsCount + t.CompilationActionsCount
               + t.CompilationEndActionsCount + t.OperationActionsCount + t.OperationBlockActionsCount
               + t.OperationBlockEndActionsCount + t.OperationBlockStartActionsCount + t.SemanticModelActionsCount
               + t.SymbolActionsCount + t.SymbolStartActionsCount + t.SymbolEndActionsCount + t.SyntaxNodeActionsCount
               + t.SyntaxTreeActionsCount + t.AdditionalFileActionsCount;

        [Fact]
        public async Task Without_socket_types_or_socket_functions_no_analyzer_registers_an_action()
        {
            var telemetry = await TelemetryAsync(Source, withSockets: false);
            Assert.Equal(AnalyzerCatalog.AnalyzerTypes.Length, telemetry.Count);
            foreach (var (analyzer, info) in telemetry)
            {
                Assert.True(NonStartActions(info) == 0, analyzer.GetType().Name + " registered actions in a socket-free compilation");
            }
        }

        // Every word of every family's prefilter, in a type that uses them (nothing here is wrong enough to report).
        private const string SocketWordsSource = """
            public static class Uses
            {
                public static void M(System.Net.Sockets.Socket s, System.Net.Sockets.TcpListener l)
                {
                    s.Listen(1);
                    s.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Tcp, System.Net.Sockets.SocketOptionName.NoDelay, true);
                    s.LingerState = new System.Net.Sockets.LingerOption(true, 5);
                    s.Close(5);
                    _ = l.AcceptSocketAsync();
                    _ = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    int one = 1;
                    _ = setsockopt(3, 6, 1, ref one, sizeof(int));
                }

                [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
                private static extern int setsockopt(int fd, int level, int name, ref int value, int length);
            }
            """;

        [Fact]
        public async Task With_socket_types_but_no_socket_word_no_rule_family_registers_an_action()
        {
            // Socket resolves in every net8.0 compilation; code that names no word of a family pays nothing for it.
            var telemetry = await TelemetryAsync(Source, withSockets: true);
            foreach (var (analyzer, info) in telemetry.Where(pair => pair.Key is not OptionValueAnalyzer))
            {
                Assert.True(NonStartActions(info) == 0, analyzer.GetType().Name + " registered actions in code that names no socket word");
            }
        }

        [Fact]
        public async Task With_socket_types_every_analyzer_registers_its_actions()
        {
            // The control for the tests above: the same count is not zero when there is something to analyse.
            var telemetry = await TelemetryAsync(Source + SocketWordsSource, withSockets: true);
            foreach (var (analyzer, info) in telemetry)
            {
                Assert.True(NonStartActions(info) > 0, analyzer.GetType().Name + " registered nothing although System.Net.Sockets is referenced");
            }
        }

        [Fact]
        public async Task A_source_declared_socket_function_turns_the_raw_checks_on_without_System_Net_Sockets()
        {
            var telemetry = await TelemetryAsync(Source + """
                public static class Native
                {
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
                    public static extern int listen(int fd, int backlog);
                }
                """, withSockets: false);
            Assert.Contains(telemetry, pair => pair.Key is PInvokeAnalyzer && NonStartActions(pair.Value) > 0);
            // SOCK001's raw check ships in ReusePolicyAnalyzer (the one-rule views are not loaded by hosts).
            Assert.Contains(telemetry, pair => pair.Key is ReusePolicyAnalyzer && NonStartActions(pair.Value) > 0);
        }
    }
}
