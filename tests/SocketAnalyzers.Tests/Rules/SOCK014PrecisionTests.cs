using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.AbortiveCloseAnalyzer,
    SocketAnalyzers.CodeFixes.AbortiveCloseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>SOCK014: Close(0) is abortive; deliberate aborts (by name, fault injection, tests, never-connected sockets) are not flagged.</summary>
    public class SOCK014PrecisionTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\nusing System.Threading.Tasks;\n";

        [Fact]
        public async Task Close_zero_is_flagged_and_becomes_Close()
        {
            string source = Usings + """
                class Server
                {
                    void Reply(Socket client, byte[] data)
                    {
                        client.Send(data);
                        {|#0:client.Close(0)|};
                    }

                    void Other(Socket client)
                    {
                        client.Close(1);
                        client.Close();
                    }
                }
                """;
            string fixedSource = Usings + """
                class Server
                {
                    void Reply(Socket client, byte[] data)
                    {
                        client.Send(data);
                        client.Close();
                    }

                    void Other(Socket client)
                    {
                        client.Close(1);
                        client.Close();
                    }
                }
                """;
            var test = new CodeFixTest<AbortiveCloseAnalyzer, AbortiveCloseCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK014").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("Close(0)", "sends RST instead of FIN", "use Close() (or a timeout of at least 1 s)"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Close_zero_through_a_constant_is_flagged_but_a_variable_timeout_is_not()
        {
            string source = Usings + """
                class Server
                {
                    const int NoWait = 0;

                    void Reply(Socket client, int timeout)
                    {
                        [|client.Close(NoWait)|];
                        client.Close(timeout);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("Abort")]
        [InlineData("AbortConnection")]
        [InlineData("ResetPeer")]
        [InlineData("KillSession")]
        [InlineData("Terminate")]
        [InlineData("InjectFault")]
        [InlineData("OnConnectionReset")]
        public async Task A_member_named_for_the_abort_is_silent(string name)
        {
            string source = Usings + $$"""
                class Connection
                {
                    private Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    public void {{name}}()
                    {
                        _socket.LingerState = new LingerOption(true, 0);
                        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
                        _socket.Close(0);
                        Action later = () => _socket.Disconnect(true);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("Abortable")]
        [InlineData("Skill")]
        [InlineData("Resetting")]
        public async Task Names_that_only_contain_the_letters_are_still_flagged(string name)
        {
            string source = Usings + $$"""
                class Connection
                {
                    private Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    public void {{name}}()
                    {
                        _socket.Send(new byte[1]);
                        [|_socket.Close(0)|];
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_type_named_for_fault_injection_is_silent_but_a_connections_Dispose_is_flagged()
        {
            string source = Usings + """
                class ChaosMonkey
                {
                    public void Hit(Socket s) => s.LingerState = new LingerOption(true, 0);
                }

                class Connection : IDisposable
                {
                    private readonly Socket _socket;
                    public Connection(Socket socket) => _socket = socket;
                    public void Send(byte[] data) => _socket.Send(data);
                    public void Dispose()
                    {
                        [|_socket.LingerState = new LingerOption(true, 0)|];
                        _socket.Dispose();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Test_code_is_silent()
        {
            string source = Usings + """
                class FactAttribute : Attribute { }
                class TestAttribute : Attribute { }

                class Probe
                {
                    [Fact]
                    public void Client_sees_reset(Socket s) => s.LingerState = new LingerOption(true, 0);

                    [Test]
                    public void Another(Socket s) => s.Close(0);
                }

                class ServerTests
                {
                    public void Helper(Socket s) => s.Disconnect(true);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Disconnect_true_on_a_socket_never_connected_is_silent()
        {
            string source = Usings + """
                class Pool
                {
                    Socket Fresh()
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                        s.Disconnect(true);
                        return s;
                    }

                    void Used(EndPoint remote)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(remote);
                        s.Send(new byte[1]);
                        [|s.Disconnect(true)|];
                        s.Close();
                    }

                    void Parameter(Socket s)
                    {
                        [|s.Disconnect(true)|];
                        s.Close();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_loopback_socket_pair_owned_by_one_object_is_silent()
        {
            string source = Usings + """
                sealed class Signaler
                {
                    private readonly Socket _write;
                    private readonly Socket _read;

                    public Signaler()
                    {
                        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                        listener.Listen(1);
                        _write = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        _write.Connect(listener.LocalEndPoint!);
                        _read = listener.Accept();
                    }

                    public void Signal() => _write.Send(new byte[1]);

                    public void Close()
                    {
                        _write.LingerState = new LingerOption(true, 0);
                        _write.Dispose();
                        _read.Dispose();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }
    }
}
