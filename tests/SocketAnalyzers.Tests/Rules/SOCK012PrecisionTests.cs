using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.SocketPInvokeDeclarationAnalyzer,
    SocketAnalyzers.CodeFixes.SocketPInvokeWithoutSetLastErrorCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK012: an explicit SetLastError = false is silent at the declaration; reading GetLastPInvokeError or
    /// GetLastWin32Error after a call to an import that does not capture the error is flagged at the read, and the fix
    /// edits the import.
    /// </summary>
    public class SOCK012PrecisionTests
    {
        [Fact]
        public async Task Reading_the_error_after_an_explicit_false_import_is_flagged_at_the_read_and_fixed_at_the_import()
        {
            string source = """
                using System.Net.Sockets;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [{|#1:DllImport("libc", SetLastError = false)|}]
                    public static extern int listen(int fd, int backlog);

                    public static void Listen(int fd)
                    {
                        if (listen(fd, 16) < 0)
                        {
                            throw new SocketException({|#0:Marshal.GetLastPInvokeError()|});
                        }
                    }
                }
                """;
            string fixedSource = """
                using System.Net.Sockets;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int listen(int fd, int backlog);

                    public static void Listen(int fd)
                    {
                        if (listen(fd, 16) < 0)
                        {
                            throw new SocketException(Marshal.GetLastPInvokeError());
                        }
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithLocation(1).WithMessage(
                    "'listen' is imported without SetLastError = true, so Marshal.GetLastPInvokeError() cannot report why listen failed; add it to the DllImport"),
            }, fixedSource);
        }

        [Fact]
        public async Task An_omitted_flag_read_with_GetLastWin32Error_is_flagged_at_both_and_fixed_once()
        {
            string source = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [{|#0:DllImport("libc")|}]
                    public static extern int bind(int fd, byte[] address, int length);

                    public static int Bind(int fd, byte[] address)
                    {
                        int result = bind(fd, address, address.Length);
                        return result < 0 ? {|#1:Marshal.GetLastWin32Error()|} : 0;
                    }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int bind(int fd, byte[] address, int length);

                    public static int Bind(int fd, byte[] address)
                    {
                        int result = bind(fd, address, address.Length);
                        return result < 0 ? Marshal.GetLastWin32Error() : 0;
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithArguments("bind", "bind", "DllImport"),
                VerifyCS.Diagnostic("SOCK012").WithLocation(1).WithLocation(0).WithArguments("bind", "bind", "DllImport"),
            }, fixedSource);
        }

        [Fact]
        public async Task Silent_when_the_import_captures_the_error_when_the_nearest_call_is_another_import_or_when_errno_is_read_live()
        {
            string source = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = false)]
                    public static extern int shutdown(int fd, int how);

                    [DllImport("libc", SetLastError = true)]
                    public static extern int connect(int fd, byte[] address, int length);

                    [DllImport("libc", SetLastError = true)]
                    public static extern int close(int fd);

                    public static int Run(int fd, byte[] address)
                    {
                        shutdown(fd, 2);
                        if (connect(fd, address, address.Length) < 0)
                        {
                            return Marshal.GetLastPInvokeError();
                        }

                        shutdown(fd, 2);
                        close(fd);
                        int closeError = Marshal.GetLastPInvokeError();
                        shutdown(fd, 2);
                        return Marshal.GetLastSystemError() + closeError;
                    }

                    public static void NeverRead(int fd) => shutdown(fd, 1);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task LibraryImport_with_explicit_false_read_after_the_call_is_flagged()
        {
            string source = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [{|#1:LibraryImport("libc", EntryPoint = "connect", SetLastError = false)|}]
                    public static partial int Connect(int fd, byte[] addr, int len);

                    public static int Try(int fd, byte[] addr) => Connect(fd, addr, addr.Length) < 0 ? {|#0:Marshal.GetLastPInvokeError()|} : 0;
                }

                static partial class Native
                {
                    public static partial int Connect(int fd, byte[] addr, int len) => -1;
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithLocation(1).WithArguments("Connect", "connect", "LibraryImport"));
        }
    }
}
