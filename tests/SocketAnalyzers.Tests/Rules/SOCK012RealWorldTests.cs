using System.Threading.Tasks;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    SocketAnalyzers.SocketPInvokeDeclarationAnalyzer>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK012 on the two shapes of hand-written socket imports met in the widened real-world check
    /// (docs/precision.md): a platform layer whose error helper reads the saved error in a method of its own, and a
    /// Winsock layer that reads the error through an imported WSAGetLastError. Both are judged right there and are kept
    /// flagged at the declaration; the error-reading helpers themselves are not socket functions and stay silent.
    /// </summary>
    public class SOCK012RealWorldTests
    {
        [Fact]
        public async Task A_libc_layer_whose_separate_error_helper_reads_the_saved_error_is_flagged_at_each_import()
        {
            // The helper reads Marshal.GetLastPInvokeError() in a method with no P/Invoke call before the read, so the
            // certain case (at the read) does not apply; the imports lack SetLastError, so the helper always gets 0 or
            // a stale value: the declaration case.
            string source = """
                using System.Net.Sockets;
                using System.Runtime.InteropServices;

                static unsafe class PosixSockets
                {
                    private const string Lib = "libc";

                    public static SocketError LastError() => (SocketError)Marshal.GetLastPInvokeError();

                    [{|#0:DllImport(Lib, CallingConvention = CallingConvention.Cdecl)|}]
                    public static extern int socket(int family, int type, int protocol);

                    [{|#1:DllImport(Lib, CallingConvention = CallingConvention.Cdecl)|}]
                    public static extern int recvfrom(int fd, byte* buffer, int length, int flags, byte* address, int* addressLength);

                    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
                    public static extern int fcntl(int fd, int command, int argument);

                    public static SocketError Open(out int fd)
                    {
                        fd = socket(2, 2, 17);
                        return fd < 0 ? LastError() : SocketError.Success;
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(
                source,
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithArguments("socket", "socket", "DllImport"),
                VerifyCS.Diagnostic("SOCK012").WithLocation(1).WithArguments("recvfrom", "recvfrom", "DllImport"));
        }

        [Fact]
        public async Task A_winsock_layer_that_reads_errors_through_an_imported_WSAGetLastError_is_flagged_at_the_socket_imports()
        {
            // Reading the thread's last error through a second import is what SetLastError exists to replace: the runtime
            // may run native code between the two calls (the first call of the error import is itself resolved then).
            // WSAGetLastError is not a socket function of the rule's list and is not flagged.
            string source = """
                using System.Net.Sockets;
                using System.Runtime.InteropServices;

                static unsafe class WinsockLayer
                {
                    private const string Ws2 = "ws2_32.dll";

                    [{|#0:DllImport(Ws2, CallingConvention = CallingConvention.StdCall)|}]
                    private static extern SocketError bind(nint s, byte* address, int addressLength);

                    [DllImport(Ws2, CallingConvention = CallingConvention.StdCall)]
                    private static extern int WSAGetLastError();

                    public static SocketError Bind(nint s, byte* address, int addressLength)
                    {
                        SocketError result = bind(s, address, addressLength);
                        return result == SocketError.SocketError ? (SocketError)WSAGetLastError() : SocketError.Success;
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(
                source,
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithArguments("bind", "bind", "DllImport"));
        }

        [Fact]
        public async Task An_epoll_style_layer_that_captures_the_error_on_every_import_is_silent()
        {
            string source = """
                using System;
                using System.Runtime.InteropServices;

                static class EpollServerNative
                {
                    [DllImport("libc", SetLastError = true)] internal static extern int socket(int domain, int type, int protocol);
                    [DllImport("libc", SetLastError = true)] internal static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] internal static extern int accept4(int fd, IntPtr address, IntPtr length, int flags);
                    [DllImport("libc", SetLastError = true)] internal static extern int setsockopt(int fd, int level, int name, ref int value, uint length);

                    internal static int Listen(int fd)
                    {
                        int one = 1;
                        if (setsockopt(fd, 1, 2, ref one, sizeof(int)) < 0 || listen(fd, 512) < 0)
                        {
                            return -Marshal.GetLastPInvokeError();
                        }

                        return 0;
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }
    }
}
