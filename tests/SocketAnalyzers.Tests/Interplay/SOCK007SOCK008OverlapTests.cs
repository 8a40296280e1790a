using System;
using System.Linq;
using System.Threading.Tasks;
using SocketAnalyzers.Tests.Fuzz;

namespace SocketAnalyzers.Tests.Interplay
{
    /// <summary>
    /// What SOCK007 and SOCK008 report together on one listener that sets both reuse policies (documented in
    /// docs/rules/SOCK007.md and SOCK008.md, "Related rules"), with every analyzer running as in a build.
    /// </summary>
    public class SOCK007SOCK008OverlapTests
    {
        // A fixed port: SOCK007 leaves listeners on the constant port 0 alone (an OS-chosen port nobody else targets).
        private const string Template = """
            using System.Net;
            using System.Net.Sockets;

            class Server
            {
                void Run()
                {
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    FIRST;
                    SECOND;
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 8080));
                    listener.Listen();
                }
            }
            """;

        private const string Exclusive = "listener.ExclusiveAddressUse = true";
        private const string Reuse = "listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)";

        [Fact]
        public async Task ExclusiveAddressUse_then_ReuseAddress_is_reported_by_both_rules()
        {
            // ReuseAddress runs last and wins: the port is sharable (SOCK007) and the policy contradicts itself (SOCK008).
            Assert.Equal(new[] { "SOCK007 " + Reuse, "SOCK008 " + Reuse }, await ReportedAsync(Exclusive, Reuse));
        }

        [Fact]
        public async Task ReuseAddress_then_ExclusiveAddressUse_is_reported_by_SOCK008_alone()
        {
            // ExclusiveAddressUse = true runs last and wins before the bind: the port stays exclusive (runtime test
            // SOCK008ContradictoryReusePolicyRuntimeTests.ReuseAddress_then_ExclusiveAddressUse_keeps_the_port_exclusive),
            // so SOCK007's "other processes can share the port" would be wrong; only the contradiction is reported.
            Assert.Equal(new[] { "SOCK008 " + Reuse }, await ReportedAsync(Reuse, Exclusive));
        }

        private static async Task<string[]> ReportedAsync(string first, string second)
        {
            string source = Template.Replace("FIRST", first, StringComparison.Ordinal).Replace("SECOND", second, StringComparison.Ordinal);
            var compilation = AnalysisHarness.CreateCompilation(new[] { new SourceFile("/0/Server.cs", source) });
            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: false, default);
            Assert.Empty(run.AnalyzerExceptions);
            return run.AnalyzerDiagnostics
                .Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
