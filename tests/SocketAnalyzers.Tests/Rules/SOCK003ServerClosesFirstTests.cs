using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using H = SocketAnalyzers.Tests.Rules.SOCK003Helpers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ServerClosesFirstAnalyzer,
    SocketAnalyzers.CodeFixes.ServerClosesFirstCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK003ServerClosesFirstTests
    {
        internal const string Usings = "using System;\nusing System.IO;\nusing System.Net;\nusing System.Net.Sockets;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        internal static string Message(string what)
            => "Server closes the accepted connection first (" + what + ") after writing to it: one TIME_WAIT socket per connection; wait for the client's EOF";

        private static Task VerifyFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
            => VerifyCS.VerifyCodeFixAsync(Usings + source, expected, Usings + fixedSource);

        // ------------------------------------------------------------------ flagged, with the fix

        [Fact]
        public async Task Sync_socket_accept_loop_that_replies_and_closes_is_flagged_and_fixed()
        {
            string source = """
                class Server
                {
                    void Run(Socket listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            var request = new byte[16];
                            client.Receive(request);
                            client.Send(reply);
                            {|#0:client.Close()|};
                        }
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    void Run(Socket listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            var request = new byte[16];
                            client.Receive(request);
                            client.Send(reply);
                            WaitForClientClose(client);
                            client.Close();
                        }
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource, VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("Close()")));
        }

        [Fact]
        public async Task Async_TcpClient_using_declaration_is_fixed_with_the_stream_and_the_token()
        {
            string source = """
                class Server
                {
                    async Task RunAsync(TcpListener listener, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            {|#0:using var client = await listener.AcceptTcpClientAsync(ct);|}
                            var stream = client.GetStream();
                            await stream.WriteAsync(new byte[] { 1, 2, 3 }, ct);
                        }
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    async Task RunAsync(TcpListener listener, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            using var client = await listener.AcceptTcpClientAsync(ct);
                            var stream = client.GetStream();
                            await stream.WriteAsync(new byte[] { 1, 2, 3 }, ct);
                            await WaitForClientCloseAsync(stream, ct);
                        }
                    }

                {{H.Constant}}

                {{H.AsyncStream}}
                }
                """;
            await VerifyFixAsync(source, fixedSource,
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("the end of the scope of 'using client'")));
        }

        [Fact]
        public async Task Using_statement_with_a_writer_is_flushed_then_waits()
        {
            string source = """
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        for (;;)
                        {
                            using (var client = listener.AcceptTcpClient())
                            {|#0:using (var writer = new StreamWriter(client.GetStream()))|}
                            {
                                writer.WriteLine("hello");
                            }
                        }
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        for (;;)
                        {
                            using (var client = listener.AcceptTcpClient())
                            using (var writer = new StreamWriter(client.GetStream()))
                            {
                                writer.WriteLine("hello");
                                writer.Flush();
                                WaitForClientClose(client.Client);
                            }
                        }
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource, VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("the end of the using statement")));
        }

        [Fact]
        public async Task Async_writer_is_flushed_asynchronously_before_the_wait()
        {
            string source = """
                class Server
                {
                    async Task RunAsync(TcpListener listener, CancellationToken token)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync(token);
                            {|#0:using var writer = new StreamWriter(client.GetStream());|}
                            await writer.WriteLineAsync("hi");
                            if (token.IsCancellationRequested)
                            {
                                return;
                            }

                            continue;
                        }
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    async Task RunAsync(TcpListener listener, CancellationToken token)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync(token);
                            using var writer = new StreamWriter(client.GetStream());
                            await writer.WriteLineAsync("hi");
                            if (token.IsCancellationRequested)
                            {
                                return;
                            }

                            await writer.FlushAsync();
                            await WaitForClientCloseAsync(writer.BaseStream, token);
                            continue;
                        }
                    }

                {{H.Constant}}

                {{H.AsyncStream}}
                }
                """;
            await VerifyFixAsync(source, fixedSource,
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("the end of the scope of 'using writer'")));
        }

        [Fact]
        public async Task Task_Run_handler_in_another_method_is_followed_and_fixed_there()
        {
            string source = """
                class Server
                {
                    async Task RunAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = await listener.AcceptSocketAsync();
                            _ = Task.Run(() => HandleAsync(client));
                        }
                    }

                    async Task HandleAsync(Socket s)
                    {
                        [|using (s)|]
                            await s.SendAsync(new byte[1], SocketFlags.None);
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    async Task RunAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = await listener.AcceptSocketAsync();
                            _ = Task.Run(() => HandleAsync(client));
                        }
                    }

                    async Task HandleAsync(Socket s)
                    {
                        using (s)
                        {
                            await s.SendAsync(new byte[1], SocketFlags.None);
                            await WaitForClientCloseAsync(s);
                        }
                    }

                {{H.Constant}}

                {{H.AsyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Handler_that_writes_and_caller_that_closes_is_flagged_at_the_caller()
        {
            string source = """
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            [|using (var client = listener.AcceptTcpClient())|]
                            {
                                Respond(client);
                            }
                        }
                    }

                    static void Respond(TcpClient client)
                    {
                        var stream = client.GetStream();
                        stream.Write(new byte[] { 42 }, 0, 1);
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            using (var client = listener.AcceptTcpClient())
                            {
                                Respond(client);
                                WaitForClientClose(client.Client);
                            }
                        }
                    }

                    static void Respond(TcpClient client)
                    {
                        var stream = client.GetStream();
                        stream.Write(new byte[] { 42 }, 0, 1);
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Begin_End_accept_callback_that_rearms_is_a_busy_server()
        {
            string source = """
                class Server
                {
                    private readonly Socket _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    void OnAccept(IAsyncResult result)
                    {
                        Socket s = _listener.EndAccept(result);
                        _listener.BeginAccept(OnAccept, null);
                        s.Send(new byte[] { 1 });
                        {|#0:s.Shutdown(SocketShutdown.Both)|};
                        s.Close();
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    private readonly Socket _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    void OnAccept(IAsyncResult result)
                    {
                        Socket s = _listener.EndAccept(result);
                        _listener.BeginAccept(OnAccept, null);
                        s.Send(new byte[] { 1 });
                        WaitForClientClose(s);
                        s.Shutdown(SocketShutdown.Both);
                        s.Close();
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource,
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("Shutdown(SocketShutdown.Both)")));
        }

        [Fact]
        public async Task Owning_NetworkStream_over_an_accepted_socket_is_flagged()
        {
            string source = """
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var socket = listener.Accept();
                            var stream = new NetworkStream(socket, ownsSocket: true);
                            stream.Write(new byte[] { 1 }, 0, 1);
                            [|stream.Dispose()|];
                        }
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var socket = listener.Accept();
                            var stream = new NetworkStream(socket, ownsSocket: true);
                            stream.Write(new byte[] { 1 }, 0, 1);
                            WaitForClientClose(socket);
                            stream.Dispose();
                        }
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            await VerifyFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Handler_with_only_a_stream_uses_the_stream_helper()
        {
            string source = """
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            ThreadPool.QueueUserWorkItem(_ => Serve(client.GetStream()));
                        }
                    }

                    void Serve(Stream stream)
                    {
                        stream.WriteByte(1);
                        [|stream.Close()|];
                    }
                }
                """;
            string fixedSource = $$"""
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            ThreadPool.QueueUserWorkItem(_ => Serve(client.GetStream()));
                        }
                    }

                    void Serve(Stream stream)
                    {
                        stream.WriteByte(1);
                        WaitForClientClose(stream);
                        stream.Close();
                    }

                {{H.Constant}}

                {{H.SyncStream}}
                }
                """;
            await VerifyFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Await_using_and_DisposeAsync_in_a_lambda_accept_loop_are_flagged()
        {
            string source = Usings + """
                class Server
                {
                    Task Start(TcpListener listener, CancellationToken token) => Task.Run(async () =>
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptSocketAsync(token).ConfigureAwait(false);
                            {|#0:await using var stream = new NetworkStream(client, ownsSocket: true);|}
                            await stream.WriteAsync(new byte[] { 1 }, token);
                        }
                    });

                    async Task Other(TcpListener listener)
                    {
                        while (true)
                        {
                            var stream = (await listener.AcceptTcpClientAsync()).GetStream();
                            await stream.WriteAsync(new byte[2]);
                            await [|stream.DisposeAsync()|];
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("the end of the scope of 'using stream'")));
        }

        [Fact]
        public async Task SslStream_and_reader_writer_over_the_connection_are_followed()
        {
            string source = Usings + """
                using System.Net.Security;
                using System.Security.Cryptography.X509Certificates;
                class Server
                {
                    async Task RunAsync(TcpListener listener, X509Certificate certificate)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            [|using var ssl = new SslStream(client.GetStream());|]
                            await ssl.AuthenticateAsServerAsync(certificate);
                            var reader = new StreamReader(ssl);
                            var writer = new StreamWriter(ssl) { AutoFlush = true };
                            string? request = await reader.ReadLineAsync();
                            await writer.WriteLineAsync("echo " + request);
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        // ------------------------------------------------------------------ silent

        [Theory]
        [InlineData("int n; while ((n = client.Receive(buffer)) > 0) { client.Send(buffer, n, SocketFlags.None); } client.Close();", "echo loop that ends on 0")]
        [InlineData("client.Send(buffer); while (true) { int n = client.Receive(buffer); if (n == 0) break; } client.Close();", "read until 0 before close")]
        [InlineData("client.Send(buffer); client.Shutdown(SocketShutdown.Receive); if (client.Receive(buffer) <= 0) { } client.Close();", "receive compared with 0")]
        [InlineData("client.Close();", "rejection: nothing written")]
        [InlineData("if (buffer.Length > 10) { client.Close(); continue; } client.Send(buffer); connections.Add(client);", "rejection, then kept in a list")]
        [InlineData("client.Send(buffer); connections.Add(client); client.Close();", "handed to code we cannot see")]
        [InlineData("client.Send(buffer); Other.Handle(client); client.Close();", "handler of another type")]
        [InlineData("try { client.Send(buffer); } catch (SocketException) { client.Close(); }", "close on error only")]
        [InlineData("client.Send(buffer); var s = new NetworkStream(client); s.Dispose();", "non-owning NetworkStream disposed")]
        [InlineData("client.Send(buffer);", "never closed here")]
        [InlineData("client.Send(buffer); for (int i = 0; i < 50; i++) { if (client.Poll(100_000, SelectMode.SelectRead)) { if (client.Available == 0) break; client.Receive(buffer); } } client.Close();", "Poll readable with nothing available is the client's FIN")]
        [InlineData("client.Send(buffer); bool open = true; while (open) { switch (client.Receive(buffer)) { case 0: open = false; break; default: break; } } client.Close();", "read result switched on, case 0")]
        [InlineData("client.Send(buffer); bool open = true; while (open) { open = client.Receive(buffer) switch { 0 => false, _ => true }; } client.Close();", "read result in a switch expression")]
        public async Task Correct_or_unknowable_sync_servers_are_silent(string body, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                using System.Collections.Generic;
                static class Other { public static void Handle(Socket s) { } }
                class Server
                {
                    List<Socket> connections = new();
                    void Run(Socket listener, byte[] buffer)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            {{body}}
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Modern_EOF_checks_are_silent()
        {
            string source = Usings + """
                class Server
                {
                    async Task PatternAsync(TcpListener listener, CancellationToken ct)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync(ct);
                            using var reader = new StreamReader(client.GetStream());
                            using var writer = new StreamWriter(client.GetStream());
                            while (await reader.ReadLineAsync(ct) is { } line)
                            {
                                await writer.WriteLineAsync(line);
                            }
                        }
                    }

                    async Task ExactlyAsync(Socket listener, CancellationToken ct)
                    {
                        var header = new byte[4];
                        while (true)
                        {
                            var socket = await listener.AcceptAsync(ct);
                            await using var stream = new NetworkStream(socket, ownsSocket: true);
                            while (true)
                            {
                                try
                                {
                                    await stream.ReadExactlyAsync(header, ct);
                                }
                                catch (EndOfStreamException)
                                {
                                    break;
                                }

                                await stream.WriteAsync(header, ct);
                            }
                        }
                    }

                    async Task AtLeastAsync(Socket listener, CancellationToken ct)
                    {
                        var buffer = new byte[64];
                        while (true)
                        {
                            var socket = await listener.AcceptAsync(ct);
                            using var stream = new NetworkStream(socket, ownsSocket: true);
                            while (true)
                            {
                                int n = await stream.ReadAtLeastAsync(buffer, 8, throwOnEndOfStream: false, ct);
                                if (n < 8) break;
                                await stream.WriteAsync(buffer.AsMemory(0, n), ct);
                            }
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task ReadExactly_without_a_catch_is_no_EOF_check()
        {
            string source = Usings + """
                class Server
                {
                    void Exactly(Socket listener)
                    {
                        var header = new byte[4];
                        while (true)
                        {
                            var socket = listener.Accept();
                            var s = new NetworkStream(socket, ownsSocket: true);
                            s.ReadExactly(header);
                            s.Write(header);
                            {|SOCK003:s.Dispose()|};
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Stream_servers_that_read_to_EOF_are_silent()
        {
            string source = Usings + """
                using System.Net.WebSockets;
                class Server
                {
                    async Task LinesAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            using var reader = new StreamReader(client.GetStream());
                            using var writer = new StreamWriter(client.GetStream());
                            string? line;
                            while ((line = await reader.ReadLineAsync()) != null)
                            {
                                await writer.WriteLineAsync(line);
                            }
                        }
                    }

                    void EndOfStream(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = listener.AcceptTcpClient();
                            var reader = new StreamReader(client.GetStream());
                            var writer = new StreamWriter(client.GetStream());
                            while (!reader.EndOfStream)
                            {
                                writer.WriteLine(reader.ReadLine());
                                writer.Flush();
                            }
                        }
                    }

                    async Task ReadAsyncZero(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            var stream = client.GetStream();
                            await stream.WriteAsync(new byte[1]);
                            var buffer = new byte[64];
                            while (await stream.ReadAsync(buffer.AsMemory()) != 0)
                            {
                            }
                        }
                    }

                    async Task CopyAsync(TcpListener listener, Stream target)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            var stream = client.GetStream();
                            await stream.WriteAsync(new byte[1]);
                            await stream.CopyToAsync(target);
                        }
                    }

                    async Task WebSocketAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            var stream = client.GetStream();
                            await stream.WriteAsync(new byte[1]);
                            using var ws = WebSocket.CreateFromStream(stream, isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.FromSeconds(30));
                        }
                    }

                    async Task HandlerReadsToEndAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = await listener.AcceptTcpClientAsync();
                            await client.GetStream().WriteAsync(new byte[1]);
                            await DrainAsync(client.GetStream());
                        }
                    }

                    static async Task DrainAsync(Stream s)
                    {
                        var b = new byte[16];
                        while (await s.ReadAsync(b, 0, b.Length) > 0) { }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Clients_single_accepts_and_udp_are_silent()
        {
            string source = Usings + """
                class Code
                {
                    void Client(IPEndPoint server)
                    {
                        for (int i = 0; i < 10; i++)
                        {
                            using var client = new TcpClient();
                            client.Connect(server);
                            client.GetStream().Write(new byte[1], 0, 1);
                        }
                    }

                    void OneShot(TcpListener listener)
                    {
                        using var client = listener.AcceptTcpClient();
                        client.GetStream().WriteByte(1);
                    }

                    void Udp(UdpClient udp, IPEndPoint peer)
                    {
                        while (true)
                        {
                            udp.Send(new byte[1], 1, peer);
                            udp.Close();
                        }
                    }

                    void NotAHandler(Socket s)
                    {
                        s.Send(new byte[1]);
                        s.Close();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_command_that_ends_the_session_is_not_an_EOF()
        {
            string source = Usings + """
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = listener.AcceptTcpClient();
                            var reader = new StreamReader(client.GetStream());
                            {|#0:using var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };|}
                            while (true)
                            {
                                string? line = reader.ReadLine();
                                if (line == "QUIT" || line is "BYE")
                                {
                                    writer.WriteLine("221 bye");
                                    break;
                                }

                                writer.WriteLine("250 " + line);
                            }
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK003").WithLocation(0).WithMessage(Message("the end of the scope of 'using writer'")));
        }

        [Theory]
        [InlineData("s.Write(new byte[] { 1 }, 0, 1);", true)]
        [InlineData("s.Write(new byte[] { 1 }, 0, 1); var b = new byte[8]; while (s.Read(b, 0, b.Length) > 0) { }", false)]
        [InlineData("s.Write(new byte[] { 1 }, 0, 1); Log(s);", false)]
        public async Task Two_calls_deep_handlers_are_followed(string respond, bool flagged)
        {
            string source = Usings + $$"""
                class Server
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            new Thread(() => Serve(client)).Start();
                        }
                    }

                    void Serve(TcpClient c)
                    {
                        {{(flagged ? "[|using (c)|]" : "using (c)")}}
                        {
                            Respond(c.GetStream());
                        }
                    }

                    static void Respond(NetworkStream s)
                    {
                        {{respond}}
                    }
                }

                """;
            source = source.Replace("Log(s);", "Console.WriteLine(s);");
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Unix_domain_and_hand_written_WebSocket_servers_are_silent()
        {
            string source = Usings + """
                class UnixServer
                {
                    private readonly Socket _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

                    void Run()
                    {
                        while (true)
                        {
                            var client = _listener.Accept();
                            client.Send(new byte[1]);
                            client.Close();
                        }
                    }
                }

                class BoundUnixServer
                {
                    void Run(string path)
                    {
                        var listener = new Socket(SocketType.Stream, ProtocolType.Unspecified);
                        listener.Bind(new UnixDomainSocketEndPoint(path));
                        listener.Listen();
                        while (true)
                        {
                            using var client = listener.Accept();
                            client.Send(new byte[1]);
                        }
                    }
                }

                class WebSocketServer
                {
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            using var client = listener.AcceptTcpClient();
                            var writer = new StreamWriter(client.GetStream());
                            writer.Write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
                            writer.Flush();
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Local_function_handler_and_ContinueWith_are_followed()
        {
            string source = Usings + """
                class Server
                {
                    async Task RunAsync(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = await listener.AcceptTcpClientAsync();
                            _ = Task.Delay(1).ContinueWith(_ => Serve(client));
                        }

                        void Serve(TcpClient c)
                        {
                            c.GetStream().Write(new byte[1], 0, 1);
                            [|c.Dispose()|];
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Scope_any_accepted_flags_a_single_accept()
        {
            var test = new AnalyzerTest<ServerClosesFirstAnalyzer>
            {
                TestCode = Usings + """
                    class Code
                    {
                        void OneShot(TcpListener listener)
                        {
                            [|using var client = listener.AcceptTcpClient();|]
                            client.GetStream().WriteByte(1);
                        }
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsocket_analyzers.SOCK003.scope = any_accepted\n"));
            await test.RunAsync();

            var explicitDefault = new AnalyzerTest<ServerClosesFirstAnalyzer>
            {
                TestCode = Usings + """
                    class Code
                    {
                        void OneShot(TcpListener listener)
                        {
                            using var client = listener.AcceptTcpClient();
                            client.GetStream().WriteByte(1);
                        }
                    }
                    """,
            };
            explicitDefault.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsocket_analyzers.SOCK003.scope = accept_loop\n"));
            await explicitDefault.RunAsync();
        }

        [Fact]
        public async Task Top_level_accept_loop_is_fixed_with_a_local_function()
        {
            // Top-level statements have no type to add the helper to: it becomes a static local function after the
            // last statement. The file ends without a new line, and still does after the fix.
            string source = Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().WriteByte(1);
                    [|client.Close()|];
                }
                """;
            string fixedSource = Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().WriteByte(1);
                    WaitForClientClose(client.Client);
                    client.Close();
                }

                const int ClientCloseTimeoutMilliseconds = 5000;

                """ + SOCK003RealProjectTests.TopLevel(H.SyncSocket);
            var test = new CodeFixTest<ServerClosesFirstAnalyzer, ServerClosesFirstCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            var test = new AnalyzerTest<ServerClosesFirstAnalyzer>
            {
                TestCode = Usings + """
                    class Server
                    {
                        void Run(TcpListener listener)
                        {
                            while (true)
                            {
                                var client = listener.AcceptTcpClient(;
                                using (client.GetStream(
                                client.GetStream().Write();
                                Handle(client, );
                                client.Close(
                            }
                            var s = listener.AcceptSocket().Send();
                            for (;;) { listener.AcceptSocket().Close(); using var x = listener.AcceptSocket(); x.Send(); x?.Dispose(); }
                        }
                        void Handle(TcpClient c, int x) { c.Close(); Handle(c, x); }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.DisabledDiagnostics.Add("SOCK003");
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_adds_the_helper_once_per_type_and_reuses_an_existing_one()
        {
            string first = Usings + """
                class A
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var a = listener.Accept();
                            a.Send(new byte[1]);
                            [|a.Close()|];
                        }
                    }

                    void Run2(TcpListener listener)
                    {
                        while (true)
                        {
                            [|using var b = listener.AcceptTcpClient();|]
                            b.GetStream().WriteByte(1);
                        }
                    }
                }
                """;
            string second = Usings + $$"""
                class B
                {
                    void Run(Socket listener)
                    {
                        do
                        {
                            var c = listener.Accept();
                            c.Send(new byte[1]);
                            [|c.Dispose()|];
                        }
                        while (true);
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """;
            var test = new CodeFixTest<ServerClosesFirstAnalyzer, ServerClosesFirstCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(Usings + $$"""
                class A
                {
                    void Run(Socket listener)
                    {
                        while (true)
                        {
                            var a = listener.Accept();
                            a.Send(new byte[1]);
                            WaitForClientClose(a);
                            a.Close();
                        }
                    }

                    void Run2(TcpListener listener)
                    {
                        while (true)
                        {
                            using var b = listener.AcceptTcpClient();
                            b.GetStream().WriteByte(1);
                            WaitForClientClose(b.Client);
                        }
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """);
            test.FixedState.Sources.Add(Usings + $$"""
                class B
                {
                    void Run(Socket listener)
                    {
                        do
                        {
                            var c = listener.Accept();
                            c.Send(new byte[1]);
                            WaitForClientClose(c);
                            c.Dispose();
                        }
                        while (true);
                    }

                {{H.Constant}}

                {{H.SyncSocket}}
                }
                """);
            await test.RunAsync();
        }
    }
}
