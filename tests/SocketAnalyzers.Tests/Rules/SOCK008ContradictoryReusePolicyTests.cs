using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ContradictoryReusePolicyAnalyzer,
    SocketAnalyzers.CodeFixes.ContradictoryReusePolicyCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK008ContradictoryReusePolicyTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        [Theory]
        [InlineData("s.ExclusiveAddressUse = true;", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1);", "s.ExclusiveAddressUse = true;")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, true);", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);")]
        public async Task Both_policies_on_one_local_are_flagged_and_the_reuse_statement_removed(string first, string second)
        {
            string marked(string statement) => statement.Contains("ReuseAddress,") ? "[|" + statement.TrimEnd(';') + "|];" : statement;
            string source = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {{marked(first)}}
                        {{marked(second)}}
                        s.Bind(new IPEndPoint(IPAddress.Loopback, 8080));
                        s.Listen();
                    }
                }
                """;
            string kept = first.Contains("ReuseAddress,") ? second : first;
            string fixedSource = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {{kept}}
                        s.Bind(new IPEndPoint(IPAddress.Loopback, 8080));
                        s.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Message_names_the_socket_and_the_other_statement()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {|#1:s.ExclusiveAddressUse = true|};
                        {|#0:s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic("SOCK008").WithLocation(0).WithLocation(1).WithMessage(
                "'s' also gets ExclusiveAddressUse = true: whichever is set last wins on Linux, the second fails on Windows; remove this ReuseAddress option"));
        }

        [Fact]
        public async Task Listener_property_and_server_option_are_one_socket()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Loopback, 8080);
                        {|#1:listener.ExclusiveAddressUse = true|};
                        {|#0:listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        listener.Start();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic("SOCK008").WithLocation(0).WithLocation(1).WithArguments("listener.Server"));
        }

        [Fact]
        public async Task Field_set_in_constructor_and_in_a_method_is_flagged_and_fixed()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;

                    public Server()
                    {
                        _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                        _socket.ExclusiveAddressUse = true;
                    }

                    public void Start(int port)
                    {
                        [|_socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                        _socket.Listen();
                    }
                }
                """;
            string fixedSource = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;

                    public Server()
                    {
                        _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                        _socket.ExclusiveAddressUse = true;
                    }

                    public void Start(int port)
                    {
                        _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                        _socket.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Top_level_statements_are_flagged_and_fixed()
        {
            var test = new CodeFixTest<ContradictoryReusePolicyAnalyzer, ContradictoryReusePolicyCodeFixProvider>
            {
                TestCode = Usings + """
                    var udp = new UdpClient();
                    udp.ExclusiveAddressUse = true;
                    [|udp.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                    udp.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));
                    """,
                FixedCode = Usings + """
                    var udp = new UdpClient();
                    udp.ExclusiveAddressUse = true;
                    udp.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_fixes_every_socket_in_every_document()
        {
            string first = Usings + """
                class A
                {
                    void Run()
                    {
                        var a = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        a.ExclusiveAddressUse = true;
                        [|a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        var b = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        [|b.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        b.ExclusiveAddressUse = true;
                    }
                }
                """;
            string second = Usings + """
                class B
                {
                    void Run(Socket s)
                    {
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, 1);
                        [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1)|];
                    }
                }
                """;
            var test = new CodeFixTest<ContradictoryReusePolicyAnalyzer, ContradictoryReusePolicyCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(Usings + """
                class A
                {
                    void Run()
                    {
                        var a = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        a.ExclusiveAddressUse = true;
                        var b = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        b.ExclusiveAddressUse = true;
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                class B
                {
                    void Run(Socket s)
                    {
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, 1);
                    }
                }
                """);
            await test.RunAsync();
        }

        [Theory]
        [InlineData("s.ExclusiveAddressUse = true;", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);", "reuse turned off agrees")]
        [InlineData("s.ExclusiveAddressUse = false;", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "both allow reuse")]
        [InlineData("s.ExclusiveAddressUse = exclusive;", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "not a constant")]
        [InlineData("s.ExclusiveAddressUse = true;", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, exclusive);", "not a constant")]
        [InlineData("if (exclusive) s.ExclusiveAddressUse = true;", "else s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "different branches")]
        [InlineData("s.ExclusiveAddressUse = true;", "other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "different sockets")]
        [InlineData("s.ExclusiveAddressUse = true;", "s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.ReuseAddress, true);", "IP level is IP_TTL, not reuse")]
        [InlineData("s.ExclusiveAddressUse = true;", "Action a = () => s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "lambda may never run")]
        public async Task Consistent_or_unrelated_statements_are_silent(string first, string second, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Server
                {
                    void Run(bool exclusive, Socket other)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {{first}}
                        {{second}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Nested_and_partial_types_report_once()
        {
            string source = Usings + """
                partial class Outer
                {
                    private readonly Socket _outer = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    void A() { _outer.ExclusiveAddressUse = true; [|_outer.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|]; }

                    class Inner
                    {
                        void Run()
                        {
                            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.ExclusiveAddressUse = true;
                            [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        }
                    }
                }
                partial class Outer
                {
                    void B() { var t = new Socket(SocketType.Stream, ProtocolType.Tcp); t.ExclusiveAddressUse = true; [|t.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|]; }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Field_set_in_two_alternative_methods_is_silent()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    public void UseExclusive() => _socket.ExclusiveAddressUse = true;
                    public void UseShared() => _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Local_reassigned_to_a_new_socket_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.ExclusiveAddressUse = true;
                        s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Socket_from_another_object_is_silent()
        {
            string source = Usings + """
                class Holder { public Socket S = new Socket(SocketType.Stream, ProtocolType.Tcp); }
                class Server
                {
                    void Run(Holder a, Holder b)
                    {
                        a.S.ExclusiveAddressUse = true;
                        b.S.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Expression_bodied_statement_is_flagged_without_a_fix()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;
                    public Server()
                    {
                        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        _socket.ExclusiveAddressUse = true;
                    }
                    public void Share() => [|_socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("s.ExclusiveAddressUse = ;\n s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);")]
        [InlineData("s.ExclusiveAddressUse = true;\n s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress);")]
        [InlineData("s.ExclusiveAddressUse = true;\n s.SetSocketOption(SocketOptionLevel.Socket, , true);")]
        [InlineData("undefined.ExclusiveAddressUse = true;\n undefined.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);")]
        public async Task Broken_code_does_not_throw(string statements)
        {
            var test = new AnalyzerTest<ContradictoryReusePolicyAnalyzer>
            {
                TestCode = Usings + "class C { void M() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp);\n" + statements + "\n} }",
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
