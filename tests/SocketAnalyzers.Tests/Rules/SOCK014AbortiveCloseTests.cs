using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.AbortiveCloseAnalyzer,
    SocketAnalyzers.CodeFixes.AbortiveCloseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK014AbortiveCloseTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\nusing System.Threading.Tasks;\n";

        private const string LingerMessage =
            "LingerState = new LingerOption(true, 0) makes Close send RST instead of FIN: data not yet delivered to the peer can be lost and the peer gets ConnectionReset; remove it unless dropping the connection is the intent";

        [Fact]
        public async Task LingerState_zero_is_flagged_with_message_and_removed()
        {
            string source = Usings + """
                class Server
                {
                    void Reply(Socket client, byte[] data)
                    {
                        {|#0:client.LingerState = new LingerOption(true, 0)|};
                        client.Send(data);
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
                }
                """;
            var test = new CodeFixTest<AbortiveCloseAnalyzer, AbortiveCloseCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK014").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithMessage(LingerMessage));
            await test.RunAsync();
        }

        [Theory]
        [InlineData("client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))")]
        [InlineData("client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(enable: true, seconds: 0))")]
        [InlineData("client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, (object)new LingerOption(true, 0))")]
        public async Task SetSocketOption_linger_zero_is_flagged_and_removed(string statement)
        {
            string source = Usings + $$"""
                class Server
                {
                    void Reply(Socket client)
                    {
                        {|#0:{{statement}}|};
                        client.Close();
                    }
                }
                """;
            string fixedSource = Usings + """
                class Server
                {
                    void Reply(Socket client)
                    {
                        client.Close();
                    }
                }
                """;
            var test = new CodeFixTest<AbortiveCloseAnalyzer, AbortiveCloseCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK014").WithLocation(0).WithMessage(
                "Linger enabled with a 0 s timeout makes Close send RST instead of FIN: data not yet delivered to the peer can be lost and the peer gets ConnectionReset; remove it unless dropping the connection is the intent"));
            await test.RunAsync();
        }

        [Fact]
        public async Task TcpClient_LingerState_and_object_initializer_are_flagged_and_removed()
        {
            string source = Usings + """
                class Client
                {
                    TcpClient Create()
                    {
                        var c = new TcpClient();
                        [|c.LingerState = new LingerOption(true, 0)|];
                        return c;
                    }

                    Socket CreateSocket() => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, [|LingerState = new LingerOption(true, 0)|] };
                }
                """;
            string fixedSource = Usings + """
                class Client
                {
                    TcpClient Create()
                    {
                        var c = new TcpClient();
                        return c;
                    }

                    Socket CreateSocket() => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Disconnect_true_followed_by_close_is_flagged_and_removed()
        {
            string source = Usings + """
                class Server
                {
                    void End(Socket s)
                    {
                        s.Send(new byte[1]);
                        {|#0:s.Disconnect(true)|};
                        s.Close();
                    }

                    async Task EndAsync(Socket s)
                    {
                        using (s)
                        {
                            await [|s.DisconnectAsync(true)|];
                        }
                    }
                }
                """;
            string fixedSource = Usings + """
                class Server
                {
                    void End(Socket s)
                    {
                        s.Send(new byte[1]);
                        s.Close();
                    }

                    async Task EndAsync(Socket s)
                    {
                        using (s)
                        {
                        }
                    }
                }
                """;
            var test = new CodeFixTest<AbortiveCloseAnalyzer, AbortiveCloseCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK014").WithLocation(0).WithMessage(
                "Disconnect(true) aborts the connection with RST: data not yet delivered to the peer can be lost and the peer gets ConnectionReset; remove it and let Close or Dispose end the connection with FIN"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Disconnect_true_used_to_reuse_the_socket_is_flagged_without_a_fix()
        {
            string source = Usings + """
                class Client
                {
                    void Reconnect(Socket s, EndPoint next)
                    {
                        [|s.Disconnect(true)|];
                        s.Connect(next);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("s.LingerState = new LingerOption(true, 5);", "a real linger timeout")]
        [InlineData("s.LingerState = new LingerOption(false, 0);", "linger off")]
        [InlineData("s.LingerState = new LingerOption(true, seconds);", "timeout from a variable")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 10));", "option with a timeout")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);", "another option")]
        [InlineData("s.Disconnect(false);", "graceful disconnect")]
        [InlineData("s.Disconnect(reuse);", "flag from a variable")]
        [InlineData("s.Shutdown(SocketShutdown.Both); s.Close();", "normal close")]
        [InlineData("var l = s.LingerState; bool on = l.Enabled;", "reading the linger state")]
        public async Task Graceful_or_unknown_closes_are_silent(string statements, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class C
                {
                    void Run(Socket s, int seconds, bool reuse)
                    {
                        {{statements}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            var test = new AnalyzerTest<AbortiveCloseAnalyzer>
            {
                TestCode = Usings + """
                    class C
                    {
                        void Run(Socket s)
                        {
                            s.LingerState = new LingerOption(true);
                            s.LingerState = new LingerOption(;
                            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger);
                            s.Disconnect();
                            s.Disconnect(true, 1, 2);
                            s.LingerState = ;
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_removes_every_abortive_close_in_every_document()
        {
            string first = Usings + """
                class A
                {
                    void Run(Socket a, Socket b)
                    {
                        [|a.LingerState = new LingerOption(true, 0)|];
                        [|b.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))|];
                        a.Close();
                        b.Close();
                    }
                }
                """;
            string second = Usings + """
                class B
                {
                    void Run(TcpClient c)
                    {
                        [|c.LingerState = new LingerOption(true, 0)|];
                        c.Dispose();
                    }
                }
                """;
            var test = new CodeFixTest<AbortiveCloseAnalyzer, AbortiveCloseCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(Usings + """
                class A
                {
                    void Run(Socket a, Socket b)
                    {
                        a.Close();
                        b.Close();
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                class B
                {
                    void Run(TcpClient c)
                    {
                        c.Dispose();
                    }
                }
                """);
            await test.RunAsync();
        }
    }
}
