using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.OptionLengthMismatchAnalyzer,
    SocketAnalyzers.CodeFixes.OptionLengthMismatchCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK011OptionLengthMismatchTests
    {
        private const string Natives = """
            using System;
            using System.Runtime.InteropServices;

            struct Linger { public int OnOff; public int Seconds; }

            static unsafe class Native
            {
                [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetLong(int fd, int level, int name, ref long optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetLinger(int fd, int level, int name, in Linger optval, uint optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetPointer(int fd, int level, int name, void* optval, uint optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetIntPtr(int fd, int level, int name, IntPtr optval, int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetBytes(int fd, int level, int name, byte[] optval, int optlen);
                [DllImport("libc", SetLastError = true)] public static extern int getsockopt(int fd, int level, int name, out int optval, ref int optlen);
                [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)] public static extern int GetPointer(int fd, int level, int name, void* optval, int* optlen);
                [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)] public static extern int GetIntPtr(int fd, int level, int name, IntPtr optval, ref int optlen);
            }

            """;

        [Fact]
        public async Task Too_large_length_for_ref_int_is_flagged_with_message_and_fixed()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, {|#0:sizeof(long)|});
                    }
                }
                """;
            string fixedSource = Natives + """
                class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, sizeof(int));
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK011").WithLocation(0).WithMessage(
                    "optlen is 8 but the option value 'ref one' is 4 bytes (int): setsockopt reads 8 bytes, past its end; pass sizeof(int)"),
            }, fixedSource);
        }

        [Fact]
        public async Task Too_small_length_is_flagged_with_message()
        {
            string source = Natives + """
                class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, {|#0:1|});
                        long big = 1;
                        Native.SetLong(fd, 1, 2, ref big, {|#1:sizeof(int)|});
                    }
                }
                """;
            string fixedSource = Natives + """
                class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.setsockopt(fd, 1, 2, ref one, sizeof(int));
                        long big = 1;
                        Native.SetLong(fd, 1, 2, ref big, sizeof(long));
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK011").WithLocation(0).WithMessage(
                    "optlen is 1 but the option value 'ref one' is 4 bytes (int): setsockopt reads only 1 of them (EINVAL for a longer option); pass sizeof(int)"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(1).WithArguments(
                    "4", "ref big", "8 bytes", "long", "setsockopt reads only 4 of them (EINVAL for a longer option)", "pass sizeof(long)"),
            }, fixedSource);
        }

        [Fact]
        public async Task Pointers_addresses_structs_and_arrays_are_measured()
        {
            string source = Natives + """
                unsafe class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.SetPointer(fd, 1, 2, &one, {|#0:8|});
                        Native.SetIntPtr(fd, 1, 2, (IntPtr)(&one), {|#1:2|});
                        Native.SetIntPtr(fd, 1, 2, new IntPtr(&one), {|#2:Marshal.SizeOf<long>()|});
                        var linger = new Linger { OnOff = 1, Seconds = 0 };
                        Native.SetLinger(fd, 1, 13, linger, {|#3:sizeof(int)|});
                        Native.SetPointer(fd, 1, 13, &linger, {|#4:4|});
                        byte[] buffer = new byte[4];
                        Native.SetBytes(fd, 1, 2, buffer, {|#5:8|});
                        Native.SetBytes(fd, 1, 2, BitConverter.GetBytes(1), {|#6:8|});
                    }
                }
                """;
            string fixedSource = Natives + """
                unsafe class Server
                {
                    void Start(int fd)
                    {
                        int one = 1;
                        Native.SetPointer(fd, 1, 2, &one, sizeof(int));
                        Native.SetIntPtr(fd, 1, 2, (IntPtr)(&one), sizeof(int));
                        Native.SetIntPtr(fd, 1, 2, new IntPtr(&one), sizeof(int));
                        var linger = new Linger { OnOff = 1, Seconds = 0 };
                        Native.SetLinger(fd, 1, 13, linger, (uint)Marshal.SizeOf<Linger>());
                        Native.SetPointer(fd, 1, 13, &linger, (uint)Marshal.SizeOf<Linger>());
                        byte[] buffer = new byte[4];
                        Native.SetBytes(fd, 1, 2, buffer, buffer.Length);
                        Native.SetBytes(fd, 1, 2, BitConverter.GetBytes(1), sizeof(int));
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK011").WithLocation(0).WithArguments(
                    "8", "&one", "4 bytes", "int", "setsockopt reads 8 bytes, past its end", "pass sizeof(int)"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(1).WithArguments(
                    "2", "(IntPtr)(&one)", "4 bytes", "int", "setsockopt reads only 2 of them (EINVAL for a longer option)", "pass sizeof(int)"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(2).WithArguments(
                    "8", "new IntPtr(&one)", "4 bytes", "int", "setsockopt reads 8 bytes, past its end", "pass sizeof(int)"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(3).WithMessage(
                    "optlen is 4 but the option value 'linger' is 8 bytes (Linger): setsockopt reads only 4 of them (EINVAL for a longer option); pass Marshal.SizeOf<Linger>()"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(4).WithArguments(
                    "4", "&linger", "8 bytes", "Linger", "setsockopt reads only 4 of them (EINVAL for a longer option)", "pass Marshal.SizeOf<Linger>()"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(5).WithMessage(
                    "optlen is 8 but the option value 'buffer' is 4 bytes (byte[4]): setsockopt reads 8 bytes, past its end; pass buffer.Length"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(6).WithArguments(
                    "8", "BitConverter.GetBytes(1)", "4 bytes", "BitConverter.GetBytes(int)", "setsockopt reads 8 bytes, past its end", "pass sizeof(int)"),
            }, fixedSource);
        }

        [Fact]
        public async Task Getsockopt_length_local_initializer_is_fixed()
        {
            string source = Natives + """
                unsafe class Server
                {
                    int Read(int fd)
                    {
                        int length = {|#2:8|};
                        Native.getsockopt(fd, 1, 2, out int value, ref {|#0:length|});
                        long wide = 0;
                        int wideLength = {|#3:4|};
                        Native.GetPointer(fd, 1, 2, &wide, {|#1:&wideLength|});
                        return value;
                    }
                }
                """;
            string fixedSource = Natives + """
                unsafe class Server
                {
                    int Read(int fd)
                    {
                        int length = sizeof(int);
                        Native.getsockopt(fd, 1, 2, out int value, ref length);
                        long wide = 0;
                        int wideLength = sizeof(long);
                        Native.GetPointer(fd, 1, 2, &wide, &wideLength);
                        return value;
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, new[]
            {
                VerifyCS.Diagnostic("SOCK011").WithLocation(0).WithLocation(2).WithMessage(
                    "optlen is 8 but the option value 'out int value' is 4 bytes (int): getsockopt may write 8 bytes into it, past its end; pass sizeof(int)"),
                VerifyCS.Diagnostic("SOCK011").WithLocation(1).WithLocation(3).WithMessage(
                    "optlen is 4 but the option value '&wide' is 8 bytes (long): getsockopt writes at most 4 bytes into it and leaves the rest unset; pass sizeof(long)"),
            }, fixedSource);
        }

        [Fact]
        public async Task Value_smaller_than_an_int_with_a_longer_optlen_has_no_fix()
        {
            string source = Natives + """
                unsafe class Server
                {
                    void Start(int fd)
                    {
                        short small = 1;
                        Native.SetPointer(fd, 1, 2, &small, {|#0:sizeof(int)|});
                    }
                }
                """;
            var test = new CodeFixTest<OptionLengthMismatchAnalyzer, OptionLengthMismatchCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
            };
            var expected = VerifyCS.Diagnostic("SOCK011").WithLocation(0).WithMessage(
                "optlen is 4 but the option value '&small' is 2 bytes (short): setsockopt reads 4 bytes, past its end; store the value in a variable of the option's size (an int for most options)");
            test.ExpectedDiagnostics.Add(expected);
            test.FixedState.ExpectedDiagnostics.Add(expected);
            await test.RunAsync();
        }

        [Fact]
        public async Task Matching_and_unknown_lengths_are_silent()
        {
            string source = Natives + """
                [StructLayout(LayoutKind.Sequential, Pack = 1)]
                struct Packed { public byte A; public int B; }

                unsafe class Server
                {
                    void Start(int fd, int n, IntPtr buffer, byte* bytes, byte[] array, bool flag)
                    {
                        int one = 1;
                        long big = 1;
                        Native.setsockopt(fd, 1, 2, ref one, sizeof(int));
                        Native.setsockopt(fd, 1, 2, ref one, 4);
                        Native.SetLong(fd, 1, 2, ref big, sizeof(long));
                        Native.setsockopt(fd, 1, 2, ref one, n);
                        var linger = new Linger();
                        Native.SetLinger(fd, 1, 13, linger, (uint)Marshal.SizeOf<Linger>());
                        Native.SetLinger(fd, 1, 13, linger, (uint)Marshal.SizeOf(typeof(Linger)));
                        Native.SetLinger(fd, 1, 13, linger, (uint)sizeof(Linger));
                        Native.SetLinger(fd, 1, 13, linger, 8);
                        Native.SetPointer(fd, 1, 2, bytes, 16);
                        Native.SetPointer(fd, 1, 2, &one, (uint)sizeof(int));
                        Native.SetIntPtr(fd, 1, 2, buffer, 8);
                        Native.SetBytes(fd, 1, 2, array, 8);
                        Native.SetBytes(fd, 1, 2, new byte[] { 1, 0, 0, 0 }, 4);
                        Native.SetPointer(fd, 1, 2, &flag, 4);
                        Packed packed = default;
                        Native.SetPointer(fd, 1, 2, &packed, 8);

                        // Length probe, and a length local written more than once.
                        int length = 0;
                        Native.GetIntPtr(fd, 1, 2, IntPtr.Zero, ref length);
                        int reused = 8;
                        Native.getsockopt(fd, 1, 2, out int a, ref reused);
                        reused = 4;
                        Native.getsockopt(fd, 1, 2, out int b, ref reused);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task LibraryImport_calls_are_checked()
        {
            string source = """
                using System.Runtime.InteropServices;

                static partial class Interop
                {
                    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
                    public static partial int SetOption(int fd, int level, int name, ref int value, uint length);
                }

                // What the source generator would emit.
                static partial class Interop
                {
                    public static partial int SetOption(int fd, int level, int name, ref int value, uint length) => 0;
                }

                class Server
                {
                    void Start(int fd) { int one = 1; Interop.SetOption(fd, 1, 2, ref one, [|sizeof(long)|]); }
                }
                """;
            string fixedSource = """
                using System.Runtime.InteropServices;

                static partial class Interop
                {
                    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
                    public static partial int SetOption(int fd, int level, int name, ref int value, uint length);
                }

                // What the source generator would emit.
                static partial class Interop
                {
                    public static partial int SetOption(int fd, int level, int name, ref int value, uint length) => 0;
                }

                class Server
                {
                    void Start(int fd) { int one = 1; Interop.SetOption(fd, 1, 2, ref one, sizeof(int)); }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_all_across_documents()
        {
            var test = new CodeFixTest<OptionLengthMismatchAnalyzer, OptionLengthMismatchCodeFixProvider>();
            test.TestState.Sources.Add(Natives);
            test.TestState.Sources.Add("""
                class A
                {
                    void Run(int fd) { int one = 1; Native.setsockopt(fd, 1, 2, ref one, [|8|]); Native.setsockopt(fd, 6, 1, ref one, [|2|]); }
                }
                """);
            test.TestState.Sources.Add("""
                class B
                {
                    void Run(int fd) { long one = 1; Native.SetLong(fd, 1, 2, ref one, [|4|]); }
                }
                """);
            test.FixedState.Sources.Add(Natives);
            test.FixedState.Sources.Add("""
                class A
                {
                    void Run(int fd) { int one = 1; Native.setsockopt(fd, 1, 2, ref one, sizeof(int)); Native.setsockopt(fd, 6, 1, ref one, sizeof(int)); }
                }
                """);
            test.FixedState.Sources.Add("""
                class B
                {
                    void Run(int fd) { long one = 1; Native.SetLong(fd, 1, 2, ref one, sizeof(long)); }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Incomplete_code_does_not_throw()
        {
            var test = new AnalyzerTest<OptionLengthMismatchAnalyzer>
            {
                TestCode = Natives + """
                    unsafe class Server
                    {
                        void Start(int fd)
                        {
                            int one = 1;
                            Native.setsockopt(fd, 1, 2, ref one);
                            Native.setsockopt(fd, 1, 2, ref one, sizeof());
                            Native.setsockopt(fd, 1, 2, ref missing, 8);
                            Native.SetBytes(fd, 1, 2, new byte[-1], 8);
                            Native.SetBytes(fd, 1, 2, new byte[], 8);
                            int length;
                            Native.getsockopt(fd, 1, 2, out int v, ref length);
                            Native.GetPointer(fd, 1, 2, &one, &
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            test.TestState.MarkupHandling = MarkupMode.None;
            test.DisabledDiagnostics.Add("SOCK011");
            await test.RunAsync();
        }

        [Fact]
        public async Task Reference_to_the_first_element_of_a_buffer_is_silent()
        {
            // ref name[0] and a ref-returning call pass the start of the whole array: the element's own size says nothing.
            string source = Natives + """
                static unsafe class Native2
                {
                    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetByteRef(int fd, int level, int name, ref byte optval, int optlen);
                }

                class Server
                {
                    unsafe void Start(int fd)
                    {
                        byte[] name = new byte[16];
                        Native2.SetByteRef(fd, 6, 13, ref name[0], 16);
                        Native2.SetByteRef(fd, 6, 13, ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(name), name.Length);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }
    }
}
