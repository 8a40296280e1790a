using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Verifiers;
using Verify013 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.RawSocketOptionWindowsNumbersAnalyzer>;
using Verify009 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.SocketOptionLevelAnalyzer>;
using Verify005 = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.SocketOptionValueKindAnalyzer>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK013 on imported libc setsockopt/getsockopt, and option levels/names kept in single-assignment locals and
    /// readonly fields read as constants (SOCK005, SOCK009, SOCK013).
    /// </summary>
    public class OptionConstantsPrecisionTests
    {
        private const string Imports = """
            using System;
            using System.Net.Sockets;
            using System.Runtime.InteropServices;

            static class LibC
            {
                [DllImport("libc", SetLastError = true)]
                public static extern int setsockopt(int fd, int level, int name, ref int value, int length);

                [DllImport("libc", SetLastError = true)]
                public static extern int getsockopt(int fd, int level, int name, ref int value, ref int length);
            }

            static class Ws2
            {
                [DllImport("ws2_32.dll", SetLastError = true)]
                public static extern int setsockopt(IntPtr s, int level, int name, ref int value, int length);
            }

            """;

        [Fact]
        public async Task Enum_numbers_passed_to_an_imported_libc_setsockopt_are_flagged()
        {
            string source = Imports + """
                class Server
                {
                    void Configure(int fd)
                    {
                        int one = 1;
                        LibC.setsockopt(fd, {|#0:(int)SocketOptionLevel.Socket|}, (int)SocketOptionName.ReuseAddress, ref one, sizeof(int));
                        LibC.setsockopt(fd, 1, {|#1:(int)SocketOptionName.ReuseAddress|}, ref one, sizeof(int));
                        int length = sizeof(int);
                        LibC.getsockopt(fd, 0, {|#2:(int)SocketOptionName.TypeOfService|}, ref one, ref length);
                    }
                }
                """;
            const string Libc = "'setsockopt' (the C library's setsockopt)";
            await Verify013.VerifyAnalyzerAsync(source,
                Verify013.Diagnostic("SOCK013").WithLocation(0).WithArguments(
                    "(int)SocketOptionLevel.Socket", "option level 0xffff", "no level has that number", Libc + " fails with ENOPROTOOPT",
                    "the platform's SOL_SOCKET or the typed SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value)"),
                Verify013.Diagnostic("SOCK013").WithLocation(1).WithArguments(
                    "(int)SocketOptionName.ReuseAddress", "option number 4", "(1, 4) is SO_ERROR", Libc + " sets that instead or fails",
                    "the platform's constant or the typed SetSocketOption with SocketOptionLevel and SocketOptionName members"),
                Verify013.Diagnostic("SOCK013").WithLocation(2).WithArguments(
                    "(int)SocketOptionName.TypeOfService", "option number 3", "(0, 3) is IP_HDRINCL",
                    "'getsockopt' (the C library's getsockopt) reads that instead or fails",
                    "the platform's constant or the typed GetSocketOption with SocketOptionLevel and SocketOptionName members"));
        }

        [Fact]
        public async Task Winsock_imports_linux_constants_same_numbers_and_platform_checks_are_silent()
        {
            string source = Imports + """
                class Server
                {
                    const int SOL_SOCKET = 1;
                    const int SO_REUSEADDR = 2;

                    void Configure(int fd, IntPtr handle)
                    {
                        int one = 1;
                        Ws2.setsockopt(handle, (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, ref one, sizeof(int));
                        LibC.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ref one, sizeof(int));
                        LibC.setsockopt(fd, (int)SocketOptionLevel.Tcp, (int)SocketOptionName.NoDelay, ref one, sizeof(int));
                        LibC.setsockopt(fd, 1, (int)SocketOptionName.Debug, ref one, sizeof(int));
                        if (OperatingSystem.IsMacOS())
                        {
                            LibC.setsockopt(fd, (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, ref one, sizeof(int));
                        }
                    }
                }
                """;
            await Verify013.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task SOCK013_reads_levels_and_names_through_single_assignment_locals_and_readonly_fields()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    private readonly int _level = (int)SocketOptionLevel.Socket;
                    private static readonly int s_name = (int)SocketOptionName.HeaderIncluded;

                    void Configure(Socket socket)
                    {
                        int level = (int)SocketOptionLevel.Socket;
                        socket.SetRawSocketOption({|#0:level|}, 4, BitConverter.GetBytes(1));
                        socket.SetRawSocketOption({|#1:_level|}, 4, BitConverter.GetBytes(1));
                        socket.SetRawSocketOption(0, {|#2:s_name|}, BitConverter.GetBytes(1));
                    }

                    void Reassigned(Socket socket, bool linux)
                    {
                        int level = (int)SocketOptionLevel.Socket;
                        if (linux)
                        {
                            level = 1;
                        }

                        socket.SetRawSocketOption(level, 2, BitConverter.GetBytes(1));
                    }
                }
                """;
            const string WinsockLevel = "option level 0xffff (SOL_SOCKET on Windows)";
            const string Typed = "SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value)";
            await Verify013.VerifyAnalyzerAsync(source,
                Verify013.Diagnostic("SOCK013").WithLocation(0).WithArguments(
                    "level", WinsockLevel, "no level has that number", "SetRawSocketOption fails (ENOPROTOOPT)", Typed),
                Verify013.Diagnostic("SOCK013").WithLocation(1).WithArguments(
                    "_level", WinsockLevel, "no level has that number", "SetRawSocketOption fails (ENOPROTOOPT)", Typed),
                Verify013.Diagnostic("SOCK013").WithLocation(2).WithArguments(
                    "s_name", "option number 2 (HeaderIncluded)", "(0, 2) is IP_TTL", "SetRawSocketOption sets that option instead or fails",
                    "SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, value)"));
        }

        [Fact]
        public async Task A_readonly_field_assigned_in_a_constructor_is_not_a_constant()
        {
            string source = """
                using System;
                using System.Net.Sockets;

                class Server
                {
                    private readonly int _level = (int)SocketOptionLevel.Socket;

                    public Server(bool linux)
                    {
                        if (linux)
                        {
                            _level = 1;
                        }
                    }

                    void Configure(Socket socket) => socket.SetRawSocketOption(_level, 2, BitConverter.GetBytes(1));
                }
                """;
            await Verify013.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task SOCK009_reads_a_level_and_a_name_held_in_locals_and_readonly_fields()
        {
            string source = """
                using System.Net.Sockets;

                class Server
                {
                    private static readonly SocketOptionName NoDelayName = SocketOptionName.NoDelay;

                    void Configure(Socket socket)
                    {
                        var level = SocketOptionLevel.Socket;
                        socket.SetSocketOption([|level|], NoDelayName, true);
                    }
                }
                """;
            await Verify009.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task SOCK005_reads_an_option_name_held_in_a_local()
        {
            string source = """
                using System.Net.Sockets;

                class Server
                {
                    void Configure(Socket socket)
                    {
                        var name = SocketOptionName.Linger;
                        socket.SetSocketOption(SocketOptionLevel.Socket, name, [|true|]);
                    }
                }
                """;
            await Verify005.VerifyAnalyzerAsync(source);
        }
    }
}
