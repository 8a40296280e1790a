using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Verifiers;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.RawSocketOptionWindowsNumbersAnalyzer>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK013RawSocketOptionWindowsNumbersTests
    {
        [Fact]
        public async Task Socket_level_from_the_enum_is_flagged_with_message()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket)
                    {
                        socket.SetRawSocketOption({|#0:(int)SocketOptionLevel.Socket|}, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic("SOCK013").WithLocation(0).WithMessage(
                "'(int)SocketOptionLevel.Socket' is the Winsock option level 0xffff (SOL_SOCKET on Windows): on Linux no level has that number, so SetRawSocketOption fails (ENOPROTOOPT); use SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value)"));
        }

        [Fact]
        public async Task Winsock_option_name_at_a_protocol_level_is_flagged_with_the_Linux_meaning()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket)
                    {
                        socket.SetRawSocketOption((int)SocketOptionLevel.IP, {|#0:(int)SocketOptionName.HeaderIncluded|}, BitConverter.GetBytes(5));
                        Span<byte> value = stackalloc byte[4];
                        socket.GetRawSocketOption(17, {|#1:(int)SocketOptionName.ChecksumCoverage|}, value);
                        socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, {|#2:(int)SocketOptionName.TcpKeepAliveRetryCount|}, BitConverter.GetBytes(3));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic("SOCK013").WithLocation(0).WithMessage(
                    "'(int)SocketOptionName.HeaderIncluded' is the Winsock option number 2 (HeaderIncluded): on Linux (0, 2) is IP_TTL, so SetRawSocketOption sets that option instead or fails; use SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, value)"),
                Verify.Diagnostic("SOCK013").WithLocation(1).WithMessage(
                    "'(int)SocketOptionName.ChecksumCoverage' is the Winsock option number 20 (ChecksumCoverage): on Linux no option is (17, 20), so GetRawSocketOption fails; use GetSocketOption(SocketOptionLevel.Udp, SocketOptionName.ChecksumCoverage)"),
                Verify.Diagnostic("SOCK013").WithLocation(2).WithMessage(
                    "'(int)SocketOptionName.TcpKeepAliveRetryCount' is the Winsock option number 16 (TcpKeepAliveRetryCount): on Linux (6, 16) is TCP_THIN_LINEAR_TIMEOUTS, so SetRawSocketOption sets that option instead or fails; use SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, value)"));
        }

        [Fact]
        public async Task Get_with_socket_level_names_its_own_error()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    int Read(Socket socket)
                    {
                        var value = new byte[4];
                        return socket.GetRawSocketOption({|#0:(int)SocketOptionLevel.Socket|}, 8, value);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic("SOCK013").WithLocation(0).WithMessage(
                "'(int)SocketOptionLevel.Socket' is the Winsock option level 0xffff (SOL_SOCKET on Windows): on Linux no level has that number, so GetRawSocketOption fails (EOPNOTSUPP); use GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)"));
        }

        [Theory]
        [InlineData("0xffff, 4")]
        [InlineData("SOL_SOCKET, 8")]
        [InlineData("65535, name")]
        public async Task Constant_level_0xffff_is_flagged(string arguments)
        {
            string source = $$"""
                using System;
                using System.Net.Sockets;

                class Server
                {
                    const int SOL_SOCKET = 0xffff;

                    void Start(Socket socket, int name)
                    {
                        socket.SetRawSocketOption({|SOCK013:{{arguments.Split(',')[0]}}|},{{arguments.Split(',')[1]}}, BitConverter.GetBytes(1));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Linux_numbers_same_meaning_pairs_and_typed_overloads_are_silent()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    const int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_TCP = 6, TCP_KEEPIDLE = 4;

                    void Start(Socket socket, int level, int name)
                    {
                        socket.SetRawSocketOption(SOL_SOCKET, SO_REUSEADDR, BitConverter.GetBytes(1));
                        socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
                        socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TCP_KEEPIDLE, BitConverter.GetBytes(30));
                        socket.SetRawSocketOption(IPPROTO_TCP, (int)SocketOptionName.NoDelay, BitConverter.GetBytes(1));
                        socket.SetRawSocketOption((int)SocketOptionLevel.IP, 2, BitConverter.GetBytes(64));
                        socket.SetRawSocketOption(level, name, BitConverter.GetBytes(1));
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        socket.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Code_under_a_Windows_or_BSD_check_is_silent()
        {
            string source = """
                using System;
                using System.Net.Sockets;
                using System.Runtime.InteropServices;
                using System.Runtime.Versioning;

                class Server
                {
                    void Start(Socket socket)
                    {
                        if (OperatingSystem.IsWindows())
                        {
                            socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));
                        }

                        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) || OperatingSystem.IsFreeBSD())
                        {
                            socket.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));
                        }

                        if (!OperatingSystem.IsWindows())
                        {
                            socket.SetRawSocketOption({|SOCK013:0xffff|}, 4, BitConverter.GetBytes(1));
                        }

                        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                        {
                            socket.SetRawSocketOption({|SOCK013:0xffff|}, 4, BitConverter.GetBytes(1));
                        }
                        else
                        {
                            socket.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));
                        }

                        int result = OperatingSystem.IsLinux()
                            ? socket.GetRawSocketOption(1, 2, new byte[4])
                            : socket.GetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, new byte[4]);
                    }

                    [SupportedOSPlatform("windows")]
                    void WindowsOnly(Socket socket)
                        => socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.KeepAlive, BitConverter.GetBytes(1));
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Code_after_a_guard_that_leaves_on_Linux_is_silent()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    void MacOnly(Socket socket)
                    {
                        if (!OperatingSystem.IsMacOS()) return;
                        socket.SetRawSocketOption(0xffff, 0x1116, BitConverter.GetBytes(1));
                    }

                    void NotOnLinux(Socket socket)
                    {
                        if (OperatingSystem.IsLinux())
                        {
                            throw new PlatformNotSupportedException();
                        }

                        socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));
                    }

                    void GuardThatDoesNotLeave(Socket socket)
                    {
                        if (!OperatingSystem.IsMacOS()) Console.WriteLine("not macOS");
                        socket.SetRawSocketOption({|SOCK013:0xffff|}, 4, BitConverter.GetBytes(1));
                    }

                    void GuardAfterTheCall(Socket socket)
                    {
                        socket.SetRawSocketOption({|SOCK013:0xffff|}, 4, BitConverter.GetBytes(1));
                        if (!OperatingSystem.IsMacOS()) return;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Other_methods_named_like_the_raw_ones_are_silent()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Wrapper
                {
                    public void SetRawSocketOption(int level, int name, ReadOnlySpan<byte> value) { }

                    void Start(Wrapper wrapper)
                    {
                        wrapper.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, default);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Incomplete_code_does_not_throw()
        {
            var test = new AnalyzerTest<RawSocketOptionWindowsNumbersAnalyzer>
            {
                TestCode = """
                    using System;
                    using System.Net.Sockets;

                    class Server
                    {
                        void Start(Socket socket)
                        {
                            socket.SetRawSocketOption((int)SocketOptionLevel.Socket);
                            socket.SetRawSocketOption(, (int)SocketOptionName.ReuseAddress, default);
                            socket.GetRawSocketOption((int)SocketOptionLevel.IP, (int)SocketOptionName.Missing, default);
                            socket.SetRawSocketOption((int)SocketOptionLevel.IP, (int)SocketOptionName.HeaderIncluded
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.TestState.MarkupHandling = MarkupMode.None;
            test.DisabledDiagnostics.Add("SOCK013");
            await test.RunAsync();
        }
    }
}
