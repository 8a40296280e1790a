using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ClientFixedPortWithReuseAnalyzer,
    SocketAnalyzers.CodeFixes.ClientFixedPortWithReuseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK004ClientFixedPortWithReuseTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        private const string Hazard = ": reconnecting while that port is in TIME_WAIT fails; ";

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1)")]
        [InlineData("s.ExclusiveAddressUse = false")]
        public async Task Tcp_client_with_fixed_port_is_flagged_and_fixed_by_binding_port_zero(string statement)
        {
            string source = Usings + $$"""
                class Client
                {
                    void Run(IPEndPoint server)
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        [|{{statement}}|];
                        s.Bind(new IPEndPoint(IPAddress.Any, 40000));
                        s.Connect(server);
                    }
                }
                """;
            string fixedSource = Usings + $$"""
                class Client
                {
                    void Run(IPEndPoint server)
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(server);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Messages_for_each_kind_of_socket_and_port()
        {
            string source = Usings + """
                using System.Threading.Tasks;
                class Client
                {
                    async Task Run(IPEndPoint server)
                    {
                        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        {|#0:a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        a.Bind(new IPEndPoint(IPAddress.Any, {|#3:1010|}));
                        await a.ConnectAsync(server);
                        var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                        {|#1:b.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                        b.Bind(new IPEndPoint(IPAddress.Any, {|#4:40000|}));
                        b.Connect(server);
                        var c = new TcpClient(AddressFamily.InterNetwork);
                        {|#2:c.ExclusiveAddressUse = false|};
                        c.Client.Bind(new IPEndPoint(IPAddress.Any, {|#5:5000|}));
                        c.Connect(server);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK004").WithLocation(0).WithLocation(3).WithMessage(
                    "'a' allows address reuse, then binds reserved local port 1010 and connects" + Hazard + "create the socket with ProtocolType.Unspecified (a ProtocolType.Tcp socket gets SO_REUSEADDR anyway)"),
                VerifyCS.Diagnostic("SOCK004").WithLocation(1).WithLocation(4).WithMessage(
                    "'b' allows address reuse, then binds fixed local port 40000 and connects" + Hazard + "remove this statement, or bind port 0"),
                VerifyCS.Diagnostic("SOCK004").WithLocation(2).WithLocation(5).WithMessage(
                    "'c' allows address reuse, then binds fixed local port 5000 and connects" + Hazard + "bind port 0 (a ProtocolType.Tcp socket gets SO_REUSEADDR anyway)"));
        }

        [Fact]
        public async Task Unspecified_protocol_socket_offers_removal_first_and_port_zero_by_key()
        {
            string source = Usings + """
                class Client
                {
                    void Run(IPEndPoint server)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                        [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        s.Bind(new IPEndPoint(IPAddress.Any, 40000));
                        s.Connect(server);
                    }
                }
                """;
            string removed = Usings + """
                class Client
                {
                    void Run(IPEndPoint server)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                        s.Bind(new IPEndPoint(IPAddress.Any, 40000));
                        s.Connect(server);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, removed);

            var portZero = new CodeFixTest<ClientFixedPortWithReuseAnalyzer, ClientFixedPortWithReuseCodeFixProvider>
            {
                TestCode = source,
                // Port 0 makes the reuse statement and the wildcard bind pointless: the connect binds a free port itself.
                FixedCode = Usings + """
                    class Client
                    {
                        void Run(IPEndPoint server)
                        {
                            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                            s.Connect(server);
                        }
                    }
                    """,
                CodeActionEquivalenceKey = ClientFixedPortWithReuseCodeFixProvider.BindPortZeroKey,
            };
            await portZero.RunAsync();
        }

        [Fact]
        public async Task Reserved_port_search_is_flagged_with_the_search_message_and_fixed_by_removal()
        {
            string source = Usings + """
                class Client
                {
                    Socket? Connect(IPEndPoint server)
                    {
                        for (int port = 1023; port >= 512; port--)
                        {
                            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                            {|#0:s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|};
                            try
                            {
                                s.Bind(new IPEndPoint(IPAddress.Any, {|#1:port|}));
                                s.Connect(server);
                                return s;
                            }
                            catch (SocketException)
                            {
                                s.Dispose();
                            }
                        }

                        return null;
                    }
                }
                """;
            string fixedSource = Usings + """
                class Client
                {
                    Socket? Connect(IPEndPoint server)
                    {
                        for (int port = 1023; port >= 512; port--)
                        {
                            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                            try
                            {
                                s.Bind(new IPEndPoint(IPAddress.Any, port));
                                s.Connect(server);
                                return s;
                            }
                            catch (SocketException)
                            {
                                s.Dispose();
                            }
                        }

                        return null;
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK004").WithLocation(0).WithLocation(1).WithMessage(
                    "'s' allows address reuse, then binds reserved local ports from 'port' in a search and connects" + Hazard + "remove this statement so that the search moves past ports in TIME_WAIT"),
            }, fixedSource);
        }

        [Fact]
        public async Task While_loop_search_over_a_field_socket_is_flagged_without_a_fix()
        {
            string source = Usings + """
                sealed class Client
                {
                    private readonly TcpClient _client;
                    public Client()
                    {
                        _client = new TcpClient();
                        [|_client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                    }
                    public void Open(string host)
                    {
                        int port = 600;
                        while (true)
                        {
                            try { _client.Client.Bind(new IPEndPoint(IPAddress.Any, port)); break; }
                            catch (SocketException) { port++; }
                        }
                        _client.Connect(host, 514);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public async Task Fix_all_binds_port_zero_in_every_document()
        {
            string first = Usings + """
                class A
                {
                    void Run(EndPoint server)
                    {
                        var a = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                        [|a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        a.Bind(new IPEndPoint(IPAddress.IPv6Any, 50000));
                        a.BeginConnect(server, null, null);
                    }
                }
                """;
            string second = Usings + """
                var c = new TcpClient();
                [|c.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                var local = new IPEndPoint(IPAddress.Loopback, 45000);
                c.Client.Bind(local);
                await c.ConnectAsync(IPAddress.Loopback, 80);
                """;
            var test = new CodeFixTest<ClientFixedPortWithReuseAnalyzer, ClientFixedPortWithReuseCodeFixProvider>
            {
                CodeActionEquivalenceKey = ClientFixedPortWithReuseCodeFixProvider.BindPortZeroKey,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            // The wildcard bind goes with the reuse statement; the bind of a loopback endpoint in a local stays, on port 0.
            test.FixedState.Sources.Add(Usings + """
                class A
                {
                    void Run(EndPoint server)
                    {
                        var a = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                        a.BeginConnect(server, null, null);
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                var c = new TcpClient();
                var local = new IPEndPoint(IPAddress.Loopback, 0);
                c.Client.Bind(local);
                await c.ConnectAsync(IPAddress.Loopback, 80);
                """);
            await test.RunAsync();
        }

        [Theory]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 0)); s.Connect(server);", "port 0")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "no reuse")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Listen();", "never connects (a listener)")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 5353)); s.Connect(server);", "UDP")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "reuse off")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.ExclusiveAddressUse = true;", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "exclusive")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "if (reuse) s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "conditional")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, localPort)); s.Connect(server);", "port from a parameter: unknown")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(local); s.Connect(server);", "endpoint from a parameter: unknown")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "s.Bind(new IPEndPoint(IPAddress.Any, 40000));", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); s.Connect(server);", "reuse after bind (SOCK006)")]
        [InlineData("other", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "socket of unknown kind")]
        [InlineData("new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)", "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", "s.Bind(new IPEndPoint(IPAddress.Any, 40000)); s.Connect(server);", "not an IP socket")]
        public async Task Counterparts_are_silent(string creation, string option, string rest, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Client
                {
                    void Run(IPEndPoint server, IPEndPoint local, int localPort, bool reuse, Socket other)
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
        public async Task UdpClient_multicast_receiver_is_silent()
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
                        udp.Connect(IPAddress.Loopback, 5353);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        private const string Natives = """
            using System;
            using System.Runtime.InteropServices;

            struct sockaddr_in { public ushort sin_family; public ushort sin_port; public uint sin_addr; public ulong zero; }

            static unsafe class Native
            {
                public const int SOL_SOCKET = 1;
                public const int SO_REUSEADDR = 2;
                [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, sockaddr_in* addr, int len);
                [DllImport("libc", SetLastError = true)] public static extern int connect(int fd, byte[] addr, int len);
                [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                public static ushort htons(ushort x) => (ushort)((x << 8) | (x >> 8));
            }

            """;

        [Fact]
        public async Task Raw_reserved_port_search_is_flagged_and_fixed_by_removal()
        {
            string source = Natives + """
                unsafe class Client
                {
                    int Open(int fd, byte[] server)
                    {
                        int one = 1;
                        {|#0:Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, sizeof(int))|};
                        var addr = new sockaddr_in { sin_family = 2 };
                        for (ushort port = 1023; port > 512; port--)
                        {
                            addr.sin_port = Native.htons({|#1:port|});
                            if (Native.bind(fd, &addr, 16) == 0) break;
                        }
                        return Native.connect(fd, server, server.Length);
                    }
                }
                """;
            string fixedSource = Natives + """
                unsafe class Client
                {
                    int Open(int fd, byte[] server)
                    {
                        int one = 1;
                        var addr = new sockaddr_in { sin_family = 2 };
                        for (ushort port = 1023; port > 512; port--)
                        {
                            addr.sin_port = Native.htons(port);
                            if (Native.bind(fd, &addr, 16) == 0) break;
                        }
                        return Native.connect(fd, server, server.Length);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK004").WithLocation(0).WithLocation(1).WithMessage(
                    "'fd' allows address reuse, then binds reserved local ports from 'port' in a search and connects" + Hazard + "remove this statement so that the search moves past ports in TIME_WAIT"),
            }, fixedSource);
        }

        [Theory]
        [InlineData("addr.sin_port = Native.htons(0);", "Native.connect(fd, server, 16);", "port 0")]
        [InlineData("addr.sin_port = Native.htons(1010);", "Native.listen(fd, 5);", "a server")]
        [InlineData("addr.sin_port = Native.htons(p);", "Native.connect(fd, server, 16);", "port from a parameter")]
        public async Task Raw_counterparts_are_silent(string port, string then, string why)
        {
            Assert.NotNull(why);
            string source = Natives + $$"""
                unsafe class Client
                {
                    void Open(int fd, byte[] server, ushort p)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, 4);
                        var addr = new sockaddr_in { sin_family = 2 };
                        {{port}}
                        Native.bind(fd, &addr, 16);
                        {{then}}
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); s.Bind(new IPEndPoint(IPAddress.Any, )); s.Connect(")]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); s.Bind(new IPEndPoint()); s.Connect(null);")]
        [InlineData("for (int p = 1; ; p++) { s.SetSocketOption(; s.Bind(new IPEndPoint(IPAddress.Any, p)); } s.Connect(")]
        public async Task Broken_code_does_not_throw(string statements)
        {
            var test = new AnalyzerTest<ClientFixedPortWithReuseAnalyzer>
            {
                TestCode = Usings + "class C { void M() { var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);\n" + statements + "\n} }",
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
