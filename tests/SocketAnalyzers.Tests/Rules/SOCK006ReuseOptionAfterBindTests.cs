using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ReuseOptionAfterBindAnalyzer,
    SocketAnalyzers.CodeFixes.ReuseOptionAfterBindCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK006ReuseOptionAfterBindTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, reuse)")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, true)")]
        [InlineData("s.ExclusiveAddressUse = true")]
        [InlineData("s.ExclusiveAddressUse = false")]
        public async Task Option_after_Bind_is_flagged_and_moved_before_it(string statement)
        {
            string source = Usings + $$"""
                class Server
                {
                    void Run(bool reuse)
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        [|{{statement}}|];
                        s.Listen(100);
                    }
                }
                """;
            string fixedSource = Usings + $$"""
                class Server
                {
                    void Run(bool reuse)
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {{statement}};
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.Listen(100);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Messages_say_what_happens()
        {
            string source = Usings + """
                class Server
                {
                    void Run(IPEndPoint endpoint)
                    {
                        var a = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|#5:a.Bind(endpoint)|};
                        a.Listen();
                        {|#0:a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        var b = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|#6:b.Bind(endpoint)|};
                        {|#1:b.ExclusiveAddressUse = true|};
                        var c = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|#7:c.Bind(endpoint)|};
                        {|#2:c.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, true)|};
                        var l = new TcpListener(endpoint);
                        {|#8:l.Start()|};
                        {|#3:l.ExclusiveAddressUse = true|};
                        {|#4:l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK006").WithLocation(0).WithLocation(5).WithMessage(
                    "Setting ReuseAddress on 'a' comes after its Bind: it does not change that bind, and opens the listening port to sharing (SO_REUSEPORT on Linux); move it before Bind"),
                VerifyCS.Diagnostic("SOCK006").WithLocation(1).WithLocation(6).WithMessage(
                    "Setting ExclusiveAddressUse on 'b' comes after its Bind: the setter throws InvalidOperationException; move it before Bind"),
                VerifyCS.Diagnostic("SOCK006").WithLocation(2).WithLocation(7).WithMessage(
                    "Setting ExclusiveAddressUse on 'c' comes after its Bind: it does not change that bind; move it before Bind"),
                VerifyCS.Diagnostic("SOCK006").WithLocation(3).WithLocation(8).WithArguments(
                    "Setting ExclusiveAddressUse", "l", "Start", "the setter throws InvalidOperationException", "move it before Start"),
                VerifyCS.Diagnostic("SOCK006").WithLocation(4).WithLocation(8).WithArguments(
                    "Setting ReuseAddress", "l.Server", "Start", "it does not change that bind, and opens the listening port to sharing (SO_REUSEPORT on Linux)",
                    "move it before Start"));
        }

        [Fact]
        public async Task Several_options_after_one_Start_keep_their_order_and_fix_all_works_across_documents()
        {
            var test = new CodeFixTest<ReuseOptionAfterBindAnalyzer, ReuseOptionAfterBindCodeFixProvider>();
            test.TestState.Sources.Add(Usings + """
                class A
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Loopback, 7000);
                        listener.Start();
                        // exclusive
                        [|listener.ExclusiveAddressUse = true|];
                        [|listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false)|];
                        listener.AcceptSocket().Dispose();
                    }
                }
                """);
            test.TestState.Sources.Add(Usings + """
                class B
                {
                    void Run(Socket s, EndPoint endpoint)
                    {
                        if (endpoint is null) return;
                        s.Bind(endpoint);
                        [|s.ExclusiveAddressUse = true|];
                        s.Listen();
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                class A
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Loopback, 7000);
                        // exclusive
                        listener.ExclusiveAddressUse = true;
                        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
                        listener.Start();
                        listener.AcceptSocket().Dispose();
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                class B
                {
                    void Run(Socket s, EndPoint endpoint)
                    {
                        if (endpoint is null) return;
                        s.ExclusiveAddressUse = true;
                        s.Bind(endpoint);
                        s.Listen();
                    }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Top_level_statements_are_fixed()
        {
            var test = new CodeFixTest<ReuseOptionAfterBindAnalyzer, ReuseOptionAfterBindCodeFixProvider>
            {
                TestCode = Usings + """
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
                    [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                    s.Listen();
                    """,
                FixedCode = Usings + """
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    s.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
                    s.Listen();
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Field_bound_in_constructor_is_flagged_without_a_move()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;
                    public Server(int port)
                    {
                        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                    }
                    public void Start()
                    {
                        [|_socket.ExclusiveAddressUse = true|];
                        _socket.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("s.Bind(endpoint);\nif (reuse) s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "conditional option: moving would make it unconditional")]
        [InlineData("s.Bind(endpoint);\nvar value = reuse;\ns.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value);", "names a local declared after Bind")]
        public async Task Flagged_without_a_fix_when_moving_would_change_the_code(string statements, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Server
                {
                    void Run(Socket s, EndPoint endpoint, bool reuse)
                    {
                        {{statements.Replace("s.SetSocketOption", "[|s.SetSocketOption").Replace(", true);", ", true)|];").Replace(", value);", ", value)|];")}}
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);\ns.Bind(endpoint);", "before Bind")]
        [InlineData("if (reuse) s.Bind(endpoint);\ns.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "Bind may not have run")]
        [InlineData("if (reuse) s.Bind(endpoint); else s.ExclusiveAddressUse = true;", "different branches")]
        [InlineData("Action bind = () => s.Bind(endpoint);\ns.ExclusiveAddressUse = true;", "Bind in a lambda that may not run")]
        [InlineData("other.Bind(endpoint);\ns.ExclusiveAddressUse = true;", "different sockets")]
        [InlineData("s.Bind(endpoint);\ns.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);", "not an address-reuse option")]
        [InlineData("s.Bind(endpoint);\ns.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.ReuseAddress, 1);", "IP level: IP_TTL")]
        [InlineData("s.Bind(endpoint);\ns = new Socket(SocketType.Stream, ProtocolType.Tcp);\ns.ExclusiveAddressUse = true;", "a new socket in the same variable")]
        public async Task Counterparts_are_silent(string statements, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Server
                {
                    void Run(Socket s, Socket other, EndPoint endpoint, bool reuse)
                    {
                        {{statements}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Stopped_listener_configured_before_its_next_Start_is_silent()
        {
            // After Stop the setter does not throw and the next Start uses it: beyond what source order tells.
            string source = Usings + """
                class Server
                {
                    void Restart(TcpListener listener)
                    {
                        listener.Start();
                        listener.Stop();
                        listener.ExclusiveAddressUse = true;
                        listener.Start();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Method_called_by_the_constructor_before_Bind_is_silent()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;
                    public Server(int port)
                    {
                        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        Configure();
                        _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                    }
                    private void Configure() => _socket.ExclusiveAddressUse = true;
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Static_field_bound_in_an_instance_constructor_is_silent()
        {
            string source = Usings + """
                sealed class Server
                {
                    private static readonly Socket Shared = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    public Server(int port) => Shared.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                    public static void Configure() => Shared.ExclusiveAddressUse = true;
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Field_bound_and_configured_in_two_methods_is_silent()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    public void Bind(EndPoint endpoint) => _socket.Bind(endpoint);
                    public void Exclusive() => _socket.ExclusiveAddressUse = true;
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        private const string Natives = """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                public const int SOL_SOCKET = 1;
                public const int SO_REUSEADDR = 2;
                [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
            }

            """;

        [Fact]
        public async Task Raw_setsockopt_after_bind_is_flagged_and_moved()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        int one = 1;
                        {|#1:Native.bind(fd, addr, addr.Length)|};
                        {|#0:Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, sizeof(int))|};
                        Native.listen(fd, 128);
                    }
                }
                """;
            string fixedSource = Natives + """
                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        int one = 1;
                        Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, sizeof(int));
                        Native.bind(fd, addr, addr.Length);
                        Native.listen(fd, 128);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK006").WithLocation(0).WithLocation(1).WithMessage(
                    "An address-reuse setsockopt() on 'fd' comes after its bind(): it does not change that bind; move it before bind()"),
            }, fixedSource);
        }

        [Theory]
        [InlineData("if (Native.bind(fd, addr, 16) < 0) { Native.setsockopt(fd, 1, 2, ref one, 4); }", "retry path after a failed bind")]
        [InlineData("Native.setsockopt(fd, 1, 2, ref one, 4); Native.bind(fd, addr, 16);", "before bind")]
        [InlineData("Native.bind(other, addr, 16); Native.setsockopt(fd, 1, 2, ref one, 4);", "other descriptor")]
        public async Task Raw_counterparts_are_silent(string statements, string why)
        {
            Assert.NotNull(why);
            string source = Natives + $$"""
                class Server
                {
                    void Start(int fd, int other, byte[] addr)
                    {
                        int one = 1;
                        {{statements}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("s.Bind(); s.ExclusiveAddressUse = true;")]
        [InlineData("s.Bind(new IPEndPoint(IPAddress.Any, 1)); [|s.ExclusiveAddressUse = |];")]
        [InlineData("s.Bind(new IPEndPoint(IPAddress.Any, 1)); s.SetSocketOption(SocketOptionLevel.Socket, , true);")]
        public async Task Broken_code_does_not_throw(string statements)
        {
            var test = new AnalyzerTest<ReuseOptionAfterBindAnalyzer>
            {
                TestCode = Usings + "class C { void M() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp);\n" + statements + "\n} }",
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
