using System.Threading.Tasks;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    SocketAnalyzers.ServerClosesFirstAnalyzer>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK003 and a connection given a zero linger (a shape of the widened real-world check, docs/precision.md): the
    /// server's close then sends RST, not FIN, and neither side keeps a TIME_WAIT, so "every connection leaves a socket
    /// in TIME_WAIT" would be false. SOCK014 reports the reset; SOCK003 stays silent. A non-zero linger still closes
    /// with FIN and is still reported.
    /// </summary>
    public class SOCK003RealWorldTests
    {
        private const string ServerTemplate = """
            using System.Net;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            static class ThanksServer
            {
                public static async Task RunAsync()
                {
                    var listener = new TcpListener(IPAddress.Loopback, 5050);
                    listener.Start();
                    while (true)
                    {
                        using (TcpClient client = await listener.AcceptTcpClientAsync())
                        {
                            LINGER
                            MARK_STARTusing (NetworkStream stream = client.GetStream())MARK_END
                            {
                                var buffer = new byte[64];
                                int n = await stream.ReadAsync(buffer, 0, buffer.Length);
                                byte[] reply = Encoding.UTF8.GetBytes("got " + n);
                                await stream.WriteAsync(reply, 0, reply.Length);
                            }
                        }
                    }
                }
            }
            """;

        // The argument of the rule's message for this server: the close is the end of the inner using.
        private const string UsingEndMessage =
            "the end of the using statement";

        private static string Server(string linger, bool marked)
            => ServerTemplate.Replace("LINGER", linger)
                .Replace("MARK_START", marked ? "{|#0:" : string.Empty)
                .Replace("MARK_END", marked ? "|}" : string.Empty);

        [Fact]
        public async Task A_zero_linger_set_through_LingerState_makes_the_close_a_reset_and_SOCK003_is_silent()
        {
            await VerifyCS.VerifyAnalyzerAsync(Server("client.LingerState = new LingerOption(true, 0);", marked: false));
        }

        [Fact]
        public async Task A_zero_linger_set_on_the_underlying_socket_is_silent_too()
        {
            await VerifyCS.VerifyAnalyzerAsync(Server("client.Client.LingerState = new LingerOption(enable: true, seconds: 0);", marked: false));
        }

        [Fact]
        public async Task A_zero_linger_set_through_SetSocketOption_is_silent()
        {
            await VerifyCS.VerifyAnalyzerAsync(Server(
                "client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));", marked: false));
        }

        [Fact]
        public async Task A_non_zero_linger_still_closes_with_FIN_first_and_is_reported()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                Server("client.LingerState = new LingerOption(true, 5);", marked: true),
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithArguments(UsingEndMessage));
        }

        [Fact]
        public async Task Without_any_linger_setting_the_server_is_reported()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                Server(string.Empty, marked: true),
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithArguments(UsingEndMessage));
        }
    }
}
