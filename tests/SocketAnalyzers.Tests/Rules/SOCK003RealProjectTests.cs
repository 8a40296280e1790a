using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Verifiers;
using H = SocketAnalyzers.Tests.Rules.SOCK003Helpers;
using VerifyCS = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.ServerClosesFirstAnalyzer,
    SocketAnalyzers.CodeFixes.ServerClosesFirstCodeFixProvider>;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// The SOCK003 fix in the shapes real projects have: types that end in an <c>#if</c> or <c>#region</c> block,
    /// CRLF and LF files, top-level programs, and one file compiled into two projects (a multi-target build).
    /// The test compilations define no DEBUG symbol, so a helper that lands inside <c>#if DEBUG</c> leaves CS0103 in the
    /// fixed code and fails the test.
    /// </summary>
    public class SOCK003RealProjectTests
    {
        private const string Usings = SOCK003ServerClosesFirstTests.Usings;

        private const string Run = """
                void Run(Socket listener, byte[] reply)
                {
                    while (true)
                    {
                        Socket client = listener.Accept();
                        var request = new byte[16];
                        client.Receive(request);
                        client.Send(reply);
                        [|client.Close()|];
                    }
                }
            """;

        private static string Fixed(string run) => run.Replace("[|client.Close()|];", "WaitForClientClose(client);\n            client.Close();");

        [Fact]
        public async Task Helper_goes_after_a_trailing_if_DEBUG_block_so_Release_compiles()
        {
            string source = Usings + "class Server\n{\n" + Run + "\n#if DEBUG\n    void Trace() { }\n#endif\n}\n";
            string fixedSource = Usings + "class Server\n{\n" + Fixed(Run) + "\n#if DEBUG\n    void Trace() { }\n#endif\n\n"
                + H.Constant + "\n\n" + H.SyncSocket + "\n}\n";
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Helper_goes_after_an_if_else_block_and_a_region()
        {
            string source = Usings + "class Server\n{\n    #region Serving\n" + Run
                + "\n#if DEBUG\n    void Trace() { }\n#else\n    void Trace(int level) { }\n#endif\n    #endregion\n}\n";
            string fixedSource = Usings + "class Server\n{\n    #region Serving\n" + Fixed(Run)
                + "\n#if DEBUG\n    void Trace() { }\n#else\n    void Trace(int level) { }\n#endif\n    #endregion\n\n"
                + H.Constant + "\n\n" + H.SyncSocket + "\n}\n";
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Theory]
        [InlineData("\n")]
        [InlineData("\r\n")]
        public async Task Helper_is_written_in_the_line_endings_of_the_file(string endOfLine)
        {
            string source = (Usings + "class Server\n{\n" + Run + "\n}\n").Replace("\n", endOfLine);
            string fixedSource = (Usings + "class Server\n{\n" + Fixed(Run) + "\n\n" + H.Constant + "\n\n" + H.SyncSocket + "\n}\n")
                .Replace("\r\n", "\n").Replace("\n", endOfLine);
            Assert.Equal(endOfLine == "\n", !fixedSource.Contains('\r', StringComparison.Ordinal));
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Helper_that_is_already_there_is_reused()
        {
            string source = Usings + "class Server\n{\n" + Run + "\n\n" + H.Constant + "\n\n" + H.SyncSocket + "\n}\n";
            string fixedSource = Usings + "class Server\n{\n" + Fixed(Run) + "\n\n" + H.Constant + "\n\n" + H.SyncSocket + "\n}\n";
            await VerifyCS.VerifyCodeFixAsync(source, fixedSource);
        }

        // ------------------------------------------------------------------ top-level programs

        /// <summary>A helper as the fix writes it in a top-level program: a static local function with a plain comment.</summary>
        internal static string TopLevel(string member)
            => string.Join("\n", member.Split('\n')
                .Where(l => l.Trim() is not ("/// <summary>" or "/// </summary>"))
                .Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l.Substring(4) : l)
                .Select(l => l.StartsWith("/// ", StringComparison.Ordinal) ? "// " + l.Substring(4) : l))
                .Replace("private static ", "static ");

        [Fact]
        public async Task Top_level_program_gets_a_local_function_after_its_statements()
        {
            string source = Usings + """
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(1);
                while (true)
                {
                    Socket client = listener.Accept();
                    var request = new byte[16];
                    client.Receive(request);
                    client.Send(request);
                    [|client.Close()|];
                }

                """;
            string fixedSource = Usings + """
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(1);
                while (true)
                {
                    Socket client = listener.Accept();
                    var request = new byte[16];
                    client.Receive(request);
                    client.Send(request);
                    WaitForClientClose(client);
                    client.Close();
                }

                const int ClientCloseTimeoutMilliseconds = 5000;

                """ + TopLevel(H.SyncSocket) + "\n";
            var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Async_top_level_program_with_a_class_after_it_gets_an_async_local_function_before_the_class()
        {
            string source = Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    await client.GetStream().WriteAsync(new byte[] { 1 }, 0, 1);
                    [|client.Close()|];
                }

                static class Reply
                {
                    public const int Size = 1;
                }

                """;
            string fixedSource = Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    await client.GetStream().WriteAsync(new byte[] { 1 }, 0, 1);
                    await WaitForClientCloseAsync(client.GetStream());
                    client.Close();
                }

                const int ClientCloseTimeoutMilliseconds = 5000;

                """ + TopLevel(H.AsyncStream) + """


                static class Reply
                {
                    public const int Size = 1;
                }

                """;
            var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        // ------------------------------------------------------------------ one file in two projects

        [Fact]
        public async Task File_compiled_into_two_projects_gets_one_helper()
        {
            // A multi-target build compiles the same file once per target framework: two projects that share the
            // document's path. Whichever project's fix applies first, the other finds the wait and the helper there.
            const string Path = "/0/Server.cs";
            string source = Usings + "class Server\n{\n" + Run + "\n}\n";
            string fixedSource = Usings + "class Server\n{\n" + Fixed(Run) + "\n\n" + H.Constant + "\n\n" + H.SyncSocket + "\n}\n";
            var test = new VerifyCS.Test
            {
                // The library's suppression check wraps only the primary project's documents in '#pragma warning
                // disable', so the second project's copy of the file still reports: the check cannot hold here.
                TestBehaviors = TestBehaviors.SkipSuppressionCheck,
                // Fix-all in a document or a project reaches one copy of the file; the library's projects are not
                // linked, so the other copy takes a second round.
                NumberOfFixAllInDocumentIterations = 2,
                NumberOfFixAllInProjectIterations = 2,
            };
            test.TestState.Sources.Add((Path, source));
            test.TestState.AdditionalProjects["Second"].Sources.Add((Path, source));
            test.FixedState.Sources.Add((Path, fixedSource));
            test.FixedState.AdditionalProjects["Second"].Sources.Add((Path, fixedSource));
            await test.RunAsync();
        }
    }
}
