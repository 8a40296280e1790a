using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ListenerWithoutAddressReuseAnalyzer,
    SocketAnalyzers.CodeFixes.ListenerWithoutAddressReuseCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK001RawTests
    {
        private const string Natives = """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                public const int SOL_SOCKET = 1;
                public const int SO_REUSEADDR = 2;
                [DllImport("libc", SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
                [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
            }

            """;

        [Fact]
        public async Task Bind_then_listen_without_setsockopt_is_flagged_and_fixed_with_ref()
        {
            string source = Natives + """
                class Server
                {
                    int Start(byte[] addr)
                    {
                        int fd = Native.socket(2, 1, 0);
                        if ([|Native.bind(fd, addr, addr.Length)|] < 0) return -1;
                        Native.listen(fd, 128);
                        return fd;
                    }
                }
                """;
            string fixedSource = Natives + """
                class Server
                {
                    int Start(byte[] addr)
                    {
                        int fd = Native.socket(2, 1, 0);
                        int reuseAddress = 1;
                        Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref reuseAddress, sizeof(int));
                        if (Native.bind(fd, addr, addr.Length) < 0) return -1;
                        Native.listen(fd, 128);
                        return fd;
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Message_names_the_descriptor()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        {|#0:Native.bind(fd, addr, addr.Length)|};
                        Native.listen(fd, 128);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic("SOCK001").WithLocation(0).WithMessage(
                "'fd' is bound without SO_REUSEADDR, so this listener cannot restart (EADDRINUSE) while old connections are in TIME_WAIT; set SO_REUSEADDR with setsockopt before bind"));
        }

        [Theory]
        [InlineData("Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, ref one, sizeof(int));", "named constants")]
        [InlineData("Native.setsockopt(fd, 1, 2, ref one, 4);", "Linux numbers for SO_REUSEADDR")]
        [InlineData("Native.setsockopt(fd, 1, 15, ref one, 4);", "Linux numbers for SO_REUSEPORT")]
        [InlineData("Native.setsockopt(fd, 0xffff, 4, ref one, 4);", "BSD and Winsock numbers")]
        public async Task Reuse_set_before_bind_is_silent(string setsockopt, string why)
        {
            Assert.NotNull(why);
            string source = Natives + $$"""
                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        int one = 1;
                        {{setsockopt}}
                        Native.bind(fd, addr, addr.Length);
                        Native.listen(fd, 128);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Reuse_set_after_bind_or_on_another_descriptor_does_not_count()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd, int other, byte[] addr)
                    {
                        int one = 1;
                        Native.setsockopt(other, 1, 2, ref one, 4);
                        [|Native.bind(fd, addr, addr.Length)|];
                        Native.setsockopt(fd, 1, 2, ref one, 4);
                        Native.listen(fd, 128);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Bind_without_listen_is_silent()
        {
            string source = Natives + """
                class Client
                {
                    void Start(int fd, byte[] addr) => Native.bind(fd, addr, addr.Length);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Managed_method_named_bind_is_silent()
        {
            string source = """
                class Binder
                {
                    static int bind(int fd) => fd;
                    static int listen(int fd) => fd;
                    void Run() { bind(3); listen(3); }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Missing_setsockopt_is_declared_with_ref_and_literals_when_no_constants_exist()
        {
            string source = """
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, uint len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);

                    void Start(int fd, byte[] addr)
                    {
                        [|bind(fd, addr, (uint)addr.Length)|];
                        listen(fd, 16);
                    }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, uint len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);

                    void Start(int fd, byte[] addr)
                    {
                        int reuseAddress = 1;
                        setsockopt(fd, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, ref reuseAddress, sizeof(int));
                        bind(fd, addr, (uint)addr.Length);
                        listen(fd, 16);
                    }

                    [DllImport("libc", SetLastError = true)]
                    private static extern int setsockopt(int socket, int level, int optionName, ref int optionValue, uint optionLength);
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Winsock_declaration_is_silent_and_gets_no_SO_REUSEADDR()
        {
            // Windows rebinds a port in TIME_WAIT without SO_REUSEADDR (KB 307175), and Winsock's SO_REUSEADDR lets
            // another socket bind the same port and take its traffic: the raw rule is for libc-style stacks only.
            string source = """
                using System;
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("ws2_32.dll", SetLastError = true)] static extern int bind(IntPtr s, byte[] addr, int len);
                    [DllImport("ws2_32.dll", SetLastError = true)] static extern int listen(IntPtr s, int backlog);
                    [DllImport("ws2_32.dll", SetLastError = true)] static extern int setsockopt(IntPtr s, int level, int name, byte[] value, int len);

                    void Start(IntPtr s, byte[] addr)
                    {
                        bind(s, addr, addr.Length);
                        listen(s, 16);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Pointer_declaration_outside_unsafe_code_gets_an_unsafe_block()
        {
            string source = """
                using System.Runtime.InteropServices;

                unsafe static class Native
                {
                    [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, void* value, uint len);
                }

                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        [|Native.bind(fd, addr, 0)|];
                        Native.listen(fd, 16);
                    }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                unsafe static class Native
                {
                    [DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, void* value, uint len);
                }

                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        unsafe
                        {
                            int reuseAddress = 1;
                            Native.setsockopt(fd, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, &reuseAddress, sizeof(int));
                        }
                        Native.bind(fd, addr, 0);
                        Native.listen(fd, 16);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task IntPtr_declaration_without_unsafe_code_uses_an_unmanaged_buffer()
        {
            string source = """
                using System;
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] static extern int setsockopt(int fd, int level, int name, IntPtr value, int len);

                    void Start(int fd, byte[] addr)
                    {
                        [|bind(fd, addr, addr.Length)|];
                        listen(fd, 16);
                    }
                }
                """;
            string fixedSource = """
                using System;
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] static extern int setsockopt(int fd, int level, int name, IntPtr value, int len);

                    void Start(int fd, byte[] addr)
                    {
                        var reuseAddress = Marshal.AllocHGlobal(sizeof(int));
                        try
                        {
                            Marshal.WriteInt32(reuseAddress, 1);
                            setsockopt(fd, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, reuseAddress, sizeof(int));
                        }
                        finally
                        {
                            Marshal.FreeHGlobal(reuseAddress);
                        }
                        bind(fd, addr, addr.Length);
                        listen(fd, 16);
                    }
                }
                """;
            var test = new CodeFixTest<ListenerWithoutAddressReuseAnalyzer, ListenerWithoutAddressReuseCodeFixProvider>
            {
                TestCode = source,
                FixedCode = fixedSource,
                AllowUnsafeBlocks = false,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_in_one_method_uses_distinct_locals_and_declares_setsockopt_once()
        {
            string source = """
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);

                    void Start(int a, int b, byte[] addr)
                    {
                        [|bind(a, addr, addr.Length)|];
                        listen(a, 16);
                        [|bind(b, addr, addr.Length)|];
                        listen(b, 16);
                    }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                class Server
                {
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);

                    void Start(int a, int b, byte[] addr)
                    {
                        int reuseAddress = 1;
                        setsockopt(a, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, ref reuseAddress, sizeof(int));
                        bind(a, addr, addr.Length);
                        listen(a, 16);
                        int reuseAddress2 = 1;
                        setsockopt(b, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, ref reuseAddress2, sizeof(int));
                        bind(b, addr, addr.Length);
                        listen(b, 16);
                    }

                    [DllImport("libc", SetLastError = true)]
                    private static extern int setsockopt(int socket, int level, int optionName, ref int optionValue, uint optionLength);
                }
                """;
            var test = new CodeFixTest<ListenerWithoutAddressReuseAnalyzer, ListenerWithoutAddressReuseCodeFixProvider>
            {
                TestCode = source,
                // One at a time the second fix finds the setsockopt the first one declared.
                FixedCode = fixedSource,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task LibraryImport_declarations_are_recognised()
        {
            string source = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", SetLastError = true)] public static partial int bind(int fd, byte[] addr, int len);
                    [LibraryImport("libc", SetLastError = true)] public static partial int listen(int fd, int backlog);
                }

                // What the source generator would emit.
                static partial class Native
                {
                    public static partial int bind(int fd, byte[] addr, int len) => 0;
                    public static partial int listen(int fd, int backlog) => 0;
                }

                class Server
                {
                    void Start(int fd, byte[] addr)
                    {
                        [|Native.bind(fd, addr, addr.Length)|];
                        Native.listen(fd, 1);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Fix_all_in_top_level_statements_uses_distinct_locals()
        {
            string natives = """

                static class Native
                {
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] public static extern int bind(int fd, byte[] addr, int len);
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] public static extern int listen(int fd, int backlog);
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                }
                """;
            var test = new CodeFixTest<ListenerWithoutAddressReuseAnalyzer, ListenerWithoutAddressReuseCodeFixProvider>
            {
                TestCode = """
                    byte[] addr = new byte[16];
                    int a = 3, b = 4;
                    [|Native.bind(a, addr, addr.Length)|];
                    Native.listen(a, 1);
                    [|Native.bind(b, addr, addr.Length)|];
                    Native.listen(b, 1);
                    """ + natives,
                FixedCode = """
                    byte[] addr = new byte[16];
                    int a = 3, b = 4;
                    int reuseAddress = 1;
                    Native.setsockopt(a, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, ref reuseAddress, sizeof(int));
                    Native.bind(a, addr, addr.Length);
                    Native.listen(a, 1);
                    int reuseAddress2 = 1;
                    Native.setsockopt(b, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, ref reuseAddress2, sizeof(int));
                    Native.bind(b, addr, addr.Length);
                    Native.listen(b, 1);
                    """ + natives,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }
    }
}
