using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.SocketPInvokeDeclarationAnalyzer,
    SocketAnalyzers.CodeFixes.SocketPInvokeWithoutSetLastErrorCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK012SocketPInvokeWithoutSetLastErrorTests
    {
        [Fact]
        public async Task DllImport_without_SetLastError_is_flagged_with_a_message_and_fixed()
        {
            string source = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [{|#0:DllImport("libc")|}]
                    public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithMessage(
                    "'setsockopt' is imported without SetLastError = true, so Marshal.GetLastPInvokeError() cannot report why setsockopt failed; add it to the DllImport"),
            }, fixedSource);
        }

        [Theory]
        [InlineData("socket", "int domain, int type, int protocol")]
        [InlineData("bind", "int fd, byte[] addr, int len")]
        [InlineData("listen", "int fd, int backlog")]
        [InlineData("accept", "int fd, System.IntPtr addr, System.IntPtr len")]
        [InlineData("accept4", "int fd, System.IntPtr addr, System.IntPtr len, int flags")]
        [InlineData("connect", "int fd, byte[] addr, int len")]
        [InlineData("getsockopt", "int fd, int level, int name, out int value, ref int len")]
        [InlineData("shutdown", "int fd, int how")]
        [InlineData("send", "int fd, byte[] buf, nint len, int flags")]
        [InlineData("sendto", "int fd, byte[] buf, nint len, int flags, byte[] addr, int alen")]
        [InlineData("recv", "int fd, byte[] buf, nint len, int flags")]
        [InlineData("recvfrom", "int fd, byte[] buf, nint len, int flags, byte[] addr, ref int alen")]
        [InlineData("getsockname", "int fd, byte[] addr, ref int len")]
        [InlineData("getpeername", "int fd, byte[] addr, ref int len")]
        public async Task Every_socket_function_is_covered(string name, string parameters)
        {
            string source = $$"""
                using System.Runtime.InteropServices;

                static class Native
                {
                    [{|SOCK012:DllImport("libc")|}] public static extern int {{name}}({{parameters}});
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Entry_point_names_the_function_and_other_named_arguments_are_kept()
        {
            string source = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [{|#0:DllImport("libc", EntryPoint = "recv", ExactSpelling = true)|}]
                    public static extern nint Receive(int fd, byte[] buffer, nint length, int flags);

                    [DllImport("libc", SetLastError = false)]
                    public static extern int listen(int fd, int backlog);
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", EntryPoint = "recv", ExactSpelling = true, SetLastError = true)]
                    public static extern nint Receive(int fd, byte[] buffer, nint length, int flags);

                    [DllImport("libc", SetLastError = false)]
                    public static extern int listen(int fd, int backlog);
                }
                """;
            // An explicit SetLastError = false that nobody reads the error of is a decision, not an omission: silent
            // (SOCK012PrecisionTests covers the reads that make it wrong).
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithMessage(
                    "'Receive' is imported without SetLastError = true, so Marshal.GetLastPInvokeError() cannot report why recv failed; add it to the DllImport"),
            }, fixedSource);
        }

        [Fact]
        public async Task LibraryImport_is_flagged_once_and_fixed()
        {
            string source = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [{|#0:LibraryImport("libc", EntryPoint = "connect")|}]
                    public static partial int Connect(int fd, byte[] addr, int len);
                }

                // What the source generator would emit.
                static partial class Native
                {
                    public static partial int Connect(int fd, byte[] addr, int len) => -1;
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
                    public static partial int Connect(int fd, byte[] addr, int len);
                }

                // What the source generator would emit.
                static partial class Native
                {
                    public static partial int Connect(int fd, byte[] addr, int len) => -1;
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK012").WithLocation(0).WithMessage(
                    "'Connect' is imported without SetLastError = true, so Marshal.GetLastPInvokeError() cannot report why connect failed; add it to the LibraryImport"),
            }, fixedSource);
        }

        [Fact]
        public async Task Correct_imports_other_functions_and_managed_methods_are_silent()
        {
            string source = """
                using System;
                using System.Runtime.InteropServices;

                static unsafe partial class Native
                {
                    [DllImport("libc", SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
                    [LibraryImport("libc", SetLastError = true)] public static partial int bind(int fd, byte[] addr, int len);
                    public static partial int bind(int fd, byte[] addr, int len) => 0;
                    [DllImport("libc")] public static extern int close(int fd);
                    [DllImport("libc", EntryPoint = "close")] public static extern int send(int fd);
                    public static int listen(int fd, int backlog) => 0;
                    public static int connect(int fd) => fd;

                    delegate int SendDelegate(int fd, byte[] buffer, nint length, int flags);

                    static int Call(delegate* unmanaged<int, int, int> shutdown, SendDelegate send)
                        => shutdown(3, 2) + send(3, Array.Empty<byte>(), 0, 0);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Fix_all_covers_every_document()
        {
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SocketPInvokeWithoutSetLastErrorCodeFixProvider>();
            test.TestState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class A
                {
                    [{|SOCK012:DllImport("libc")|}] public static extern int socket(int domain, int type, int protocol);
                    [{|SOCK012:DllImport("libc", CallingConvention = CallingConvention.Cdecl)|}] public static extern int shutdown(int fd, int how);
                }
                """);
            test.TestState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class A
                {
                    [{|SOCK012:DllImport("ws2_32.dll")|}] public static extern int send(System.IntPtr s, byte[] b, int n, int f);
                }
                """);
            test.FixedState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class A
                {
                    [DllImport("libc", SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
                    [DllImport("libc", CallingConvention = CallingConvention.Cdecl, SetLastError = true)] public static extern int shutdown(int fd, int how);
                }
                """);
            test.FixedState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class A
                {
                    [DllImport("ws2_32.dll", SetLastError = true)] public static extern int send(System.IntPtr s, byte[] b, int n, int f);
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Incomplete_declarations_do_not_throw()
        {
            var test = new AnalyzerTest<SocketPInvokeDeclarationAnalyzer>
            {
                TestCode = """
                    using System.Runtime.InteropServices;

                    static class Native
                    {
                        [DllImport()] public static extern int socket(int domain, int type, int protocol);
                        [DllImport("libc", SetLastError = )] public static extern int bind(int fd, byte[] addr, int len);
                        [DllImport("libc")] public static extern int listen(int fd,
                        [LibraryImport] public static partial int connect(int fd);
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.TestState.MarkupHandling = MarkupMode.None;
            test.DisabledDiagnostics.Add("SOCK012");
            test.DisabledDiagnostics.Add("SOCK002");
            await test.RunAsync();
        }
    }
}
