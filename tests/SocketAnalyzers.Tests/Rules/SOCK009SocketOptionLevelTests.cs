using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Tests.Verifiers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.SocketOptionLevelAnalyzer,
    SocketAnalyzers.CodeFixes.SocketOptionLevelCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    public class SOCK009SocketOptionLevelTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        private static string InMethod(string body) => Usings + $$"""
            class C
            {
                void M(Socket socket)
                {
                    {{body}}
                }
            }
            """;

        [Theory]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.NoDelay", "true", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.NoDelay", "true", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.ReuseAddress", "true", "SocketOptionLevel.Socket")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.ReuseAddress", "true", "SocketOptionLevel.Socket")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.KeepAlive", "true", "SocketOptionLevel.Socket")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.SendBuffer", "65536", "SocketOptionLevel.Socket")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.Broadcast", "true", "SocketOptionLevel.Socket")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.TcpKeepAliveTime", "30", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.TcpKeepAliveInterval", "5", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.TcpKeepAliveRetryCount", "3", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.Expedited", "true", "SocketOptionLevel.Tcp")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.TypeOfService", "0x10", "SocketOptionLevel.IP")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.IPv6Only", "false", "SocketOptionLevel.IPv6")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.IPv6Only", "false", "SocketOptionLevel.IPv6")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.NoChecksum", "true", "SocketOptionLevel.Udp")]
        [InlineData("(SocketOptionLevel)6", "SocketOptionName.Linger", "false", "SocketOptionLevel.Socket")]
        public async Task Option_at_a_level_that_does_not_own_it_is_flagged_and_fixed(string level, string name, string value, string owner)
        {
            string source = InMethod($"socket.SetSocketOption([|{level}|], {name}, {value});");
            string fixedSource = InMethod($"socket.SetSocketOption({owner}, {name}, {value});");
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Theory]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.ReuseAddress")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.ExclusiveAddressUse")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.Linger")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.Debug")]
        [InlineData("SocketOptionLevel.Socket", "SocketOptionName.ReceiveTimeout")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.NoDelay")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.TcpKeepAliveTime")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.IpTimeToLive")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.IpTimeToLive")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.AddMembership")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.AddMembership")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.MulticastLoopback")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.DontFragment")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.DontFragment")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.IPProtectionLevel")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.IPProtectionLevel")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.IPv6Only")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.HopLimit")]
        [InlineData("SocketOptionLevel.IP", "SocketOptionName.PacketInformation")]
        [InlineData("SocketOptionLevel.IPv6", "SocketOptionName.PacketInformation")]
        [InlineData("SocketOptionLevel.Udp", "SocketOptionName.ChecksumCoverage")]
        [InlineData("SocketOptionLevel.Tcp", "SocketOptionName.Error")]
        [InlineData("SocketOptionLevel.IP", "(SocketOptionName)4")]
        [InlineData("SocketOptionLevel.Socket", "(SocketOptionName)1")]
        [InlineData("SocketOptionLevel.Tcp", "(SocketOptionName)1")]
        [InlineData("SocketOptionLevel.Tcp", "(SocketOptionName)99")]
        [InlineData("(SocketOptionLevel)12345", "SocketOptionName.NoDelay")]
        public async Task Option_at_its_own_level_is_not_flagged(string level, string name)
        {
            await VerifyCS.VerifyAnalyzerAsync(InMethod($"socket.SetSocketOption({level}, {name}, 1); _ = socket.GetSocketOption({level}, {name});"));
        }

        [Fact]
        public async Task Message_for_nodelay_at_socket_level_names_the_option_actually_set()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption({|#0:SocketOptionLevel.Socket|}, SocketOptionName.NoDelay, true);"),
                VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                    "SocketOptionName.NoDelay is not a SocketOptionLevel.Socket option: on Linux this call silently sets Debug instead; use SocketOptionLevel.Tcp"));
        }

        [Fact]
        public async Task Message_for_reuseaddress_at_ip_level_names_the_ttl()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption({|#0:SocketOptionLevel.IP|}, SocketOptionName.ReuseAddress, true);"),
                VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                    "SocketOptionName.ReuseAddress is not a SocketOptionLevel.IP option: on Linux this call silently sets IpTimeToLive instead; use SocketOptionLevel.Socket"));
        }

        [Fact]
        public async Task Message_for_a_number_the_level_lacks_says_it_throws_on_linux()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("socket.SetSocketOption({|#0:SocketOptionLevel.Tcp|}, SocketOptionName.ReuseAddress, true);"),
                VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                    "SocketOptionName.ReuseAddress is not a SocketOptionLevel.Tcp option: on Linux this call throws OperationNotSupported; use SocketOptionLevel.Socket"));
        }

        [Fact]
        public async Task Message_for_get_says_reads()
        {
            await VerifyCS.VerifyAnalyzerAsync(
                InMethod("var on = (int)socket.GetSocketOption({|#0:SocketOptionLevel.Socket|}, SocketOptionName.NoDelay)!;"),
                VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                    "SocketOptionName.NoDelay is not a SocketOptionLevel.Socket option: on Linux this call silently reads Debug instead; use SocketOptionLevel.Tcp"));
        }

        [Fact]
        public async Task Every_overload_of_set_and_get_is_checked()
        {
            string source = InMethod("""
                socket.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, 1);
                        socket.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, true);
                        socket.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, new byte[4]);
                        socket.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, (object)1);
                        _ = socket.GetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay);
                        _ = socket.GetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, 4);
                        socket.GetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, new byte[4]);
                        socket.SetSocketOption(optionName: SocketOptionName.NoDelay, optionValue: true, optionLevel: [|SocketOptionLevel.Socket|]);
                """);
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Multicast_option_at_socket_level_offers_ip_and_ipv6()
        {
            string source = InMethod("socket.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.MulticastTimeToLive, 4);");
            var ip = new CodeFixTest<SocketOptionLevelAnalyzer, SocketOptionLevelCodeFixProvider>
            {
                TestCode = source,
                FixedCode = InMethod("socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 4);"),
                CodeActionEquivalenceKey = "SOCK009.UseLevel.IP",
            };
            await ip.RunAsync();
            var ipv6 = new CodeFixTest<SocketOptionLevelAnalyzer, SocketOptionLevelCodeFixProvider>
            {
                TestCode = source,
                FixedCode = InMethod("socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 4);"),
                CodeActionEquivalenceKey = "SOCK009.UseLevel.IPv6",
            };
            await ipv6.RunAsync();
        }

        [Fact]
        public async Task Using_static_and_aliases_are_read_by_member()
        {
            string source = Usings + """
                using static System.Net.Sockets.SocketOptionName;
                using Level = System.Net.Sockets.SocketOptionLevel;
                using Opt = System.Net.Sockets.SocketOptionName;
                class C
                {
                    void M(Socket socket)
                    {
                        socket.SetSocketOption([|Level.Socket|], NoDelay, true);
                        socket.SetSocketOption([|Level.IP|], Opt.ReuseAddress, true);
                        socket.SetSocketOption(Level.Tcp, NoDelay, true);
                        socket.SetSocketOption(Level.IP, Opt.IpTimeToLive, 1);
                    }
                }
                """;
            string fixedSource = Usings + """
                using static System.Net.Sockets.SocketOptionName;
                using Level = System.Net.Sockets.SocketOptionLevel;
                using Opt = System.Net.Sockets.SocketOptionName;
                class C
                {
                    void M(Socket socket)
                    {
                        socket.SetSocketOption(Level.Tcp, NoDelay, true);
                        socket.SetSocketOption(Level.Socket, Opt.ReuseAddress, true);
                        socket.SetSocketOption(Level.Tcp, NoDelay, true);
                        socket.SetSocketOption(Level.IP, Opt.IpTimeToLive, 1);
                    }
                }
                """;
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Constants_are_read_by_value_and_flagged_only_when_every_member_with_that_number_is_foreign()
        {
            string source = Usings + """
                class C
                {
                    const SocketOptionName NoDelayName = SocketOptionName.NoDelay;
                    const SocketOptionName KeepAliveName = SocketOptionName.KeepAlive;
                    const SocketOptionLevel TcpLevel = SocketOptionLevel.Tcp;

                    void M(Socket socket)
                    {
                        // 1 is Debug at Socket level: NoDelay or Debug? Silent.
                        socket.SetSocketOption(SocketOptionLevel.Socket, NoDelayName, true);
                        // 8 is only KeepAlive, a Socket option: flagged.
                        socket.SetSocketOption({|#0:TcpLevel|}, KeepAliveName, true);
                        const SocketOptionName local = (SocketOptionName)0x1001;
                        socket.SetSocketOption([|SocketOptionLevel.IP|], local, 1 << 16);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source,
                VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                    "'KeepAliveName' (8) is not a SocketOptionLevel.Tcp option: on Linux this call throws OperationNotSupported; use SocketOptionLevel.Socket"));
        }

        [Fact]
        public async Task A_number_shared_by_options_of_different_owners_is_flagged_without_a_fix()
        {
            string source = InMethod("socket.SetSocketOption({|#0:SocketOptionLevel.Tcp|}, (SocketOptionName)4, 1);");
            var test = new CodeFixTest<SocketOptionLevelAnalyzer, SocketOptionLevelCodeFixProvider> { TestCode = source, FixedCode = source };
            var expected = VerifyCS.Diagnostic("SOCK009").WithLocation(0).WithMessage(
                "'(SocketOptionName)4' (4) is not a SocketOptionLevel.Tcp option: on Linux this call throws OperationNotSupported; use SocketOptionLevel.Socket or SocketOptionLevel.IP or SocketOptionLevel.IPv6");
            test.ExpectedDiagnostics.Add(expected);
            test.FixedState.ExpectedDiagnostics.Add(expected);
            await test.RunAsync();
        }

        [Fact]
        public async Task Variables_and_parameters_are_not_guessed()
        {
            string source = Usings + """
                class C
                {
                    SocketOptionLevel _level = SocketOptionLevel.Socket;

                    void M(Socket socket, SocketOptionLevel level, SocketOptionName name, bool fast)
                    {
                        socket.SetSocketOption(level, SocketOptionName.NoDelay, true);
                        socket.SetSocketOption(SocketOptionLevel.Socket, name, true);
                        socket.SetSocketOption(_level, SocketOptionName.NoDelay, true);
                        var option = SocketOptionName.NoDelay;
                        if (fast) option = SocketOptionName.KeepAlive; // assigned twice: a variable, not a constant
                        socket.SetSocketOption(SocketOptionLevel.Socket, option, true);
                        socket.SetSocketOption(SocketOptionLevel.Socket, fast ? SocketOptionName.NoDelay : SocketOptionName.KeepAlive, true);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Other_methods_and_types_are_ignored()
        {
            string source = Usings + """
                class MySocket
                {
                    public void SetSocketOption(SocketOptionLevel level, SocketOptionName name, bool value) { }
                }
                class C
                {
                    void M(Socket socket, MySocket mine)
                    {
                        mine.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);
                        socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.NoDelay, new byte[4]);
                    }
                }
                """;
            await VerifyCS.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            var test = new AnalyzerTest<SocketOptionLevelAnalyzer>
            {
                TestCode = Usings + """
                    class C
                    {
                        void M(Socket socket)
                        {
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Bogus, true);
                            socket.SetSocketOption(SocketOptionLevel.Bogus, SocketOptionName.NoDelay, true);
                            socket.SetSocketOption(, SocketOptionName.NoDelay, true);
                            socket.GetSocketOption(SocketOptionLevel.Socket);
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Top_level_statements_and_tcp_client_are_fixed()
        {
            var test = new CodeFixTest<SocketOptionLevelAnalyzer, SocketOptionLevelCodeFixProvider>
            {
                TestCode = Usings + """
                    using var client = new TcpClient();
                    client.Client.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, true);
                    """,
                FixedCode = Usings + """
                    using var client = new TcpClient();
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fully_qualified_code_is_fixed_with_a_qualified_level()
        {
            string source = """
                class C
                {
                    void M(System.Net.Sockets.Socket s)
                    {
                        s.SetSocketOption([|System.Net.Sockets.SocketOptionLevel.Socket|], System.Net.Sockets.SocketOptionName.NoDelay, true);
                    }
                }
                """;
            string fixedSource = source.Replace("[|System.Net.Sockets.SocketOptionLevel.Socket|]", "System.Net.Sockets.SocketOptionLevel.Tcp");
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_all_fixes_every_document()
        {
            string first = Usings + """
                class A
                {
                    void M(Socket s)
                    {
                        s.SetSocketOption([|SocketOptionLevel.Socket|], SocketOptionName.NoDelay, true);
                        s.SetSocketOption([|SocketOptionLevel.IP|], SocketOptionName.ReuseAddress, true);
                        s.SetSocketOption([|SocketOptionLevel.Tcp|], SocketOptionName.KeepAlive, true);
                    }
                }
                """;
            string second = Usings + """
                class B
                {
                    int M(Socket s) => (int)s.GetSocketOption([|SocketOptionLevel.IP|], SocketOptionName.TcpKeepAliveTime)!;
                }
                """;
            var test = new CodeFixTest<SocketOptionLevelAnalyzer, SocketOptionLevelCodeFixProvider>();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(Usings + """
                class A
                {
                    void M(Socket s)
                    {
                        s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    }
                }
                """);
            test.FixedState.Sources.Add(Usings + """
                class B
                {
                    int M(Socket s) => (int)s.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!;
                }
                """);
            await test.RunAsync();
        }
    }
}
