using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.SocketPInvokeDeclarationAnalyzer,
    SocketAnalyzers.CodeFixes.SetsockoptValueForReferenceCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK002SetsockoptValueForReferenceTests
    {
        // ------------------------------------------------------------ declarations

        [Fact]
        public async Task By_value_declaration_is_flagged_and_callers_in_other_documents_get_ref()
        {
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>();
            test.TestState.Sources.Add("""
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {|#0:int optval|}, int optlen);
                }
                """);
            test.TestState.Sources.Add("""
                class Server
                {
                    private int _reuse = 1;

                    void Start(int fd, bool enable)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, reuse, sizeof(int));
                        Native.setsockopt(fd, 1, 2, _reuse, sizeof(int));
                        Native.setsockopt(fd, 1, 2, 1, sizeof(int));
                        if (Native.setsockopt(fd, 6, 1, enable ? 1 : 0, sizeof(int)) < 0) return;
                    }
                }
                """);
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK002").WithLocation(0).WithMessage(
                "'int optval' passes the option value itself where setsockopt expects its address, so the call fails with EFAULT; declare it 'ref int' and pass a variable with ref"));
            test.FixedState.Sources.Add("""
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, ref int optval, int optlen);
                }
                """);
            test.FixedState.Sources.Add("""
                class Server
                {
                    private int _reuse = 1;

                    void Start(int fd, bool enable)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, ref reuse, sizeof(int));
                        Native.setsockopt(fd, 1, 2, ref _reuse, sizeof(int));
                        int optionValue = 1;
                        Native.setsockopt(fd, 1, 2, ref optionValue, sizeof(int));
                        int optionValue2 = enable ? 1 : 0;
                        if (Native.setsockopt(fd, 6, 1, ref optionValue2, sizeof(int)) < 0) return;
                    }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Getsockopt_by_value_becomes_out()
        {
            string source = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
                    public static extern int GetOption(int fd, int level, int name, {|#0:int value|}, ref int length);

                    static int Read(int fd)
                    {
                        int value = 0, length = sizeof(int);
                        GetOption(fd, 1, 2, value, ref length);
                        GetOption(fd, 1, 2, 0, ref length);
                        return value;
                    }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
                    public static extern int GetOption(int fd, int level, int name, out int value, ref int length);

                    static int Read(int fd)
                    {
                        int value = 0, length = sizeof(int);
                        GetOption(fd, 1, 2, out value, ref length);
                        GetOption(fd, 1, 2, out _, ref length);
                        return value;
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK002").WithLocation(0).WithMessage(
                    "'int value' passes the option value itself where getsockopt expects its address, so the call fails with EFAULT; declare it 'out int' and pass a variable with out"),
            }, fixedSource);
        }

        [Theory]
        [InlineData("bool")]
        [InlineData("long")]
        [InlineData("uint")]
        [InlineData("byte")]
        [InlineData("System.Net.Sockets.SocketOptionName")]
        [InlineData("Linger")]
        public async Task Numbers_bools_enums_and_structs_by_value_are_flagged(string type)
        {
            string source = $$"""
                using System.Runtime.InteropServices;

                struct Linger { public int OnOff; public int Seconds; }

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {|SOCK002:{{type}} optval|}, int optlen);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Theory]
        [InlineData("ref int optval")]
        [InlineData("in int optval")]
        [InlineData("out int optval")]
        [InlineData("int* optval")]
        [InlineData("void* optval")]
        [InlineData("System.IntPtr optval")]
        [InlineData("nint optval")]
        [InlineData("byte[] optval")]
        [InlineData("int[] optval")]
        [InlineData("ref Linger optval")]
        [InlineData("[MarshalAs(UnmanagedType.LPStruct)] System.Guid optval")]
        [InlineData("HandleRef optval")]
        [InlineData("double optval")]
        [InlineData("Linger optval, int extra")]
        public async Task References_pointers_and_arrays_are_silent(string parameter)
        {
            string source = $$"""
                using System.Runtime.InteropServices;

                struct Linger { public int OnOff; public int Seconds; }

                static unsafe class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {{parameter}}, int optlen);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Span_marshalling_delegates_function_pointers_and_managed_methods_are_silent()
        {
            string source = """
                using System;
                using System.Runtime.InteropServices;

                static unsafe partial class Native
                {
                    [LibraryImport("libc", SetLastError = true)]
                    public static partial int setsockopt(int fd, int level, int name, ReadOnlySpan<byte> optval, int optlen);
                    public static partial int setsockopt(int fd, int level, int name, ReadOnlySpan<byte> optval, int optlen) => 0;

                    public static int getsockopt(int fd, int level, int name, int optval, int optlen) => 0;

                    delegate int SetSockOpt(int fd, int level, int name, int optval, int optlen);

                    static int Call(delegate* unmanaged<int, int, int, int, int, int> fn, SetSockOpt del, int one)
                        => fn(3, 1, 2, one, 4) + del(3, 1, 2, one, 4) + getsockopt(3, 1, 2, one, 4);
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task LibraryImport_definition_and_hand_written_implementation_are_both_changed()
        {
            string source = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", SetLastError = true)]
                    public static partial int setsockopt(int fd, int level, int name, {|SOCK002:int optval|}, int optlen);
                }

                // What the source generator would emit.
                static partial class Native
                {
                    public static partial int setsockopt(int fd, int level, int name, int optval, int optlen) => -1;
                }

                class Caller
                {
                    static void Run(int fd) { int one = 1; Native.setsockopt(fd, 1, 2, one, 4); }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", SetLastError = true)]
                    public static partial int setsockopt(int fd, int level, int name, ref int optval, int optlen);
                }

                // What the source generator would emit.
                static partial class Native
                {
                    public static partial int setsockopt(int fd, int level, int name, ref int optval, int optlen) => -1;
                }

                class Caller
                {
                    static void Run(int fd) { int one = 1; Native.setsockopt(fd, 1, 2, ref one, 4); }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_all_changes_declarations_in_partial_classes_and_all_callers()
        {
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>();
            test.TestState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {|SOCK002:int optval|}, int optlen);
                }
                """);
            test.TestState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int getsockopt(int fd, int level, int name, {|SOCK002:int optval|}, ref int optlen);

                    public static int ReuseAddress(int fd)
                    {
                        int value = 0, length = 4;
                        getsockopt(fd, 1, 2, value, ref length);
                        return value;
                    }
                }
                """);
            test.TestState.Sources.Add("""
                static class Program
                {
                    static void Main(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, one, 4);
                        Native.setsockopt(fd, 1, 15, 1, 4);
                        Native.setsockopt(fd, 6, 1, 1, 4);
                    }
                }
                """);
            test.FixedState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, ref int optval, int optlen);
                }
                """);
            test.FixedState.Sources.Add("""
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int getsockopt(int fd, int level, int name, out int optval, ref int optlen);

                    public static int ReuseAddress(int fd)
                    {
                        int value = 0, length = 4;
                        getsockopt(fd, 1, 2, out value, ref length);
                        return value;
                    }
                }
                """);
            test.FixedState.Sources.Add("""
                static class Program
                {
                    static void Main(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, 4);
                        int optionValue = 1;
                        Native.setsockopt(fd, 1, 15, ref optionValue, 4);
                        int optionValue2 = 1;
                        Native.setsockopt(fd, 6, 1, ref optionValue2, 4);
                    }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Top_level_statements_and_converted_arguments_get_a_local()
        {
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>();
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            test.TestState.Sources.Add("""
                short small = 1;
                Native.setsockopt(3, 1, 2, small, sizeof(int));
                Native.setsockopt(3, 1, 2, optval: 1, optlen: sizeof(int));

                static class Native
                {
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {|SOCK002:int optval|}, int optlen);
                }
                """);
            test.FixedState.Sources.Add("""
                short small = 1;
                int optionValue = small;
                Native.setsockopt(3, 1, 2, ref optionValue, sizeof(int));
                int optionValue2 = 1;
                Native.setsockopt(3, 1, 2, optval: ref optionValue2, optlen: sizeof(int));

                static class Native
                {
                    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, ref int optval, int optlen);
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Declaration_fix_is_not_offered_when_a_caller_cannot_be_updated()
        {
            string source = """
                using System;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int setsockopt(int fd, int level, int name, {|SOCK002:int optval|}, int optlen);

                    static int Expression(int fd) => setsockopt(fd, 1, 2, 1, 4);
                    static Func<int, int, int, int, int, int> Group() => setsockopt;
                }
                """;
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
            };
            await test.RunAsync();
        }

        // ------------------------------------------------------------ calls

        private const string PointerNatives = """
            using System;
            using System.Runtime.InteropServices;

            static unsafe class Native
            {
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, IntPtr optval, int optlen);
            }

            static unsafe class Pointers
            {
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, void* optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetBytes(int fd, int level, int name, byte* optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetChars(int fd, int level, int name, char* optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetNative(int fd, int level, int name, nint optval, int optlen);
                [DllImport("libc", SetLastError = true)] public static extern int getsockopt(int fd, int level, int name, IntPtr optval, IntPtr optlen);
            }

            """;

        [Fact]
        public async Task Numbers_turned_into_addresses_are_flagged_and_fixed_in_unsafe_code()
        {
            string source = PointerNatives + """
                unsafe class Server
                {
                    void Start(int fd, int flag)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, {|#0:(IntPtr)reuse|}, sizeof(int));
                        Native.setsockopt(fd, 1, 2, {|SOCK002:new IntPtr(reuse)|}, sizeof(int));
                        Native.setsockopt(fd, 1, 2, {|SOCK002:(nint)flag|}, sizeof(int));
                        Pointers.setsockopt(fd, 1, 2, {|SOCK002:(void*)reuse|}, sizeof(int));
                        Pointers.SetBytes(fd, 1, 2, {|SOCK002:(byte*)reuse|}, sizeof(int));
                        Pointers.SetChars(fd, 1, 2, {|SOCK002:(char*)reuse|}, sizeof(int));
                        Pointers.SetNative(fd, 1, 2, {|SOCK002:reuse|}, sizeof(int));
                    }
                }
                """;
            string fixedSource = PointerNatives + """
                unsafe class Server
                {
                    void Start(int fd, int flag)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, (IntPtr)(&reuse), sizeof(int));
                        Native.setsockopt(fd, 1, 2, new IntPtr(&reuse), sizeof(int));
                        Native.setsockopt(fd, 1, 2, (nint)(&flag), sizeof(int));
                        Pointers.setsockopt(fd, 1, 2, &reuse, sizeof(int));
                        Pointers.SetBytes(fd, 1, 2, (byte*)&reuse, sizeof(int));
                        Pointers.SetChars(fd, 1, 2, (char*)&reuse, sizeof(int));
                        Pointers.SetNative(fd, 1, 2, (nint)(&reuse), sizeof(int));
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK002").WithLocation(0).WithMessage(
                    "'(IntPtr)reuse' passes the option value itself where setsockopt expects its address, so the call fails with EFAULT; pass the address of 'reuse' instead"),
            }, fixedSource);
        }

        [Fact]
        public async Task Constants_and_values_outside_unsafe_code_are_flagged_without_a_fix()
        {
            string source = PointerNatives + """
                class Server
                {
                    private int _reuse = 1;

                    void Start(int fd)
                    {
                        Native.setsockopt(fd, 1, 2, {|#0:(IntPtr)1|}, sizeof(int));
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, {|#1:new IntPtr(reuse)|}, sizeof(int));
                        Native.setsockopt(fd, 1, 2, {|#2:(IntPtr)_reuse|}, sizeof(int));
                    }
                }
                """;
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
            };
            const string NoFix = "pass the address of a variable that holds the value";
            var expected = new[]
            {
                VerifyCS.Diagnostic("SOCK002").WithLocation(0).WithMessage(
                    "'(IntPtr)1' passes the option value itself where setsockopt expects its address, so the call fails with EFAULT; pass the address of a variable that holds the value"),
                VerifyCS.Diagnostic("SOCK002").WithLocation(1).WithArguments("new IntPtr(reuse)", "setsockopt", NoFix),
                VerifyCS.Diagnostic("SOCK002").WithLocation(2).WithArguments("(IntPtr)_reuse", "setsockopt", NoFix),
            };
            test.ExpectedDiagnostics.AddRange(expected);
            test.FixedState.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync();
        }

        [Fact]
        public async Task Getsockopt_call_message_says_it_writes()
        {
            string source = PointerNatives + """
                unsafe class Server
                {
                    void Read(int fd)
                    {
                        int value = 0, length = 4;
                        Pointers.getsockopt(fd, 1, 2, {|#0:(IntPtr)value|}, (IntPtr)(&length));
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic("SOCK002").WithLocation(0).WithMessage(
                "'(IntPtr)value' passes the option value itself where getsockopt expects its address, so the call fails with EFAULT; pass the address of 'value' instead"));
        }

        [Fact]
        public async Task Real_addresses_are_silent()
        {
            string source = PointerNatives + """
                unsafe class Server
                {
                    int _field = 1;

                    void Start(int fd, IntPtr buffer, long address, int* pointer, byte[] bytes)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, (IntPtr)(&reuse), sizeof(int));
                        Native.setsockopt(fd, 1, 2, new IntPtr(&reuse), sizeof(int));
                        Native.setsockopt(fd, 1, 2, buffer, sizeof(int));
                        Native.setsockopt(fd, 1, 2, (IntPtr)pointer, sizeof(int));
                        Native.setsockopt(fd, 1, 2, (IntPtr)address, sizeof(int));
                        Native.setsockopt(fd, 1, 2, IntPtr.Zero, 0);
                        Native.setsockopt(fd, 1, 2, (IntPtr)0, 0);
                        Pointers.setsockopt(fd, 1, 2, &reuse, sizeof(int));
                        Pointers.setsockopt(fd, 1, 2, null, 0);
                        Pointers.SetBytes(fd, 1, 2, (byte*)pointer, sizeof(int));
                        Pointers.SetNative(fd, 1, 2, buffer, sizeof(int));

                        IntPtr hglobal = Marshal.AllocHGlobal(sizeof(int));
                        Marshal.WriteInt32(hglobal, 1);
                        Native.setsockopt(fd, 1, 2, hglobal, sizeof(int));
                        Marshal.FreeHGlobal(hglobal);

                        fixed (int* p = &_field)
                        {
                            Pointers.setsockopt(fd, 1, 2, p, sizeof(int));
                            Native.setsockopt(fd, 1, 2, (IntPtr)p, sizeof(int));
                        }

                        fixed (byte* b = bytes)
                        {
                            Pointers.SetBytes(fd, 1, 2, b, bytes.Length);
                        }

                        // The length probe: getsockopt with no buffer.
                        int length = 0;
                        Pointers.getsockopt(fd, 1, 2, IntPtr.Zero, (IntPtr)(&length));
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Address_of_a_captured_local_is_not_offered()
        {
            string source = PointerNatives + """
                unsafe class Server
                {
                    Func<int> Start(int fd)
                    {
                        int reuse = 1;
                        Native.setsockopt(fd, 1, 2, {|SOCK002:(IntPtr)reuse|}, sizeof(int));
                        return () => reuse;
                    }
                }
                """;
            var test = new CodeFixTest<SocketPInvokeDeclarationAnalyzer, SetsockoptValueForReferenceCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Incomplete_code_does_not_throw()
        {
            var test = new AnalyzerTest<SocketPInvokeDeclarationAnalyzer>
            {
                TestCode = """
                    using System;
                    using System.Runtime.InteropServices;

                    static unsafe class Native
                    {
                        [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, int, int optlen);
                        [DllImport("libc", SetLastError = true)] public static extern int getsockopt(int fd, int level, int name, Missing optval, ref int optlen);
                        [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, IntPtr optval, int optlen);

                        static void Run(int fd, int x)
                        {
                            setsockopt(fd, 1, 2, (IntPtr)x);
                            setsockopt(fd, 1, 2, (IntPtr), 4);
                            setsockopt(fd, 1, 2, new IntPtr(), 4);
                            getsockopt(fd, 1, 2, x
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.TestState.MarkupHandling = MarkupMode.None;
            test.DisabledDiagnostics.Add("SOCK002");
            test.DisabledDiagnostics.Add("SOCK012");
            await test.RunAsync();
        }
    }
}
