using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.ShapeMatrix
{
    /// <summary>
    /// Every rule of the P/Invoke family (SOCK002, SOCK011, SOCK012) against every way of writing the same import and
    /// the same call: DllImport under the C name, DllImport with EntryPoint under another C# name, LibraryImport partial
    /// (with the implementation the generator would emit), libc and ws2_32, declared in the calling class, in another
    /// one or as an extern local function of the calling method; positional and named arguments (in another order); the value in a local written once, in a field, inline.
    /// The shipped PInvokeAnalyzer runs on each program; a rule must give the same answer for every shape of one
    /// defect, and stay silent on the correct counterparts.
    /// </summary>
    public class PInvokeShapeMatrixTests
    {
        // ------------------------------------------------------------ import styles

        /// <summary>How an import is declared and what the calls name it.</summary>
        public sealed class ImportStyle
        {
            public ImportStyle(string attribute, string library, bool entryPoint, bool sameClass, bool localFunction = false)
            {
                Attribute = attribute;
                Library = library;
                EntryPoint = entryPoint;
                SameClass = sameClass || localFunction;
                LocalFunction = localFunction;
            }

            public string Attribute { get; }

            public string Library { get; }

            public bool EntryPoint { get; }

            public bool SameClass { get; }

            /// <summary>An extern local function of the calling method (DllImport only).</summary>
            public bool LocalFunction { get; }

            public bool IsLibraryImport => Attribute == "LibraryImport";

            /// <summary>The C# name of the import of <paramref name="function"/>.</summary>
            public string Name(string function) => EntryPoint ? "Native_" + function : function;

            /// <summary>How the calling code names it.</summary>
            public string Call(string function) => (SameClass ? string.Empty : "Native.") + Name(function);

            /// <summary>
            /// The declaration of <paramref name="function"/> with <paramref name="parameters"/>; <paramref name="setLastError"/>
            /// null leaves the flag out.
            /// </summary>
            public string Declare(string function, string parameters, bool? setLastError)
            {
                var arguments = new List<string> { "\"" + Library + "\"" };
                if (EntryPoint)
                {
                    arguments.Add("EntryPoint = \"" + function + "\"");
                }

                if (setLastError is { } flag)
                {
                    arguments.Add("SetLastError = " + (flag ? "true" : "false"));
                }

                string attribute = "[" + Attribute + "(" + string.Join(", ", arguments) + ")]";
                if (LocalFunction)
                {
                    return $"{attribute} static extern int {Name(function)}({parameters});";
                }

                return IsLibraryImport
                    ? $"{attribute} internal static partial int {Name(function)}({parameters});\n"
                      + $"    internal static partial int {Name(function)}({parameters}) => throw new NotImplementedException();"
                    : $"{attribute} internal static extern int {Name(function)}({parameters});";
            }
        }

        public static readonly IReadOnlyDictionary<string, ImportStyle> Styles = new Dictionary<string, ImportStyle>
        {
            ["DllImport libc, C name"] = new("DllImport", "libc", entryPoint: false, sameClass: false),
            ["DllImport libc, EntryPoint"] = new("DllImport", "libc", entryPoint: true, sameClass: false),
            ["DllImport ws2_32, C name"] = new("DllImport", "ws2_32.dll", entryPoint: false, sameClass: false),
            ["DllImport ws2_32, EntryPoint"] = new("DllImport", "ws2_32.dll", entryPoint: true, sameClass: false),
            ["DllImport libc, same class"] = new("DllImport", "libc", entryPoint: false, sameClass: true),
            ["LibraryImport libc, C name"] = new("LibraryImport", "libc", entryPoint: false, sameClass: false),
            ["LibraryImport libc, EntryPoint"] = new("LibraryImport", "libc", entryPoint: true, sameClass: false),
            ["LibraryImport ws2_32, EntryPoint, same class"] = new("LibraryImport", "ws2_32.dll", entryPoint: true, sameClass: true),
            ["DllImport libc, extern local function"] = new("DllImport", "libc", entryPoint: false, sameClass: true, localFunction: true),
            ["DllImport ws2_32, EntryPoint, extern local function"] = new("DllImport", "ws2_32.dll", entryPoint: true, sameClass: true, localFunction: true),
        };

        private static string Program(ImportStyle style, string declarations, string body) => style.LocalFunction
            ? $$"""
                using System;
                using System.Runtime.InteropServices;

                unsafe class Server
                {
                    private int _one = 1;
                    private const int Eight = 8;
                    private static readonly int s_eight = 8;

                    void Run(int fd)
                    {
                        {{body}}

                        {{declarations}}
                    }
                }
                """
            : style.SameClass
            ? $$"""
                using System;
                using System.Runtime.InteropServices;

                unsafe partial class Server
                {
                    {{declarations}}

                    private int _one = 1;
                    private const int Eight = 8;
                    private static readonly int s_eight = 8;

                    void Run(int fd)
                    {
                        {{body}}
                    }
                }
                """
            : $$"""
                using System;
                using System.Runtime.InteropServices;

                static unsafe partial class Native
                {
                    {{declarations}}
                }

                unsafe class Server
                {
                    private int _one = 1;
                    private const int Eight = 8;
                    private static readonly int s_eight = 8;

                    void Run(int fd)
                    {
                        {{body}}
                    }
                }
                """;

        // ------------------------------------------------------------ SOCK002, declaration

        [Fact]
        public async Task SOCK002_by_value_option_parameter_is_flagged_once_in_every_import_style()
        {
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            foreach (var (name, style) in Styles)
            {
                foreach (var function in new[] { "setsockopt", "getsockopt" })
                {
                    string byValue = style.Declare(function, "int fd, int level, int optname, int optval, int optlen", setLastError: true);
                    flagged[name + ", " + function] = await CountAsync(Program(style, byValue, string.Empty), "SOCK002");

                    string modifier = function == "setsockopt" ? "ref" : "out";
                    string byReference = style.Declare(function, $"int fd, int level, int optname, {modifier} int optval, int optlen", setLastError: true);
                    silent[name + ", " + function + ", " + modifier] = await CountAsync(Program(style, byReference, string.Empty), "SOCK002");
                    string pointer = style.Declare(function, "int fd, int level, int optname, void* optval, int optlen", setLastError: true);
                    silent[name + ", " + function + ", pointer"] = await CountAsync(Program(style, pointer, string.Empty), "SOCK002");
                }
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        // ------------------------------------------------------------ SOCK002, call

        /// <summary>Option-value arguments that hand the kernel a number as an address (the parameter is an IntPtr).</summary>
        public static readonly IReadOnlyDictionary<string, (string Setup, string Value)> NumberAsAddress =
            new Dictionary<string, (string, string)>
            {
                ["local written once"] = ("int one = 1;", "(IntPtr)one"),
                ["field"] = (string.Empty, "(IntPtr)_one"),
                ["inline constant"] = (string.Empty, "(IntPtr)1"),
                ["new IntPtr(local)"] = ("int one = 1;", "new IntPtr(one)"),
                ["implicit int to nint"] = ("int one = 1;", "one"),
            };

        /// <summary>Correct counterparts: real addresses and the null pointer.</summary>
        public static readonly IReadOnlyDictionary<string, (string Setup, string Value)> RealAddress =
            new Dictionary<string, (string, string)>
            {
                ["address of a local"] = ("int one = 1;", "(IntPtr)(&one)"),
                ["address of a local, new IntPtr"] = ("int one = 1;", "new IntPtr(&one)"),
                ["IntPtr.Zero"] = (string.Empty, "IntPtr.Zero"),
                ["(IntPtr)0"] = (string.Empty, "(IntPtr)0"),
                ["pinned buffer"] = ("byte[] buffer = new byte[4];", "Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0)"),
            };

        [Fact]
        public async Task SOCK002_number_passed_as_address_same_answer_for_every_import_style_argument_order_and_value_place()
        {
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            foreach (var (name, style) in Styles)
            {
                string declaration = style.Declare("setsockopt", "int fd, int level, int optname, nint optval, int optlen", setLastError: true);
                string call = style.Call("setsockopt");
                foreach (var (shape, (setup, value)) in NumberAsAddress)
                {
                    flagged[name + ", " + shape + ", positional"] = await CountAsync(
                        Program(style, declaration, $"{setup} {call}(fd, 1, 2, {value}, sizeof(int));"), "SOCK002");
                    flagged[name + ", " + shape + ", named"] = await CountAsync(
                        Program(style, declaration, $"{setup} {call}(fd, optval: {value}, optlen: sizeof(int), optname: 2, level: 1);"), "SOCK002");
                }

                foreach (var (shape, (setup, value)) in RealAddress)
                {
                    silent[name + ", " + shape + ", positional"] = await CountAsync(
                        Program(style, declaration, $"{setup} {call}(fd, 1, 2, {value}, sizeof(int));"), "SOCK002");
                    silent[name + ", " + shape + ", named"] = await CountAsync(
                        Program(style, declaration, $"{setup} {call}(optlen: sizeof(int), optval: {value}, fd: fd, level: 1, optname: 2);"), "SOCK002");
                }
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        // ------------------------------------------------------------ SOCK011

        /// <summary>Lengths of 8 bytes for an int option value, wherever the 8 is written.</summary>
        public static readonly IReadOnlyDictionary<string, (string Setup, string Length)> WrongLength =
            new Dictionary<string, (string, string)>
            {
                ["inline constant"] = (string.Empty, "8"),
                ["inline sizeof"] = (string.Empty, "sizeof(long)"),
                ["local written once"] = ("int len = sizeof(long);", "len"),
                ["const field"] = (string.Empty, "Eight"),
                ["readonly field"] = (string.Empty, "s_eight"),
                ["Marshal.SizeOf"] = (string.Empty, "Marshal.SizeOf<long>()"),
            };

        public static readonly IReadOnlyDictionary<string, (string Setup, string Length)> RightLength =
            new Dictionary<string, (string, string)>
            {
                ["inline constant"] = (string.Empty, "4"),
                ["inline sizeof"] = (string.Empty, "sizeof(int)"),
                ["local written once"] = ("int len = sizeof(int);", "len"),
                ["Marshal.SizeOf"] = (string.Empty, "Marshal.SizeOf<int>()"),
                ["local written twice (unknown)"] = ("int len = 8; len = 4;", "len"),
            };

        /// <summary>Option values that are four bytes: a local, a field, the address of a local.</summary>
        private static readonly (string Name, string Parameter, string Setup, string Value)[] IntValues =
        {
            ("ref local", "ref int optval", "int one = 1;", "ref one"),
            ("ref field", "ref int optval", string.Empty, "ref _one"),
            ("address of local", "void* optval", "int one = 1;", "&one"),
            ("IntPtr of address", "IntPtr optval", "int one = 1;", "(IntPtr)(&one)"),
        };

        [Fact]
        public async Task SOCK011_setsockopt_same_answer_for_every_import_style_argument_order_value_and_length_place()
        {
            // The value and the length are read independently: every value shape with one wrong and one right length,
            // and every length shape with one value (a local passed by ref).
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            foreach (var (name, style) in Styles)
            {
                string call = style.Call("setsockopt");
                foreach (var (valueName, parameter, valueSetup, value) in IntValues)
                {
                    string declaration = style.Declare("setsockopt", $"int fd, int level, int optname, {parameter}, int optlen", setLastError: true);
                    foreach (var (length, answers) in new[] { ("sizeof(long)", flagged), ("sizeof(int)", silent) })
                    {
                        string key = $"{name}, {valueName}, {length}";
                        answers[key + ", positional"] = await CountAsync(
                            Program(style, declaration, $"{valueSetup} {call}(fd, 1, 2, {value}, {length});"), "SOCK011");
                        answers[key + ", named"] = await CountAsync(
                            Program(style, declaration, $"{valueSetup} {call}(fd, optlen: {length}, optval: {value}, optname: 2, level: 1);"), "SOCK011");
                    }
                }

                string byReference = style.Declare("setsockopt", "int fd, int level, int optname, ref int optval, int optlen", setLastError: true);
                foreach (var (lengths, answers) in new[] { (WrongLength, flagged), (RightLength, silent) })
                {
                    foreach (var (shape, (setup, length)) in lengths)
                    {
                        string key = $"{name}, ref local, length {shape}";
                        answers[key + ", positional"] = await CountAsync(
                            Program(style, byReference, $"int one = 1; {setup} {call}(fd, 1, 2, ref one, {length});"), "SOCK011");
                        answers[key + ", named"] = await CountAsync(
                            Program(style, byReference, $"int one = 1; {setup} {call}(optval: ref one, fd: fd, level: 1, optname: 2, optlen: {length});"), "SOCK011");
                    }
                }
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        [Fact]
        public async Task SOCK011_getsockopt_length_local_same_answer_for_every_import_style_and_argument_order()
        {
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            var lengths = new (string Name, string Parameter, string Argument)[]
            {
                ("ref length", "ref int optlen", "ref len"),
                ("pointer length", "int* optlen", "&len"),
            };
            foreach (var (name, style) in Styles)
            {
                string call = style.Call("getsockopt");
                foreach (var (lengthName, parameter, argument) in lengths)
                {
                    string declaration = style.Declare("getsockopt", $"int fd, int level, int optname, out int optval, {parameter}", setLastError: true);
                    foreach (var (initial, expected) in new[] { ("8", flagged), ("sizeof(long)", flagged), ("4", silent), ("sizeof(int)", silent) })
                    {
                        string key = $"{name}, {lengthName}, len = {initial}";
                        expected[key + ", positional"] = await CountAsync(
                            Program(style, declaration, $"int len = {initial}; {call}(fd, 1, 2, out int value, {argument});"), "SOCK011");
                        expected[key + ", named"] = await CountAsync(
                            Program(style, declaration, $"int len = {initial}; {call}(fd, optlen: {argument}, optname: 2, level: 1, optval: out int value);"), "SOCK011");
                    }

                    // Written again after its declaration: the length is not known, nothing is said.
                    silent[$"{name}, {lengthName}, len written twice"] = await CountAsync(
                        Program(style, declaration, $"int len = 8; len = 16; {call}(fd, 1, 2, out int value, {argument});"), "SOCK011");
                }
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        [Fact]
        public async Task SOCK011_message_names_the_value_the_same_way_for_positional_and_named_arguments()
        {
            var style = Styles["DllImport libc, EntryPoint"];
            string declaration = style.Declare("setsockopt", "int fd, int level, int optname, ref int optval, int optlen", setLastError: true);
            string call = style.Call("setsockopt");
            var positional = await DiagnosticsAsync(Program(style, declaration, $"int one = 1; {call}(fd, 1, 2, ref one, 8);"), "SOCK011");
            var named = await DiagnosticsAsync(Program(style, declaration, $"int one = 1; {call}(fd, optlen: 8, optval: ref one, optname: 2, level: 1);"), "SOCK011");
            Assert.Single(positional);
            Assert.Single(named);
            Assert.Equal(positional[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), named[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        // ------------------------------------------------------------ SOCK012

        private static readonly (string Function, string Parameters, string Arguments)[] SocketFunctions =
        {
            ("connect", "int fd, byte[] addr, int len", "fd, addr, addr.Length"),
            ("setsockopt", "int fd, int level, int optname, ref int optval, int optlen", "fd, 1, 2, ref one, sizeof(int)"),
        };

        [Fact]
        public async Task SOCK012_declaration_same_answer_for_every_import_style()
        {
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            foreach (var (name, style) in Styles)
            {
                foreach (var (function, parameters, _) in SocketFunctions)
                {
                    flagged[$"{name}, {function}, flag left out"] = await CountAsync(
                        Program(style, style.Declare(function, parameters, setLastError: null), string.Empty), "SOCK012");
                    silent[$"{name}, {function}, SetLastError = true"] = await CountAsync(
                        Program(style, style.Declare(function, parameters, setLastError: true), string.Empty), "SOCK012");
                    silent[$"{name}, {function}, SetLastError = false (a decision)"] = await CountAsync(
                        Program(style, style.Declare(function, parameters, setLastError: false), string.Empty), "SOCK012");
                }

                // Not a socket function: silent whatever the flag.
                silent[$"{name}, close"] = await CountAsync(
                    Program(style, style.Declare("close", "int fd", setLastError: null), string.Empty), "SOCK012");
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        [Fact]
        public async Task SOCK012_error_read_after_an_import_that_does_not_save_it_same_answer_for_every_style_and_argument_order()
        {
            var flagged = new Dictionary<string, int>();
            var silent = new Dictionary<string, int>();
            var reads = new[] { "Marshal.GetLastPInvokeError()", "Marshal.GetLastWin32Error()" };
            foreach (var (name, style) in Styles)
            {
                foreach (var (function, parameters, arguments) in SocketFunctions)
                {
                    string call = style.Call(function);
                    string named = function == "connect"
                        ? "len: addr.Length, fd: fd, addr: addr"
                        : "optlen: sizeof(int), optval: ref one, fd: fd, optname: 2, level: 1";
                    foreach (var read in reads)
                    {
                        foreach (var (order, args) in new[] { ("positional", arguments), ("named", named) })
                        {
                            string body = $"byte[] addr = new byte[16]; int one = 1; if ({call}({args}) < 0) {{ int error = {read}; }}";
                            string key = $"{name}, {function}, {read}, {order}";
                            flagged[key + ", SetLastError = false"] = await CountAsync(
                                Program(style, style.Declare(function, parameters, setLastError: false), body), "SOCK012");
                            silent[key + ", SetLastError = true"] = await CountAsync(
                                Program(style, style.Declare(function, parameters, setLastError: true), body), "SOCK012");
                        }
                    }

                    // The live errno is what code without the flag is meant to read.
                    silent[$"{name}, {function}, GetLastSystemError"] = await CountAsync(
                        Program(style, style.Declare(function, parameters, setLastError: false),
                            $"byte[] addr = new byte[16]; int one = 1; {call}({arguments}); int error = Marshal.GetLastSystemError();"), "SOCK012");
                }
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silent, expected: 0);
        }

        [Fact]
        public void Hosts_load_the_family_analyzer_and_not_the_views()
        {
            Assert.Contains(typeof(PInvokeAnalyzer), Fuzz.AnalyzerCatalog.AnalyzerTypes);
            Assert.DoesNotContain(typeof(SocketPInvokeDeclarationAnalyzer), Fuzz.AnalyzerCatalog.AnalyzerTypes);
            Assert.DoesNotContain(typeof(OptionLengthMismatchAnalyzer), Fuzz.AnalyzerCatalog.AnalyzerTypes);
        }

        // ------------------------------------------------------------ helpers

        private static async Task<int> CountAsync(string source, string id) => (await DiagnosticsAsync(source, id)).Count;

        private static Task<List<Diagnostic>> DiagnosticsAsync(string source, string id)
            => FamilyRun.DiagnosticsAsync(new PInvokeAnalyzer(), source, id);
    }
}
