using System.Threading.Tasks;
using Verify001 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.ListenerWithoutAddressReuseAnalyzer>;
using Verify006 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.ReuseOptionAfterBindAnalyzer>;
using Verify007 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.ListenerShareablePortAnalyzer>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// The reuse-policy classes found on real servers (issue 13) and the inconsistencies of issue 11 that the socket
    /// model removes: port 0 listeners, fields set to null when the server stops, settings defaults, Winsock imports,
    /// EntryPoint imports, constructor binds, ExclusiveAddressUse in an initializer.
    /// </summary>
    public class ReusePolicyRealServerTests
    {
        [Fact]
        public async Task SOCK007_is_silent_for_a_socket_listener_bound_to_constant_port_0()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class SignalPair
                {
                    private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                    public SignalPair()
                    {
                        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                        _listener.Listen(1);
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK007_is_silent_for_a_TcpListener_on_constant_port_0()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class Wakeup
                {
                    void Run()
                    {
                        var listener = new TcpListener(IPAddress.Loopback, 0) { ExclusiveAddressUse = false };
                        listener.Start();
                        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
                        var other = new TcpListener(endpoint);
                        other.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        other.Start();
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK007_still_reports_a_listener_whose_field_is_set_to_null_when_the_server_stops()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class Server
                {
                    private TcpListener _listener;

                    public void Start(int port)
                    {
                        _listener = new TcpListener(IPAddress.Any, port);
                        [|_listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        _listener.Start();
                    }

                    public void Stop()
                    {
                        _listener?.Stop();
                        _listener = null;
                    }
                }

                class DisposingServer
                {
                    private Socket _socket;

                    public void Start()
                    {
                        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        [|_socket.ExclusiveAddressUse = false|];
                        _socket.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        _socket.Listen(100);
                    }

                    public void Stop()
                    {
                        _socket.Dispose();
                        _socket = null!;
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK007_still_skips_a_field_given_two_different_sockets()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class Server
                {
                    private TcpListener _listener;

                    public void Start(int port)
                    {
                        _listener = new TcpListener(IPAddress.Any, port);
                        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        _listener.Start();
                    }

                    public void Restart(int port)
                    {
                        _listener = new TcpListener(IPAddress.Loopback, port);
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK007_reports_a_settings_default_that_reaches_a_listener_at_the_default()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                public class ServerOptions
                {
                    public int Port { get; set; } = 5000;
                    public bool ReuseAddress { get; set; } = [|true|];
                    public bool ExclusiveAddressUse { get; set; } = [|false|];
                }

                class Server
                {
                    private readonly ServerOptions _options;

                    public Server(ServerOptions options) => _options = options;

                    public void Start()
                    {
                        var listener = new TcpListener(IPAddress.Any, _options.Port);
                        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, _options.ReuseAddress);
                        listener.Start();
                    }

                    public void StartExclusive()
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        socket.ExclusiveAddressUse = _options.ExclusiveAddressUse;
                        socket.Bind(new IPEndPoint(IPAddress.Any, _options.Port));
                        socket.Listen(10);
                    }

                    public void StartAgain()
                    {
                        // The same default consumed a second time: still one diagnostic, at the default.
                        var listener = new TcpListener(IPAddress.Any, _options.Port);
                        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, _options.ReuseAddress);
                        listener.Start();
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK007_is_silent_for_safe_settings_defaults_and_non_literal_defaults()
        {
            await Verify007.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Sockets;

                public class ServerOptions
                {
                    public bool ReuseAddress { get; set; }
                    public bool ShareWithOthers { get; set; } = Environment.GetEnvironmentVariable("SHARE") == "1";
                    public bool ExclusiveAddressUse { get; set; } = true;
                }

                class Server
                {
                    public void Start(ServerOptions options)
                    {
                        var a = new TcpListener(IPAddress.Any, 5000);
                        a.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, options.ReuseAddress);
                        a.Start();
                        var b = new TcpListener(IPAddress.Any, 5001);
                        b.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, options.ShareWithOthers);
                        b.Start();
                        var c = new TcpListener(IPAddress.Any, 5002);
                        c.ExclusiveAddressUse = options.ExclusiveAddressUse;
                        c.Start();
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK001_sees_bind_and_listen_imported_under_other_names()
        {
            await Verify001.VerifyAnalyzerAsync("""
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", EntryPoint = "bind", SetLastError = true)] internal static extern int Bind(int fd, byte[] addr, int len);
                    [DllImport("libc", EntryPoint = "listen", SetLastError = true)] internal static extern int Listen(int fd, int backlog);
                }

                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        [|Native.Bind(fd, addr, addr.Length)|];
                        Native.Listen(fd, 16);
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK001_sees_ExclusiveAddressUse_false_in_an_initializer_as_reuse()
        {
            await Verify001.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class Server
                {
                    void Start()
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified) { ExclusiveAddressUse = false };
                        s.Bind(new IPEndPoint(IPAddress.Any, 7000));
                        s.Listen(8);
                    }
                }
                """);
        }

        [Fact]
        public async Task SOCK006_reports_a_reuse_option_after_a_binding_constructor()
        {
            await Verify006.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Net.Sockets;

                class Receiver
                {
                    void Run()
                    {
                        var udp = new UdpClient(5000);
                        [|udp.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true)|];
                        var tcp = new TcpClient(new IPEndPoint(IPAddress.Any, 6000));
                        [|tcp.ExclusiveAddressUse = false|];
                    }
                }
                """);
        }
    }
}
