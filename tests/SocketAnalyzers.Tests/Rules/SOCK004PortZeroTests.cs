using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ClientFixedPortWithReuseAnalyzer,
    SocketAnalyzers.CodeFixes.ClientFixedPortWithReuseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// "Bind local port 0" leaves what a reviewer would accept: no reuse statement (nothing to reuse with a port the
    /// system picks), no bind of a wildcard endpoint (the connect binds one by itself), and a bind that picks a local
    /// address kept, on port 0.
    /// </summary>
    public class SOCK004PortZeroTests
    {
        private const string Usings = "using System.Net;\nusing System.Net.Sockets;\nusing System.Threading.Tasks;\n";

        private static Task VerifyPortZeroAsync(string source, string fixedSource)
            => new VerifyCS.Test
            {
                TestCode = Usings + source,
                FixedCode = Usings + fixedSource,
                CodeActionEquivalenceKey = ClientFixedPortWithReuseCodeFixProvider.BindPortZeroKey,
            }.RunAsync();

        [Fact]
        public async Task TcpClient_bound_to_a_specific_address_keeps_the_bind_on_port_zero_and_loses_the_reuse()
        {
            string source = """
                class Client
                {
                    void Run(IPAddress host)
                    {
                        var client = new TcpClient(AddressFamily.InterNetwork);
                        [|client.ExclusiveAddressUse = false|];
                        client.Client.Bind(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 40000));
                        client.Connect(host, 443);
                    }
                }
                """;
            string fixedSource = """
                class Client
                {
                    void Run(IPAddress host)
                    {
                        var client = new TcpClient(AddressFamily.InterNetwork);
                        client.Client.Bind(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 0));
                        client.Connect(host, 443);
                    }
                }
                """;
            await VerifyPortZeroAsync(source, fixedSource);
        }

        [Fact]
        public async Task IPv6Any_bind_of_a_TcpClient_goes_with_the_reuse_statement()
        {
            string source = """
                class Client
                {
                    async Task RunAsync(IPAddress host)
                    {
                        using var client = new TcpClient(AddressFamily.InterNetworkV6);
                        [|client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        client.Client.Bind(new IPEndPoint(IPAddress.IPv6Any, 50000));
                        await client.ConnectAsync(host, 443);
                    }
                }
                """;
            string fixedSource = """
                class Client
                {
                    async Task RunAsync(IPAddress host)
                    {
                        using var client = new TcpClient(AddressFamily.InterNetworkV6);
                        await client.ConnectAsync(host, 443);
                    }
                }
                """;
            await VerifyPortZeroAsync(source, fixedSource);
        }
    }
}
