using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.LingerStateCopyMutationAnalyzer,
    SocketAnalyzers.CodeFixes.LingerStateCopyMutationCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK010LingerStateCopyMutationTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        private static string InMethod(string body) => Usings + $$"""
            class C
            {
                void M(Socket socket, TcpClient client, bool on, int seconds)
                {
                    {{body}}
                }
            }
            """;

        [Theory]
        [InlineData("socket.LingerState.Enabled = false;", "socket.LingerState = new LingerOption(false, socket.LingerState.LingerTime);")]
        [InlineData("socket.LingerState.Enabled = on;", "socket.LingerState = new LingerOption(on, socket.LingerState.LingerTime);")]
        [InlineData("socket.LingerState.LingerTime = 10;", "socket.LingerState = new LingerOption(socket.LingerState.Enabled, 10);")]
        [InlineData("socket.LingerState.LingerTime = seconds * 2;", "socket.LingerState = new LingerOption(socket.LingerState.Enabled, seconds * 2);")]
        [InlineData("client.LingerState.Enabled = true;", "client.LingerState = new LingerOption(true, client.LingerState.LingerTime);")]
        [InlineData("socket.LingerState!.Enabled = false;", "socket.LingerState = new LingerOption(false, socket.LingerState!.LingerTime);")]
        [InlineData("(socket.LingerState!).LingerTime = 3;", "socket.LingerState = new LingerOption(socket.LingerState!.Enabled, 3);")]
        [InlineData("client.Client.LingerState.LingerTime = 0;", "client.Client.LingerState = new LingerOption(client.Client.LingerState.Enabled, 0);")]
        public async Task Assignment_to_the_copy_is_flagged_and_fixed(string statement, string fixedStatement)
        {
            string source = InMethod("[|" + statement.TrimEnd(';') + "|];");
            await VerifyCS.VerifyCodeFixAsync(source, InMethod(fixedStatement));
        }

        [Fact]
        public async Task Message_names_the_socket_and_what_to_write()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("{|#0:socket.LingerState.Enabled = false|};"),
                VerifyCS.Diagnostic("SOCK010").WithLocation(0).WithMessage(
                    "Setting Enabled on 'socket.LingerState' changes a copy (LingerState returns a new LingerOption on each read), so the socket keeps its setting; assign 'socket.LingerState = new LingerOption(...)' with the new Enabled and the current LingerTime"));
        }

        [Fact]
        public async Task Adjacent_assignments_of_both_fields_become_one_option()
        {
            string source = InMethod("""
                [|socket.LingerState.Enabled = true|];
                        [|socket.LingerState.LingerTime = 5|];
                        socket.Close();
                """);
            string fixedSource = InMethod("""
                socket.LingerState = new LingerOption(true, 5);
                        socket.Close();
                """);
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Both_fields_in_reverse_order_keep_their_values()
        {
            string source = InMethod("""
                [|client.LingerState.LingerTime = seconds|];
                        [|client.LingerState.Enabled = on|];
                """);
            string fixedSource = InMethod("""
                client.LingerState = new LingerOption(on, seconds);
                """);
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Compound_increment_and_used_values_are_flagged_without_a_fix()
        {
            string source = InMethod("""
                [|socket.LingerState.LingerTime += 5|];
                        [|socket.LingerState.LingerTime++|];
                        --[|socket.LingerState.LingerTime|];
                        bool b = [|socket.LingerState.Enabled = true|];
                        [|GetSocket().LingerState.Enabled = false|];
                    }

                    Socket GetSocket() => new Socket(SocketType.Stream, ProtocolType.Tcp);
                    void N()
                    {
                """);
            // Fix-free: the fixed state equals the source.
            await VerifyCS.VerifyAnalyzerAsync(source.Replace("--[|socket.LingerState.LingerTime|]", "[|--socket.LingerState.LingerTime|]"));
        }

        [Fact]
        public async Task Correct_code_is_not_flagged()
        {
            string source = InMethod("""
                socket.LingerState = new LingerOption(true, 5);
                        client.LingerState = new LingerOption(false, 0);
                        var state = socket.LingerState;
                        bool enabled = socket.LingerState.Enabled;
                        int time = client.LingerState.LingerTime;
                        var option = new LingerOption(true, 1);
                        option.Enabled = false;
                        option.LingerTime = 3;
                        socket.LingerState = option;
                        socket.LingerState = new LingerOption(false, 0) { LingerTime = 2 };
                """);
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task A_user_type_with_a_LingerState_property_is_not_flagged()
        {
            string source = Usings + """
                class Holder { public LingerOption LingerState { get; } = new LingerOption(true, 1); }
                class C
                {
                    void M(Holder holder) => holder.LingerState.Enabled = false;
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Fields_properties_and_top_level_statements_are_fixed()
        {
            var test = new CodeFixTest<LingerStateCopyMutationAnalyzer, LingerStateCopyMutationCodeFixProvider>
            {
                TestCode = Usings + """
                    var server = new Server();
                    [|server.Listener.LingerState.Enabled = false|];

                    class Server
                    {
                        public Socket Listener { get; } = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        public void Stop()
                        {
                            [|this._socket.LingerState.LingerTime = 1|];
                        }
                    }
                    """,
                FixedCode = Usings + """
                    var server = new Server();
                    server.Listener.LingerState = new LingerOption(false, server.Listener.LingerState.LingerTime);

                    class Server
                    {
                        public Socket Listener { get; } = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        public void Stop()
                        {
                            this._socket.LingerState = new LingerOption(this._socket.LingerState.Enabled, 1);
                        }
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fully_qualified_code_gets_a_qualified_LingerOption()
        {
            string source = """
                class C
                {
                    void M(System.Net.Sockets.Socket s)
                    {
                        [|s.LingerState.Enabled = true|];
                    }
                }
                """;
            string fixedSource = """
                class C
                {
                    void M(System.Net.Sockets.Socket s)
                    {
                        s.LingerState = new System.Net.Sockets.LingerOption(true, s.LingerState.LingerTime);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_all_fixes_every_document()
        {
            string first = InMethod("""
                [|socket.LingerState.Enabled = true|];
                        [|socket.LingerState.LingerTime = 0|];
                        [|client.LingerState.Enabled = false|];
                """);
            string second = Usings + """
                class D
                {
                    void M(Socket a, Socket b)
                    {
                        [|a.LingerState.LingerTime = 30|];
                        [|b.LingerState.Enabled = false|];
                    }
                }
                """;
            var test = new CodeFixTest<LingerStateCopyMutationAnalyzer, LingerStateCopyMutationCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(InMethod("""
                socket.LingerState = new LingerOption(true, 0);
                        client.LingerState = new LingerOption(false, client.LingerState.LingerTime);
                """));
            test.FixedState.Sources.Add(Usings + """
                class D
                {
                    void M(Socket a, Socket b)
                    {
                        a.LingerState = new LingerOption(a.LingerState.Enabled, 30);
                        b.LingerState = new LingerOption(false, b.LingerState.LingerTime);
                    }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            var test = new AnalyzerTest<LingerStateCopyMutationAnalyzer>
            {
                TestCode = Usings + """
                    class C
                    {
                        void M(Socket socket)
                        {
                            [|socket.LingerState.Enabled = |];
                            socket.LingerState.Bogus = 1;
                            socket.LingerState. = true;
                            undefined.LingerState.Enabled = false;
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Nested_initializer_of_LingerState_is_flagged_without_a_fix()
        {
            string source = InMethod("""
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    LingerState = { {|#0:Enabled = true|}, [|LingerTime = 5|] },
                };
                var c = new TcpClient { LingerState = { [|Enabled = false|] } };
                var fine = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    LingerState = new LingerOption(true, 5),
                };
                var option = new LingerOption(false, 0) { Enabled = true, LingerTime = 3 };
                """);
            var test = new CodeFixTest<LingerStateCopyMutationAnalyzer, LingerStateCopyMutationCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
            };
            var expected = VerifyCS.Diagnostic("SOCK010").WithLocation(0).WithMessage(
                "Setting Enabled on 'LingerState = { ... }' changes a copy (LingerState returns a new LingerOption on each read), so the socket keeps its setting; write 'LingerState = new LingerOption(enabled, seconds)' instead");
            test.ExpectedDiagnostics.Add(expected);
            test.FixedState.ExpectedDiagnostics.Add(expected); // no fix: the code stays as it is
            await test.RunAsync();
        }
    }
}
