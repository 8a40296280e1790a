using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.SocketOptionValueKindAnalyzer,
    SocketAnalyzers.CodeFixes.SocketOptionValueKindCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK005SocketOptionValueKindTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        private static string InMethod(string body) => Usings + $$"""
            enum Tos { LowDelay = 0x10 }
            class C
            {
                const int LingerSeconds = 10;

                void M(Socket socket, int seconds, bool on, long big, object boxed, IPAddress group)
                {
                    {{body}}
                }
            }
            """;

        // ---------------------------------------------------------------- Linger with int / bool

        [Theory]
        [InlineData("5", "socket.LingerState = new LingerOption(true, 5);")]
        [InlineData("LingerSeconds", "socket.LingerState = new LingerOption(true, LingerSeconds);")]
        [InlineData("false", "socket.LingerState = new LingerOption(false, 0);")]
        [InlineData("(object)5", "socket.LingerState = new LingerOption(true, 5);")]
        [InlineData("(object)false", "socket.LingerState = new LingerOption(false, 0);")]
        public async Task Linger_with_a_constant_is_flagged_and_fixed(string value, string fixedStatement)
        {
            string source = InMethod($"socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|{value}|]);");
            await VerifyCS.VerifyCodeFixAsync(source, InMethod(fixedStatement));
        }

        [Fact]
        public async Task Linger_int_message_says_it_throws_on_linux_and_what_to_write()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, {|#0:5|});"),
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The int '5' is passed where SO_LINGER needs a LingerOption, so the call fails on Linux (SocketException, InvalidArgument); write 'socket.LingerState = new LingerOption(true, 5)'"));
        }

        [Fact]
        public async Task Linger_true_is_flagged_without_a_fix_and_asks_for_the_time()
        {
            string source = InMethod("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, {|#0:true|});");
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The bool 'true' is passed where SO_LINGER needs a LingerOption, so the call fails on Linux (SocketException, InvalidArgument); write 'socket.LingerState = new LingerOption(true, seconds)'"));
            var test = new CodeFixTest<SocketOptionValueKindAnalyzer, SocketOptionValueKindCodeFixProvider>
            {
                TestCode = source.Replace("{|#0:true|}", "[|true|]"),
                FixedCode = source.Replace("{|#0:true|}", "[|true|]"),
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Linger_zero_and_variables_are_flagged_without_a_fix()
        {
            string source = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, {|#0:0|});
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|seconds|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|on|]);
                        var x = socket; x.SetSocketOption(SocketOptionLevel.Socket, (SocketOptionName)128, [|1|]);
                """);
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The int '0' is passed where SO_LINGER needs a LingerOption, so the call fails on Linux (SocketException, InvalidArgument); write 'socket.LingerState = new LingerOption(false, 0)', or (true, 0) for an abortive close"));
        }

        [Fact]
        public async Task Linger_boxed_message_quotes_the_argument_exception()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, {|#0:(object)5|});"),
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The int '5' is passed where SO_LINGER needs a LingerOption, so the call fails with ArgumentException; write 'socket.LingerState = new LingerOption(true, 5)'"));
        }

        // ---------------------------------------------------------------- multicast membership

        [Theory]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.AddMembership", "1")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.DropMembership", "true")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.AddMembership", "0")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.DropMembership", "seconds")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.AddSourceMembership", "1")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.DropSourceMembership", "on")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.AddMembership", "(object)1")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.DropMembership", "(object)true")]
        [InlineData("SocketOptionLevel.IP", "(SocketOptionName)12", "1")]
        public async Task Membership_with_a_number_is_flagged_without_a_fix(string level, string name, string value)
        {
            string source = InMethod($"socket.SetSocketOption({level}, {name}, [|{value}|]);");
            var test = new CodeFixTest<SocketOptionValueKindAnalyzer, SocketOptionValueKindCodeFixProvider> { TestCode = source, FixedCode = source };
            await test.RunAsync();
        }

        [Fact]
        public async Task Membership_messages_name_the_object_to_pass()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("""
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, {|#0:1|});
                            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, {|#1:(object)1|});
                            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddSourceMembership, {|#2:1|});
                    """),
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The int '1' is passed where multicast membership needs a MulticastOption, so the call fails at run time; pass new MulticastOption(group, localAddress)"),
                VerifyCS.Diagnostic("SOCK005").WithLocation(1).WithMessage(
                    "The int '1' is passed where multicast membership needs an IPv6MulticastOption, so the call fails with ArgumentException; pass new IPv6MulticastOption(...)"),
                VerifyCS.Diagnostic("SOCK005").WithLocation(2).WithMessage(
                    "The int '1' is passed where source-specific multicast membership needs an ip_mreq_source structure, so the call fails at run time; pass the group, interface and source addresses as an ip_mreq_source byte[]"));
        }

        // ---------------------------------------------------------------- object overload with a number

        [Theory]
        [InlineData("SocketOptionName.ReuseAddress", "(object)true", "true")]
        [InlineData("SocketOptionName.ReuseAddress", "(object)1", "1")]
        [InlineData("SocketOptionName.SendBuffer", "(object)(seconds * 1024)", "seconds * 1024")]
        [InlineData("SocketOptionName.KeepAlive", "(Object)on", "on")]
        [InlineData("SocketOptionName.SendBuffer", "big", "(int)big")]
        [InlineData("SocketOptionName.SendBuffer", "65536L", "(int)65536L")]
        public async Task Object_overload_with_a_number_is_fixed_to_the_typed_overload(string name, string value, string fixedValue)
        {
            string source = InMethod($"socket.SetSocketOption(SocketOptionLevel.Socket, {name}, [|{value}|]);");
            await VerifyCS.VerifyCodeFixAsync(source, InMethod($"socket.SetSocketOption(SocketOptionLevel.Socket, {name}, {fixedValue});"));
        }

        [Fact]
        public async Task Object_overload_with_an_enum_is_cast_to_int()
        {
            string source = InMethod("socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, [|Tos.LowDelay|]);");
            await VerifyCS.VerifyCodeFixAsync(source, InMethod("socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, (int)Tos.LowDelay);"));
        }

        [Fact]
        public async Task Object_overload_message_quotes_the_argument_exception()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, {|#0:(object)true|});"),
                VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                    "The bool 'true' is passed where the object overload of SetSocketOption needs a LingerOption or multicast option, so the call fails with ArgumentException; call the int or bool overload"));
        }

        [Fact]
        public async Task Object_overload_with_unknown_option_or_nullable_or_huge_constant_is_flagged_without_a_fix()
        {
            string source = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.Linger, [|(object)5|]);
                SocketOptionName name = SocketOptionName.Linger;
                        if (socket.Blocking) name = SocketOptionName.SendBuffer; // assigned twice: not a constant
                        socket.SetSocketOption(SocketOptionLevel.Socket, name, {|#0:(object)1|});
                        int? maybe = 1;
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|maybe|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|5000000000L|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|1.5|]);
                """);
            // The fixed code is the source: these findings have no fix and all must remain (marked as diagnostics there).
            var test = new CodeFixTest<SocketOptionValueKindAnalyzer, SocketOptionValueKindCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source.Replace("{|#0:", "{|SOCK005:", System.StringComparison.Ordinal),
            };
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("SOCK005").WithLocation(0).WithMessage(
                "The int '1' is passed where the object overload of SetSocketOption needs a LingerOption or multicast option, so the call fails with ArgumentException; call the int or bool overload"));
            await test.RunAsync();
        }

        // ---------------------------------------------------------------- never flagged

        [Fact]
        public async Task Correct_values_are_not_flagged()
        {
            string source = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));
                        object linger = new LingerOption(false, 0);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, linger);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, boxed);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new byte[8]);
                        socket.LingerState = new LingerOption(true, 5);
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group));
                        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group));
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new byte[8]);
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, 0);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, 65536);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, 1);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, (byte)8);
                        _ = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger);
                        // A wrong level is SOCK009's business.
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.Linger, 5);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AddMembership, 1);
                        // Level from a variable: not guessed.
                        SocketOptionLevel level = SocketOptionLevel.Socket;
                        if (socket.Blocking) level = SocketOptionLevel.IP; // assigned twice: a variable, not a constant
                        socket.SetSocketOption(level, SocketOptionName.Linger, 5);
                """);
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Using_static_aliases_and_constants_are_understood()
        {
            string source = Usings + """
                using static System.Net.Sockets.SocketOptionName;
                using Level = System.Net.Sockets.SocketOptionLevel;
                class C
                {
                    const SocketOptionName LingerName = Linger;
                    const SocketOptionLevel SocketLevel = Level.Socket;
                    void M(Socket s)
                    {
                        s.SetSocketOption(Level.Socket, Linger, [|30|]);
                        s.SetSocketOption(SocketLevel, LingerName, [|false|]);
                    }
                }
                """;
            string fixedSource = Usings + """
                using static System.Net.Sockets.SocketOptionName;
                using Level = System.Net.Sockets.SocketOptionLevel;
                class C
                {
                    const SocketOptionName LingerName = Linger;
                    const SocketOptionLevel SocketLevel = Level.Socket;
                    void M(Socket s)
                    {
                        s.LingerState = new LingerOption(true, 30);
                        s.LingerState = new LingerOption(false, 0);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Linger_call_in_an_expression_body_and_in_a_subclass_is_rewritten()
        {
            string source = Usings + """
                class MySocket : Socket
                {
                    public MySocket() : base(SocketType.Stream, ProtocolType.Tcp) { }
                    public void Configure() => SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|5|]);
                    public void Configure2()
                    {
                        SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|5|]);
                    }
                    public Action Later(Socket other) => () => other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|false|]);
                }
                """;
            string fixedSource = Usings + """
                class MySocket : Socket
                {
                    public MySocket() : base(SocketType.Stream, ProtocolType.Tcp) { }
                    public void Configure() => LingerState = new LingerOption(true, 5);
                    public void Configure2()
                    {
                        LingerState = new LingerOption(true, 5);
                    }
                    public Action Later(Socket other) => () => other.LingerState = new LingerOption(false, 0);
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Top_level_statements_and_fully_qualified_names_are_fixed()
        {
            var test = new CodeFixTest<SocketOptionValueKindAnalyzer, SocketOptionValueKindCodeFixProvider>
            {
                TestCode = """
                    var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    s.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.Linger, [|2|]);
                    """,
                FixedCode = """
                    var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    s.LingerState = new System.Net.Sockets.LingerOption(true, 2);
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_fixes_every_document_with_the_chosen_action()
        {
            string first = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|5|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|false|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, [|(object)true|]);
                """);
            string second = Usings + """
                class D
                {
                    void M(Socket a) => a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, [|(object)7|]);
                    void N(Socket a) { a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|(object)4096|]); }
                }
                """;
            var test = new CodeFixTest<SocketOptionValueKindAnalyzer, SocketOptionValueKindCodeFixProvider>
            {
                CodeActionEquivalenceKey = "SOCK005.UseLingerState",
            };
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            // Only the diagnostics offering the chosen action (SOCK005.UseLingerState) are fixed; the boxed-number ones stay
            // (marked in the fixed code, whose markup the library otherwise ignores for fixable diagnostics).
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.FixedState.Sources.Add(InMethod("""
                socket.LingerState = new LingerOption(true, 5);
                        socket.LingerState = new LingerOption(false, 0);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, [|(object)true|]);
                """));
            test.FixedState.Sources.Add(Usings + """
                class D
                {
                    void M(Socket a) => a.LingerState = new LingerOption(true, 7);
                    void N(Socket a) { a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|(object)4096|]); }
                }
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_typed_overloads()
        {
            string source = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, [|(object)true|]);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, [|(object)4096|]);
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, [|Tos.LowDelay|]);
                """);
            string fixedSource = InMethod("""
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, 4096);
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, (int)Tos.LowDelay);
                """);
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            var test = new AnalyzerTest<SocketOptionValueKindAnalyzer>
            {
                TestCode = Usings + """
                    class C
                    {
                        void M(Socket socket)
                        {
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, );
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Bogus, 5);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, undefined);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5, 6);
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }
    }
}
