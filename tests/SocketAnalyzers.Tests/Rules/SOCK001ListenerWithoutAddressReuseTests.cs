using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ListenerWithoutAddressReuseAnalyzer,
    SocketAnalyzers.CodeFixes.ListenerWithoutAddressReuseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK001ManagedTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        [Theory]
        [InlineData("AddressFamily.InterNetwork", "ProtocolType.IP")]
        [InlineData("AddressFamily.InterNetwork", "ProtocolType.Unspecified")]
        [InlineData("AddressFamily.InterNetworkV6", "ProtocolType.IP")]
        [InlineData("AddressFamily.InterNetworkV6", "(ProtocolType)0")]
        public async Task Local_listener_with_unspecified_protocol_is_flagged_and_fixed(string family, string protocol)
        {
            string source = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        var listener = new Socket({{family}}, SocketType.Stream, [|{{protocol}}|]);
                        listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        listener.Listen(100);
                    }
                }
                """;
            string fixedSource = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        var listener = new Socket({{family}}, SocketType.Stream, ProtocolType.Tcp);
                        listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        listener.Listen(100);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Message_names_the_protocol_and_the_fix()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        using var listener = new Socket(SocketType.Stream, {|#0:ProtocolType.Unspecified|});
                        listener.Bind(new IPEndPoint(IPAddress.IPv6Any, 443));
                        listener.Listen();
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic("SOCK001").WithLocation(0).WithMessage(
                "'ProtocolType.Unspecified' gets no SO_REUSEADDR from .NET, so this listener cannot restart (EADDRINUSE) while old connections are in TIME_WAIT; create it with ProtocolType.Tcp"));
        }

        [Fact]
        public async Task Field_created_in_constructor_and_listened_in_method_is_flagged()
        {
            string source = Usings + """
                sealed class Server : IDisposable
                {
                    private readonly Socket _listener;
                    private readonly int _port;

                    public Server(int port)
                    {
                        _port = port;
                        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, [|ProtocolType.IP|]);
                    }

                    public void Start()
                    {
                        _listener.Bind(new IPEndPoint(IPAddress.Loopback, _port));
                        _listener.Listen(16);
                    }

                    public void Dispose() => _listener.Dispose();
                }
                """;
            string fixedSource = source.Replace("[|ProtocolType.IP|]", "ProtocolType.Tcp");
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Field_initializer_and_endpoint_from_a_parameter_are_flagged()
        {
            string source = Usings + """
                class Server
                {
                    private Socket Listener { get; } = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, [|ProtocolType.Unspecified|]);

                    public void Start(IPEndPoint endpoint)
                    {
                        Listener.Bind(endpoint);
                        Listener.Listen(16);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Async_method_and_family_taken_from_the_endpoint_are_flagged()
        {
            string source = Usings + """
                using System.Threading.Tasks;
                class Server
                {
                    async Task RunAsync(IPEndPoint endpoint)
                    {
                        using (var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, [|ProtocolType.IP|]))
                        {
                            listener.Bind(endpoint);
                            listener.Listen(10);
                            using var client = await listener.AcceptAsync();
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Top_level_statements_are_flagged_and_fixed()
        {
            var test = new CodeFixTest<ListenerWithoutAddressReuseAnalyzer, ListenerWithoutAddressReuseCodeFixProvider>
            {
                TestCode = Usings + """
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, [|ProtocolType.IP|]);
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 5000));
                    listener.Listen();
                    """,
                FixedCode = Usings + """
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 5000));
                    listener.Listen();
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fully_qualified_code_without_usings_is_fixed_with_a_qualified_name()
        {
            string source = """
                class Server
                {
                    void Run()
                    {
                        var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, [|System.Net.Sockets.ProtocolType.IP|]);
                        s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 80));
                        s.Listen(1);
                    }
                }
                """;
            string fixedSource = source.Replace("[|System.Net.Sockets.ProtocolType.IP|]", "System.Net.Sockets.ProtocolType.Tcp");
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_all_fixes_every_listener_in_every_document()
        {
            string first = Usings + """
                class A
                {
                    void Run()
                    {
                        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, [|ProtocolType.IP|]);
                        a.Bind(new IPEndPoint(IPAddress.Any, 1));
                        a.Listen(1);
                        var b = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, [|ProtocolType.Unspecified|]);
                        b.Bind(new IPEndPoint(IPAddress.IPv6Any, 2));
                        b.Listen(1);
                    }
                }
                """;
            string second = Usings + """
                class B
                {
                    Socket _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, [|ProtocolType.IP|]);
                    void Run() { _s.Bind(new IPEndPoint(IPAddress.Any, 3)); _s.Listen(1); }
                }
                """;
            var test = new CodeFixTest<ListenerWithoutAddressReuseAnalyzer, ListenerWithoutAddressReuseCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(first.Replace("[|ProtocolType.IP|]", "ProtocolType.Tcp").Replace("[|ProtocolType.Unspecified|]", "ProtocolType.Tcp"));
            test.FixedState.Sources.Add(second.Replace("[|ProtocolType.IP|]", "ProtocolType.Tcp"));
            await test.RunAsync();
        }

        [Theory]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)", "new IPEndPoint(IPAddress.Any, 8080)", "Tcp protocol: .NET sets SO_REUSEADDR")]
        [InlineData("new Socket(SocketType.Stream, ProtocolType.Tcp)", "new IPEndPoint(IPAddress.IPv6Any, 8080)", "dual-mode Tcp")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP)", "new IPEndPoint(IPAddress.Any, 0)", "constant port 0")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.IP)", "new IPEndPoint(IPAddress.Any, 8080)", "datagram socket")]
        [InlineData("new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)", "new IPEndPoint(IPAddress.Any, 8080)", "UDP")]
        [InlineData("new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)", "new UnixDomainSocketEndPoint(\"/tmp/s\")", "Unix-domain socket")]
        [InlineData("new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.IP)", "new IPEndPoint(IPAddress.Any, 8080)", "Unix family constant")]
        public async Task Correct_or_unaffected_sockets_are_silent(string creation, string endpoint, string why)
        {
            Assert.NotNull(why);
            string source = Usings + $$"""
                class Server
                {
                    void Run()
                    {
                        var s = {{creation}};
                        s.Bind({{endpoint}});
                        s.Listen(5);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Endpoint_local_with_port_zero_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    int Run()
                    {
                        var any = new IPEndPoint(IPAddress.Loopback, 0);
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        s.Bind(any);
                        s.Listen(5);
                        return ((IPEndPoint)s.LocalEndPoint!).Port;
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Family_from_a_variable_with_an_unknown_endpoint_is_silent()
        {
            // The endpoint could be a UnixDomainSocketEndPoint: outside what the rule can know, so no guess.
            string source = Usings + """
                class Server
                {
                    void Run(EndPoint endpoint)
                    {
                        var s = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
                        s.Bind(endpoint);
                        s.Listen(5);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Sockets_that_never_listen_are_silent()
        {
            string source = Usings + """
                class Client
                {
                    void Run()
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        s.Bind(new IPEndPoint(IPAddress.Any, 4000));
                        s.Connect(new IPEndPoint(IPAddress.Loopback, 80));
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Reuse_enabled_on_the_socket_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    void Run(bool reuse)
                    {
                        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        a.Bind(new IPEndPoint(IPAddress.Any, 4000));
                        a.Listen(5);
                        var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        b.ExclusiveAddressUse = false;
                        b.Bind(new IPEndPoint(IPAddress.Any, 4001));
                        b.Listen(5);
                        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                        c.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, reuse);
                        c.Bind(new IPEndPoint(IPAddress.Any, 4002));
                        c.Listen(5);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Raw_reuse_option_set_by_the_code_is_silent()
        {
            // SetRawSocketOption with the platform's SO_REUSEADDR numbers does what .NET would do for a Tcp socket.
            string source = Usings + """
                class Server
                {
                    void Run(int port)
                    {
                        var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Unspecified);
                        s.DualMode = true;
                        if (OperatingSystem.IsLinux())
                        {
                            s.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
                        }
                        else
                        {
                            s.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));
                        }

                        s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                        s.Listen(5);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Reuse_turned_off_does_not_silence_the_rule()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, [|ProtocolType.IP|]);
                        a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
                        a.Bind(new IPEndPoint(IPAddress.Any, 4000));
                        a.Listen(5);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task TcpListener_is_silent()
        {
            string source = Usings + """
                class Server
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Any, 8080);
                        listener.Start();
                        var raw = listener.Server;
                        raw.Listen(10);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Socket_returned_from_a_factory_is_out_of_reach_and_silent()
        {
            string source = Usings + """
                class Server
                {
                    static Socket Create() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                    void Run()
                    {
                        var s = Create();
                        s.Bind(new IPEndPoint(IPAddress.Any, 1));
                        s.Listen(1);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Incomplete_code_does_not_throw()
        {
            var test = new AnalyzerTest<ListenerWithoutAddressReuseAnalyzer>
            {
                TestCode = Usings + """
                    class Server
                    {
                        Socket _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, 
                        void Run()
                        {
                            _s.Bind(new IPEndPoint(IPAddress.Any, ));
                            _s.Listen(
                            var x = new Socket(SocketType.Stream, ProtocolType.Unspecified
                        }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
