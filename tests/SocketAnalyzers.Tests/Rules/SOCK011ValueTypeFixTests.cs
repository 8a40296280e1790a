using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.OptionLengthMismatchAnalyzer,
    SocketAnalyzers.CodeFixes.OptionLengthMismatchCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// SOCK011 where the option's size is known (an int option) and the length already says 4 bytes: besides passing
    /// the value's size, a second fix (its own equivalence key) declares the value as int.
    /// </summary>
    public class SOCK011ValueTypeFixTests
    {
        private const string Natives = """
            using System.Runtime.InteropServices;

            static unsafe class Native
            {
                public const int SOL_SOCKET = 1;
                public const int SO_KEEPALIVE = 9;
                public const int SO_PRIORITY = 12;

                [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)] public static extern int GetOption(int fd, int level, int name, out long optval, ref int optlen);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int SetPointer(int fd, int level, int name, void* optval, int optlen);
            }

            """;

        private const string KeepAliveRead = """
            class Probe
            {
                bool KeepAlive(int fd)
                {
                    int length = sizeof(int);
                    Native.GetOption(fd, Native.SOL_SOCKET, Native.SO_KEEPALIVE, out long value, ref [|length|]);
                    return value != 0;
                }
            }
            """;

        private static Task VerifyAsync(string source, string fixedSource, string key)
            => new VerifyCS.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = key,
            }.RunAsync();

        [Fact]
        public async Task Int_option_read_into_out_long_is_fixed_by_declaring_the_value_and_the_import_as_int()
        {
            await VerifyAsync(
                Natives + KeepAliveRead,
                (Natives + KeepAliveRead).Replace("out long optval", "out int optval").Replace("out long value", "out int value").Replace("[|length|]", "length"),
                OptionLengthMismatchCodeFixProvider.DeclareIntValueKey);
        }

        [Fact]
        public async Task Int_option_read_into_out_long_can_still_take_the_length_fix()
        {
            await VerifyAsync(
                Natives + KeepAliveRead,
                (Natives + KeepAliveRead).Replace("[|length|]", "length").Replace("int length = sizeof(int)", "int length = sizeof(long)"),
                OptionLengthMismatchCodeFixProvider.UseSizeOfValueKey);
        }

        [Fact]
        public async Task Long_local_passed_by_address_for_a_reuse_option_by_number_becomes_an_int()
        {
            string source = Natives + """
                class Server
                {
                    unsafe void Start(int fd)
                    {
                        long one = 1;
                        Native.SetPointer(fd, 1, 2, &one, [|sizeof(int)|]);
                        long two = 1;
                        Native.SetPointer(fd, 1, 15, &two, [|4|]);
                    }
                }
                """;
            string fixedSource = Natives + """
                class Server
                {
                    unsafe void Start(int fd)
                    {
                        int one = 1;
                        Native.SetPointer(fd, 1, 2, &one, sizeof(int));
                        int two = 1;
                        Native.SetPointer(fd, 1, 15, &two, 4);
                    }
                }
                """;
            await VerifyAsync(source, fixedSource, OptionLengthMismatchCodeFixProvider.DeclareIntValueKey);
        }

        [Fact]
        public async Task Option_of_unknown_size_gets_only_the_length_fix()
        {
            // SO_PRIORITY is not in the list of int options: no value-type fix, and fix-all of that key changes nothing.
            string source = Natives + KeepAliveRead.Replace("SO_KEEPALIVE", "SO_PRIORITY");
            var test = new VerifyCS.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = OptionLengthMismatchCodeFixProvider.DeclareIntValueKey,
            };
            await test.RunAsync();
        }
    }
}
