using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Verifiers;
using H = SocketAnalyzers.Tests.Rules.SOCK003Helpers;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.ServerClosesFirstAnalyzer>;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ServerClosesFirstAnalyzer,
    SocketAnalyzers.CodeFixes.ServerClosesFirstCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK003 on small and real servers: Available &gt; 0 without a Poll is not an EOF check, an accept loop re-armed
    /// inside Task.Run from an APM callback is a busy server, and a connection handed to a session object is followed
    /// into that type (constructor argument -> field -> the method that closes it).
    /// </summary>
    public class SOCK003SessionTests
    {
        private const string Usings = SOCK003ServerClosesFirstTests.Usings;

        // The one library check these tests turn off: a finding in a session type is reported while the accepting type
        // is analysed (its symbol-end action follows the connection into the session), at a location outside that
        // type, which Roslyn classes as a non-local diagnostic. It is reported by builds and `dotnet format` (which
        // applies this fix), but live document analysis in an editor does not compute non-local diagnostics. Making it
        // local means reporting from the session type's own analysis, a registration change left to the analyzer's
        // gating work. Everything else (fixed code compiles, fix-all iterations, additional locations) is checked.
        private const CodeFixTestBehaviors SessionFixBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

        [Fact]
        public async Task Available_greater_than_zero_without_Poll_does_not_hide_the_close()
        {
            string source = Usings + """
                class Server
                {
                    void Run(TcpListener listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.AcceptSocket();
                            var buffer = new byte[1024];
                            while (client.Available > 0)
                            {
                                client.Receive(buffer);
                            }

                            client.Send(reply);
                            [|client.Shutdown(SocketShutdown.Both)|];
                            client.Close();
                        }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Available_zero_after_Poll_is_still_an_EOF_check()
        {
            string source = Usings + """
                class Server
                {
                    void Run(TcpListener listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.AcceptSocket();
                            client.Send(reply);
                            if (client.Poll(5_000_000, SelectMode.SelectRead) && client.Available == 0)
                            {
                                client.Close();
                            }
                        }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Accept_loop_continued_inside_Task_Run_from_an_APM_callback_is_a_busy_server()
        {
            string source = Usings + """
                class Server
                {
                    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

                    public void Start()
                    {
                        _listener.Start();
                        _listener.BeginAcceptTcpClient(OnAccept, null);
                    }

                    private void OnAccept(IAsyncResult result)
                    {
                        Task.Run(() =>
                        {
                            TcpClient client = _listener.EndAcceptTcpClient(result);
                            _listener.BeginAcceptTcpClient(OnAccept, null);
                            NetworkStream stream = client.GetStream();
                            stream.Write(new byte[] { 1, 2, 3 }, 0, 3);
                            [|client.Close()|];
                        });
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Accept_re_armed_through_a_helper_method_from_Task_Run_is_a_busy_server()
        {
            string source = Usings + """
                class Server
                {
                    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

                    public void Start()
                    {
                        _listener.Start();
                        Listen();
                    }

                    private void Listen() => _listener.BeginAcceptTcpClient(OnAccept, null);

                    private void OnAccept(IAsyncResult result)
                    {
                        Task.Run(() =>
                        {
                            var client = _listener.EndAcceptTcpClient(result);
                            Listen();
                            var stream = client.GetStream();
                            stream.Write(new byte[] { 1 }, 0, 1);
                            [|stream.Close()|];
                        });
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_session_object_that_writes_and_closes_is_flagged_where_it_closes()
        {
            string source = Usings + """
                class Server
                {
                    async Task RunAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            TcpClient client = await listener.AcceptTcpClientAsync();
                            var session = new Session(client);
                            _ = session.RunAsync();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly TcpClient _client;

                    public Session(TcpClient client) => _client = client;

                    public async Task RunAsync()
                    {
                        var stream = _client.GetStream();
                        var request = new byte[512];
                        await stream.ReadAsync(request, 0, request.Length);
                        await stream.WriteAsync(request, 0, 16);
                        [|_client.Close()|];
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_session_holding_a_stream_wrapper_is_followed()
        {
            string source = Usings + """
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            Socket socket = listener.Accept();
                            new Thread(new Connection(socket).Serve).Start();
                        }
                    }
                }

                sealed class Connection
                {
                    private readonly NetworkStream _stream;

                    public Connection(Socket socket)
                    {
                        _stream = new NetworkStream(socket, ownsSocket: true);
                    }

                    public void Serve()
                    {
                        var writer = new StreamWriter(_stream);
                        writer.WriteLine("220 ready");
                        writer.Flush();
                        [|_stream.Dispose()|];
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_session_that_reads_until_EOF_before_closing_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    async Task RunAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            TcpClient client = await listener.AcceptTcpClientAsync();
                            _ = new Session(client).RunAsync();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly TcpClient _client;

                    public Session(TcpClient client) => _client = client;

                    public async Task RunAsync()
                    {
                        var stream = _client.GetStream();
                        var buffer = new byte[512];
                        while (true)
                        {
                            int n = await stream.ReadAsync(buffer, 0, buffer.Length);
                            if (n == 0)
                            {
                                break;
                            }

                            await stream.WriteAsync(buffer, 0, n);
                        }

                        _client.Close();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_session_whose_field_is_replaced_or_handed_on_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            _ = new Session(listener.Accept(), new object());
                        }
                    }
                }

                sealed class Session
                {
                    private Socket _socket;
                    private readonly object _tag;

                    public Session(Socket socket, object tag)
                    {
                        _socket = socket;
                        _tag = tag;
                    }

                    public void Swap(Socket other) => _socket = other;

                    public void Reply()
                    {
                        _socket.Send(new byte[1]);
                        _socket.Close();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_session_that_closes_its_socket_field_is_fixed_in_the_session_type()
        {
            string source = Usings + """
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            Socket socket = listener.Accept();
                            new Thread(new Session(socket).Serve).Start();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly Socket _socket;

                    public Session(Socket socket) => _socket = socket;

                    public void Serve()
                    {
                        _socket.Send(new byte[] { 1 });
                        {|#0:_socket.Close()|};
                    }
                }
                """;
            string fixedSource = Usings + $$"""
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            Socket socket = listener.Accept();
                            new Thread(new Session(socket).Serve).Start();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly Socket _socket;

                    public Session(Socket socket) => _socket = socket;

                    public void Serve()
                    {
                        _socket.Send(new byte[] { 1 });
                        WaitForClientClose(_socket);
                        _socket.Close();
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            var test = new VerifyCS.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeFixTestBehaviors = SessionFixBehaviors,
            };
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(SOCK003ServerClosesFirstTests.Message("Close()")));
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_in_a_session_with_two_closing_methods_adds_the_helper_once()
        {
            string source = Usings + """
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var session = new Session(listener.Accept());
                            new Thread(session.Serve).Start();
                        }
                    }

                    void RunRejecting(Socket listener)
                    {
                        while (true)
                        {
                            var session = new Session(listener.Accept());
                            new Thread(session.Reject).Start();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly Socket _socket;

                    public Session(Socket socket) => _socket = socket;

                    public void Serve()
                    {
                        var request = new byte[64];
                        _socket.Receive(request);
                        _socket.Send(request);
                        [|_socket.Close()|];
                    }

                    public void Reject()
                    {
                        _socket.Send(new byte[] { 0 });
                        [|_socket.Close()|];
                    }
                }
                """;
            string fixedSource = Usings + $$"""
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var session = new Session(listener.Accept());
                            new Thread(session.Serve).Start();
                        }
                    }

                    void RunRejecting(Socket listener)
                    {
                        while (true)
                        {
                            var session = new Session(listener.Accept());
                            new Thread(session.Reject).Start();
                        }
                    }
                }

                sealed class Session
                {
                    private readonly Socket _socket;

                    public Session(Socket socket) => _socket = socket;

                    public void Serve()
                    {
                        var request = new byte[64];
                        _socket.Receive(request);
                        _socket.Send(request);
                        WaitForClientClose(_socket);
                        _socket.Close();
                    }

                    public void Reject()
                    {
                        _socket.Send(new byte[] { 0 });
                        WaitForClientClose(_socket);
                        _socket.Close();
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await new VerifyCS.Test { TestCode = source, FixedCode = fixedSource, CodeFixTestBehaviors = SessionFixBehaviors }.RunAsync();
        }
    }
}
