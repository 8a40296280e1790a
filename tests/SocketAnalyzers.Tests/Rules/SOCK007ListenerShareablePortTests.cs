using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ListenerShareablePortAnalyzer,
    SocketAnalyzers.CodeFixes.ListenerShareablePortCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK007ListenerShareablePortTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1)")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, false)")]
        [InlineData("s.ExclusiveAddressUse = false")]
        public async Task Tcp_listener_socket_allowing_reuse_is_flagged_and_fixed(string statement)
        {
            string source = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        [|{{statement}}|];
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.Listen(100);
                    }
                }
                """;
            string fixedSource = Usings + """
                class Server
                {
                    void Run()
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.Listen(100);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Messages_name_the_setting_and_the_socket()
        {
            string source = Usings + """
                class Server
                {
                    void Run(IPEndPoint endpoint)
                    {
                        var a = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|#0:a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        a.Bind(endpoint);
                        a.Listen();
                        var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        {|#1:b.ExclusiveAddressUse = false|};
                        b.Bind(endpoint);
                        b.Listen();
                    }
                    void Run2(Socket c)
                    {
                        {|#2:c.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        c.Bind(new IPEndPoint(IPAddress.Any, 80));
                        c.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK007").WithLocation(0).WithMessage(
                    "ReuseAddress = true gives listening socket 'a' SO_REUSEPORT on Linux: another process of the same user can bind the port and take its connections; remove this statement (.NET already sets SO_REUSEADDR for TCP binds)"),
                VerifyCS.Diagnostic("SOCK007").WithLocation(1).WithMessage(
                    "ExclusiveAddressUse = false gives listening socket 'b' SO_REUSEPORT on Linux: another process of the same user can bind the port and take its connections; create the socket with ProtocolType.Tcp (.NET then sets SO_REUSEADDR) and remove this statement"),
                VerifyCS.Diagnostic("SOCK007").WithLocation(2).WithMessage(
                    "ReuseAddress = true gives listening socket 'c' SO_REUSEPORT on Linux: another process of the same user can bind the port and take its connections; remove this statement (.NET sets SO_REUSEADDR for ProtocolType.Tcp binds)"));
        }

        [Fact]
        public async Task Socket_without_Tcp_protocol_gets_no_removal_fix()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                        [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Theory]
        [InlineData("listener.ExclusiveAddressUse = false")]
        [InlineData("listener.Server.ExclusiveAddressUse = false")]
        [InlineData("listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)")]
        public async Task TcpListener_before_Start_is_flagged_and_fixed(string statement)
        {
            string source = Usings + $$"""
                class Server
                {
                    private readonly TcpListener listener = new TcpListener(IPAddress.Any, 5000);

                    public void Start()
                    {
                        [|{{statement}}|];
                        listener.Start();
                    }
                }
                """;
            string fixedSource = Usings + """
                class Server
                {
                    private readonly TcpListener listener = new TcpListener(IPAddress.Any, 5000);

                    public void Start()
                    {
                        listener.Start();
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Field_configured_in_constructor_and_listened_in_a_method_is_flagged()
        {
            string source = Usings + """
                sealed class Server
                {
                    private readonly Socket _socket;
                    public Server()
                    {
                        _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                        [|_socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                    }
                    public void Start(int port)
                    {
                        _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                        _socket.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Top_level_statements_and_fix_all_across_documents()
        {
            var test = new CodeFixTest<ListenerShareablePortAnalyzer, ListenerShareablePortCodeFixProvider>();
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            // 'u' (not a Tcp socket) has no fix: its finding stays, marked in the fixed code.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.TestState.Sources.Add(Usings + """
                var l = new TcpListener(IPAddress.Loopback, 7000);
                [|l.ExclusiveAddressUse = false|];
                [|l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                l.Start();
                """);
            test.TestState.Sources.Add(Usings + """
                class B
                {
                    void Run()
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        [|s.ExclusiveAddressUse = false|];
                        s.Bind(new IPEndPoint(IPAddress.IPv6Any, 1));
                        s.Listen();
                        var u = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        [|u.ExclusiveAddressUse = false|];
                        u.Bind(new IPEndPoint(IPAddress.Any, 2));
                        u.Listen();
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                var l = new TcpListener(IPAddress.Loopback, 7000);
                l.Start();
                """);
            test.FixedState.Sources.Add(Usings + """
                class B
                {
                    void Run()
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.Bind(new IPEndPoint(IPAddress.IPv6Any, 1));
                        s.Listen();
                        var u = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        [|u.ExclusiveAddressUse = false|];
                        u.Bind(new IPEndPoint(IPAddress.Any, 2));
                        u.Listen();
                    }
                }
                """);
            await test.RunAsync();
        }

        [Theory]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, reuse);", "s.Bind(new IPEndPoint(IPAddress.Any, 80)); s.Listen();", "value not constant: a choice exposed to users")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "if (reuse) s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 80)); s.Listen();", "conditional: a choice exposed to users")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.ExclusiveAddressUse = true;", "s.Bind(new IPEndPoint(IPAddress.Any, 80)); s.Listen();", "ExclusiveAddressUse = true")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);", "s.Bind(new IPEndPoint(IPAddress.Any, 80)); s.Listen();", "reuse off")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 80)); s.Connect(new IPEndPoint(IPAddress.Loopback, 81));", "never listens (a client: SOCK004's business)")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 5353));", "UDP multicast receiver")]
        [InlineData("new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new UnixDomainSocketEndPoint(\"/tmp/s\")); s.Listen();", "Unix socket")]
        [InlineData("new Socket(family, SocketType.Stream, ProtocolType.Unspecified)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(endpoint); s.Listen();", "family and endpoint unknown: could be Unix")]
        [InlineData("other", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(endpoint); s.Listen();", "socket of unknown kind")]
        public async Task Counterparts_are_silent(string creation, string option, string rest, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Server
                {
                    void Run(bool reuse, AddressFamily family, EndPoint endpoint, Socket other)
                    {
                        var s = {{creation}};
                        {{option}}
                        {{rest}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task ExclusiveAddressUse_false_after_Start_throws_and_is_left_to_SOCK006()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Any, 5000);
                        listener.Start();
                        listener.ExclusiveAddressUse = false;
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task UdpClient_sharing_a_port_is_silent()
        {
            string source = Usings + """
                class Receiver
                {
                    void Run()
                    {
                        var udp = new UdpClient();
                        udp.ExclusiveAddressUse = false;
                        udp.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        udp.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));
                    }
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
                public const int SO_REUSEPORT = 15;
                [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
            }

            """;

        [Fact]
        public async Task Raw_SO_REUSEPORT_on_a_listening_descriptor_is_flagged_and_fixed()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        int one = 1;
                        Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, sizeof(int));
                        {|#0:Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEPORT, ref one, sizeof(int))|};
                        Native.bind(fd, addr, addr.Length);
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
                VerifyCS.Diagnostic("SOCK007").WithLocation(0).WithMessage(
                    "setsockopt(SO_REUSEPORT) gives listening descriptor 'fd' SO_REUSEPORT on Linux: another process of the same user can bind the port and take its connections; remove this call (SO_REUSEADDR alone is enough for restarts)"),
            }, fixedSource);
        }

        [Theory]
        [InlineData("int one = 1; Native.setsockopt(fd, 1, 15, ref one, 4);", "Native.listen(fd, 1);", true)]
        [InlineData("int one = 1; Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, 4);", "Native.listen(fd, 1);", false)]
        [InlineData("int zero = 0; Native.setsockopt(fd, 1, 15, ref zero, 4);", "Native.listen(fd, 1);", false)]
        [InlineData("Native.setsockopt(fd, 1, 15, ref value, 4);", "Native.listen(fd, 1);", false)]
        [InlineData("int one = 1; if (value != 0) Native.setsockopt(fd, 1, 15, ref one, 4);", "Native.listen(fd, 1);", false)]
        [InlineData("int one = 1; Native.setsockopt(fd, 1, 15, ref one, 4);", "", false)]
        [InlineData("int one = 1; Native.setsockopt(fd, 1, 15, ref one, 4);", "Native.listen(other, 1);", false)]
        public async Task Raw_cases(string option, string listen, bool flagged)
        {
            string source = Natives + $$"""
                class Server
                {
                    void Start(int fd, int other, int value)
                    {
                        {{(flagged ? option.Replace("Native.setsockopt(fd, 1, 15, ref one, 4)", "[|Native.setsockopt(fd, 1, 15, ref one, 4)|]") : option)}}
                        {{listen}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, );")]
        [InlineData("s.ExclusiveAddressUse = ;")]
        [InlineData("[|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|]; s.Bind(); s.Listen(")]
        [InlineData("Native.setsockopt(); listen(")]
        public async Task Broken_code_does_not_throw(string statements)
        {
            var test = new AnalyzerTest<ListenerShareablePortAnalyzer>
            {
                TestCode = Usings + "class C { void M() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp);\n" + statements + "\n} }",
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
