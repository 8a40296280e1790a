using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Tests.Fuzz;

namespace SocketAnalyzers.Tests.Model
{
    /// <summary>
    /// The per-type prefilter (<see cref="SocketVocabulary"/>): a type whose declarations never name a word its rules
    /// need gets no actions, and no shape that does reach a rule is lost: aliases, <c>var</c> from a factory, socket
    /// fields in another partial part, native imports under another name, handlers in another part of an accepting type.
    /// </summary>
    public class PrefilterTests
    {
        private const string Usings = "using System;\nusing System.Net;\nusing System.Net.Sockets;\n";

        private static async Task<string[]> IdsAsync(DiagnosticAnalyzer analyzer, params string[] files)
        {
            var compilation = AnalysisHarness.CreateCompilation(
                files.Select((text, i) => new SourceFile("/0/File" + i + ".cs", text)).ToList());
            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: false, CancellationToken.None, ImmutableArray.Create(analyzer));
            Assert.Empty(run.Failures);
            return run.SocketDiagnostics
                .Select(d => d.Id + "@" + d.Location.SourceTree!.FilePath + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1))
                .OrderBy(s => s, System.StringComparer.Ordinal)
                .ToArray();
        }

        // ------------------------------------------------------------------ the scan

        [Fact]
        public void Scan_finds_whole_words_only_and_decodes_escaped_identifiers()
        {
            const string text = "Listening Listen ModelBinder StartNew Start Bind AcceptTcpClientAsync EndAcceptSocket extern Listener AcceptChanges Accepts";
            var words = SocketVocabulary.TreeWords.Scan(SourceText.From(text));
            // Listen, AcceptTcpClientAsync, EndAcceptSocket, extern. Bind and Start are no words of their own; only the
            // accept methods of Socket and TcpListener are Accept words (not AcceptChanges).
            Assert.Equal(4, words.Count);
            Assert.True(words.Any(new TextSpan(text.IndexOf(" Listen ", System.StringComparison.Ordinal) + 1, 6), SocketWords.Reuse));
            Assert.False(words.Any(new TextSpan(0, 9), SocketWords.Reuse | SocketWords.Accept | SocketWords.Import));
            Assert.False(words.Any(new TextSpan(text.IndexOf("ModelBinder", System.StringComparison.Ordinal), 37), SocketWords.Reuse));
            Assert.True(words.Any(new TextSpan(0, 200), SocketWords.Accept));
            Assert.True(words.Any(new TextSpan(0, 200), SocketWords.Import));

            // An identifier written with Unicode escapes is decoded first; escapes in strings are no words.
            var escaped = SocketVocabulary.TreeWords.Scan(SourceText.From("s.\\u004Cisten(1); s.Cl\\u006Fse(0); x.\\U00000041cceptAsync();"));
            Assert.True(escaped.Any(new TextSpan(0, 15), SocketWords.Reuse));
            Assert.True(escaped.Any(new TextSpan(15, 20), SocketWords.Close));
            Assert.True(escaped.Any(new TextSpan(35, 30), SocketWords.Accept));
            var strings = SocketVocabulary.TreeWords.Scan(SourceText.From("var a = \"\\u00e9t\\u00e9\"; var b = \"C:\\\\users\\\\x\"; var c = \"\\u0041\";"));
            Assert.Equal(0, strings.Count);
        }

        [Fact]
        public void Scan_reads_the_whole_identifier_around_each_anchor_and_records_it_once()
        {
            // The scan searches for fragments (Accept, SocketOption, Import, GetLast...) and classifies the identifier each
            // is in: a fragment inside a longer identifier is no word, and an identifier with a fragment and an escape is
            // found by both searches but recorded once.
            const string text = "MySetSocketOptionHelper(); s.SetSocketOption(a); x.Accept\\u0041sync(); DllImportAttribute q; [DllImport(\"a\")] GetLastWin32Errors(); Marshal.GetLastWin32Error();";
            var words = SocketVocabulary.TreeWords.Scan(SourceText.From(text));
            Assert.Equal(4, words.Count); // SetSocketOption, Accept\u0041sync (AcceptAsync), DllImport, GetLastWin32Error
            Assert.False(words.Any(new TextSpan(0, text.IndexOf(" s.", System.StringComparison.Ordinal)), SocketWords.Reuse | SocketWords.Options));
            Assert.True(words.Any(new TextSpan(text.IndexOf("s.Set", System.StringComparison.Ordinal), 5), SocketWords.Reuse | SocketWords.Options));
            Assert.True(words.Any(new TextSpan(text.IndexOf("Accept", System.StringComparison.Ordinal), 1), SocketWords.Accept));
            Assert.False(words.Any(new TextSpan(text.IndexOf("DllImportAttribute", System.StringComparison.Ordinal), 18), SocketWords.Import));
            Assert.True(words.Any(new TextSpan(text.IndexOf("[DllImport", System.StringComparison.Ordinal), 2), SocketWords.Import));
            Assert.False(words.Any(new TextSpan(text.IndexOf("GetLastWin32Errors", System.StringComparison.Ordinal), 18), SocketWords.LastError));
            Assert.True(words.Any(new TextSpan(text.IndexOf("Marshal.", System.StringComparison.Ordinal), 30), SocketWords.LastError));
            Assert.True(words.HasEscapes);
            Assert.False(SocketVocabulary.TreeWords.Scan(SourceText.From("s.Listen(1); var p = \"C:\\\\x\";")).HasEscapes);

            // The extern keyword is searched without its first letter: the identifier around the hit is still read whole,
            // at the start of the text too, and External, externs and xtern are no words.
            const string keyword = "extern int a(); External b; externs c; xtern d; static extern int e();";
            var imports = SocketVocabulary.TreeWords.Scan(SourceText.From(keyword));
            Assert.Equal(2, imports.Count);
            Assert.True(imports.Any(new TextSpan(0, 1), SocketWords.Import));
            Assert.True(imports.Any(new TextSpan(keyword.IndexOf("static", System.StringComparison.Ordinal) + 7, 1), SocketWords.Import));
            Assert.False(imports.Any(new TextSpan(7, keyword.IndexOf("static", System.StringComparison.Ordinal) - 7), SocketWords.Import));
        }

        [Fact]
        public void Name_scan_looks_for_escaped_spellings_only_where_the_word_scan_saw_an_escape()
        {
            var names = System.Collections.Immutable.ImmutableHashSet.Create("setsockopt");
            const string text = "Native.setsockopt(1); \\u0073etsockopt(2);";
            Assert.Equal(2, SocketVocabulary.TreeWords.ScanNames(SourceText.From(text), names, hasEscapes: true).Count);
            Assert.Equal(1, SocketVocabulary.TreeWords.ScanNames(SourceText.From(text), names, hasEscapes: false).Count);

            // Through the per-tree cache, the flag comes from the tree's own word scan.
            var tree = CSharpSyntaxTree.ParseText(text);
            Assert.Equal(2, SocketVocabulary.ImportWords(tree, names, "setsockopt", CancellationToken.None).Count);
        }

        [Fact]
        public void Name_scan_finds_the_import_names_as_whole_identifiers_also_when_escaped()
        {
            var names = System.Collections.Immutable.ImmutableHashSet.Create("setsockopt", "sys_bind");
            const string text = "x.setsockopt(1); Native.sys_bind(2); setsockopts(3); Setsockopt(4); \\u0073etsockopt(5); mysetsockopt(6);";
            var words = SocketVocabulary.TreeWords.ScanNames(SourceText.From(text), names);
            Assert.Equal(3, words.Count);
            Assert.True(words.Any(new TextSpan(text.IndexOf("setsockopt(1)", System.StringComparison.Ordinal), 1), SocketWords.Import));
            Assert.True(words.Any(new TextSpan(text.IndexOf("sys_bind", System.StringComparison.Ordinal), 1), SocketWords.Import));
            Assert.True(words.Any(new TextSpan(text.IndexOf("\\u0073", System.StringComparison.Ordinal), 1), SocketWords.Import));
        }

        [Theory]
        [InlineData("s.Close(0);", true)]
        [InlineData("s.Close( timeout: 0 );", true)]
        [InlineData("s.Close (\n  t);", true)]
        [InlineData("stream.Close();", false)]
        [InlineData("reader.Close( );", false)]
        [InlineData("Action a = s.Close;", false)]
        [InlineData("s.Disconnect(true);", true)]
        [InlineData("await s.DisconnectAsync(true);", true)]
        [InlineData("await s.DisconnectAsync(args);", true)]
        [InlineData("await client.DisconnectAsync();", false)]
        [InlineData("client.Disconnect( );", false)]
        public void Close_is_a_word_only_when_called_with_an_argument(string text, bool isWord)
        {
            var words = SocketVocabulary.TreeWords.Scan(SourceText.From(text));
            Assert.Equal(isWord, words.Any(new TextSpan(0, text.Length), SocketWords.Close));
        }

        [Theory]
        [InlineData("s.Bind(e); l.Start();", false)]
        [InlineData("s.Listen(10);", true)]
        [InlineData("s.SetSocketOption(a, b, true);", true)]
        [InlineData("s.SetRawSocketOption(1, 2, v);", true)]
        [InlineData("l.ExclusiveAddressUse = false;", true)]
        [InlineData("var n = SocketOptionName.ReuseAddress;", false)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);", false)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, global::System.Net.Sockets.SocketOptionName.KeepAlive, true);", false)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ExclusiveAddressUse, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseUnicastPort, 1);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, name, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, N.KeepAlive, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, (SocketOptionName)15, 1);", true)]
        [InlineData("s.SetSocketOption(optionName: SocketOptionName.NoDelay, optionLevel: SocketOptionLevel.Tcp, optionValue: true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, /* reuse */ SocketOptionName.KeepAlive, true);", true)]
        [InlineData("s.SetSocketOption(Levels.Of(\"x\"), SocketOptionName.KeepAlive, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive.Other, true);", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket", true)]
        [InlineData("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive", true)]
        [InlineData("s.SetSocketOption", true)]
        public void Reuse_words_are_the_ones_a_reuse_rule_cannot_report_without(string text, bool isWord)
        {
            var words = SocketVocabulary.TreeWords.Scan(SourceText.From(text));
            Assert.Equal(isWord, words.Any(new TextSpan(0, text.Length), SocketWords.Reuse));

            // An option call stays a word of the options family whatever it sets.
            if (text.Contains("SetSocketOption("))
            {
                Assert.True(words.Any(new TextSpan(0, text.Length), SocketWords.Options));
            }
        }

        [Fact]
        public async Task Types_without_socket_words_get_no_operation_or_symbol_end_actions()
        {
            var compilation = AnalysisHarness.CreateCompilation(new[]
            {
                new SourceFile("/0/Plain.cs", """
                    using System.Linq;
                    public class Numbers
                    {
                        private System.Net.Sockets.Socket? _unused;
                        public int Sum(int[] values) => values.Where(v => v > 0).Sum();
                        public void Drop() { _unused?.Dispose(); }
                    }
                    public interface IShape { double Area(); }
                    public enum Color { Red, Green }
                    public delegate void Handler(int x);
                    """),
                // Words outside every type: the compilation passes the compilation-wide gate (so the symbol-start
                // action is registered, the control below), no type passes the per-type one.
                new SourceFile("/0/Notes.cs", "// Listen, SetSocketOption, AcceptSocketAsync, Close(0), LingerState\n"),
            });
            foreach (var analyzer in new DiagnosticAnalyzer[] { new ReusePolicyAnalyzer(), new ServerClosesFirstAnalyzer() })
            {
                var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                    concurrentAnalysis: false, logAnalyzerExecutionTime: false));
                var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
                var info = result.AnalyzerTelemetryInfo[analyzer];
                Assert.True(info.SymbolStartActionsCount > 0, analyzer.GetType().Name + ": the control, symbol-start is registered");
                Assert.Equal(0, info.OperationActionsCount);
                Assert.Equal(0, info.SymbolEndActionsCount);
            }
        }

        [Fact]
        public void Body_gate_passes_only_the_bodies_that_name_a_word()
        {
            // The options family gates per body inside a type that passes (its rules read one call or write with what its
            // own body holds): of the bodies below, Tune names SetSocketOption and Abort names Close(0) and LingerState.
            var compilation = AnalysisHarness.CreateCompilation(new[]
            {
                new SourceFile("/0/Server.cs", Usings + """
                    public class Server
                    {
                        private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        public void Tune() { _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true); }
                        public int Count(int[] values) { int n = 0; foreach (var v in values) { n += v; } return n; }
                        public void Abort() { _socket.LingerState = new LingerOption(true, 0); _socket.Close(0); }
                        public void Stop() => _socket.Dispose();
                    }
                    """),
            });
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var symbols = SocketSymbols.For(compilation);
            string Passing(SocketWords words) => string.Join(",", tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
                .Where(m => symbols.MayMatterIn(ImmutableArray.Create(model.GetOperation(m)!), words, nativeCalls: false, CancellationToken.None))
                .Select(m => m.Identifier.ValueText));
            Assert.Equal("Tune", Passing(SocketWords.Options));
            Assert.Equal("Tune,Abort", Passing(SocketWords.Options | SocketWords.Close));
            Assert.Equal("Abort", Passing(SocketWords.Linger));
            Assert.Equal(string.Empty, Passing(SocketWords.Accept | SocketWords.Import));
        }

        [Fact]
        public async Task A_compilation_without_any_word_of_a_family_gets_not_even_a_symbol_start_action()
        {
            var compilation = AnalysisHarness.CreateCompilation(new[]
            {
                new SourceFile("/0/Plain.cs", """
                    public class Numbers
                    {
                        private System.Net.Sockets.Socket? _unused;
                        public void Drop() { _unused?.Close(); _unused?.Dispose(); }
                        public void Start() { }
                        public void Bind(int x) { }
                    }
                    """),
            });
            var symbols = SocketSymbols.For(compilation);
            Assert.False(symbols.MayMatterAnywhere(SocketWords.Reuse | SocketWords.Accept | SocketWords.Options | SocketWords.Close | SocketWords.Linger, nativeCalls: true, CancellationToken.None));
            foreach (var analyzer in new DiagnosticAnalyzer[] { new ReusePolicyAnalyzer(), new ServerClosesFirstAnalyzer() })
            {
                var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                    concurrentAnalysis: false, logAnalyzerExecutionTime: false));
                var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
                var info = result.AnalyzerTelemetryInfo[analyzer];
                Assert.Equal(0, info.SymbolStartActionsCount + info.OperationActionsCount + info.SymbolEndActionsCount);
            }

            var withWord = AnalysisHarness.CreateCompilation(new[] { new SourceFile("/0/A.cs", "class A { void M(System.Net.Sockets.Socket s) => s.Listen(1); }") });
            Assert.True(SocketSymbols.For(withWord).MayMatterAnywhere(SocketWords.Reuse, nativeCalls: false, CancellationToken.None));
            Assert.False(SocketSymbols.For(withWord).MayMatterAnywhere(SocketWords.Accept, nativeCalls: true, CancellationToken.None));
        }

        [Fact]
        public void Gate_answers_by_the_words_of_every_declaring_part()
        {
            var compilation = AnalysisHarness.CreateCompilation(new[]
            {
                new SourceFile("/0/A.cs", "partial class Server { System.Net.Sockets.Socket _s = null!; }\nclass Plain { int X() => 1; }\nenum E { Bind }"),
                new SourceFile("/0/B.cs", "partial class Server { void Run() => _s.Listen(); }"),
            });
            var symbols = SocketSymbols.For(compilation);
            Assert.True(symbols.MayMatter(compilation.GetTypeByMetadataName("Server")!, SocketWords.Reuse, nativeCalls: true, CancellationToken.None));
            Assert.False(symbols.MayMatter(compilation.GetTypeByMetadataName("Server")!, SocketWords.Accept, nativeCalls: true, CancellationToken.None));
            Assert.False(symbols.MayMatter(compilation.GetTypeByMetadataName("Plain")!, SocketWords.Reuse, nativeCalls: true, CancellationToken.None));
            Assert.False(symbols.MayMatter(compilation.GetTypeByMetadataName("E")!, SocketWords.Reuse, nativeCalls: true, CancellationToken.None));
        }

        // ------------------------------------------------------------------ no diagnostic lost

        [Fact]
        public async Task Alias_of_Socket_is_still_seen()
        {
            var ids = await IdsAsync(new ReusePolicyAnalyzer(), "using S = System.Net.Sockets.Socket;\n" + Usings + """
                class Server
                {
                    void Run()
                    {
                        var s = new S(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.ExclusiveAddressUse = true;
                        s.Listen(10);
                    }
                }
                """);
            Assert.Equal(new[] { "SOCK006@/0/File0.cs:11" }, ids);
        }

        [Fact]
        public async Task Var_from_a_factory_is_still_seen()
        {
            var ids = await IdsAsync(new ReusePolicyAnalyzer(), Usings + """
                static class Sockets
                {
                    public static Socket Tcp() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                }
                class Server
                {
                    void Run()
                    {
                        var s = Sockets.Tcp();
                        s.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        s.Listen(10);
                    }
                }
                """);
            Assert.Equal(new[] { "SOCK006@/0/File0.cs:14", "SOCK007@/0/File0.cs:14" }, ids);
        }

        [Fact]
        public async Task Socket_created_in_a_part_without_socket_words_is_read_with_the_part_that_listens()
        {
            // The creation (ProtocolType.IP: no SO_REUSEADDR from .NET) is in a part that names no rule word; SOCK001
            // needs it together with the Bind/Listen of the other part.
            string created = Usings + """
                partial class Server
                {
                    private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                }
                """;
            string listens = Usings + """
                partial class Server
                {
                    void Run()
                    {
                        _listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
                        _listener.Listen(10);
                    }
                }
                """;
            var ids = await IdsAsync(new ReusePolicyAnalyzer(), created, listens);
            Assert.Contains(ids, id => id.StartsWith("SOCK001@", System.StringComparison.Ordinal));
            var reversed = await IdsAsync(new ReusePolicyAnalyzer(), listens, created);
            Assert.Contains(reversed, id => id.StartsWith("SOCK001@", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task Native_import_under_another_name_is_called_by_that_name()
        {
            // The calling type names neither bind nor setsockopt: only the C# names of the imports.
            var ids = await IdsAsync(new ReusePolicyAnalyzer(), """
                using System.Runtime.InteropServices;
                static class Native
                {
                    [DllImport("libc", EntryPoint = "socket", SetLastError = true)] public static extern int Open(int domain, int type, int protocol);
                    [DllImport("libc", EntryPoint = "bind", SetLastError = true)] public static extern int Attach(int fd, byte[] address, int length);
                    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] public static extern int Configure(int fd, int level, int name, ref int value, int length);
                }
                class Server
                {
                    void Run(byte[] address)
                    {
                        int fd = Native.Open(2, 1, 0);
                        Native.Attach(fd, address, address.Length);
                        int one = 1;
                        Native.Configure(fd, 1, 2, ref one, sizeof(int));
                    }
                }
                """);
            Assert.Equal(new[] { "SOCK006@/0/File0.cs:15" }, ids);
        }

        [Fact]
        public async Task Handler_in_another_part_of_an_accepting_type_is_still_followed()
        {
            string accepts = Usings + """
                partial class Server
                {
                    void Run(TcpListener listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.AcceptSocket();
                            Handle(client, reply);
                        }
                    }
                }
                """;
            string handles = Usings + """
                partial class Server
                {
                    void Handle(Socket client, byte[] reply)
                    {
                        var request = new byte[16];
                        client.Receive(request);
                        client.Send(reply);
                        client.Close();
                    }
                }
                """;
            var ids = await IdsAsync(new ServerClosesFirstAnalyzer(), accepts, handles);
            Assert.Equal(new[] { "SOCK003@/0/File1.cs:11" }, ids);
        }

        [Fact]
        public async Task Nested_types_and_top_level_statements_are_analyzed_once_each()
        {
            // Per-type registration: the outer type's text holds the nested type's, so both pass the gate; each call
            // must still be reported once.
            var ids = await IdsAsync(new SocketOptionLevelAnalyzer(), Usings + """
                class Outer
                {
                    void A(Socket s) => s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.ReuseAddress, true);
                    class Inner
                    {
                        void B(Socket s) => s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.ReuseAddress, true);
                    }
                }
                class Plain
                {
                    class Inner
                    {
                        void C(Socket s) => s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.ReuseAddress, true);
                    }
                }
                """);
            Assert.Equal(new[] { "SOCK009@/0/File0.cs:16", "SOCK009@/0/File0.cs:6", "SOCK009@/0/File0.cs:9" }, ids);

            var topLevel = await IdsAsync(new SocketOptionLevelAnalyzer(), Usings + """
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.ReuseAddress, true);
                """);
            Assert.Equal(new[] { "SOCK009@/0/File0.cs:5" }, topLevel);
        }

        [Fact]
        public void Socket_imports_are_read_by_name_first_and_every_spelling_of_one_is_kept()
        {
            // SocketImportOf reads the attributes of a method this compilation declares only when the syntax scan kept
            // its name (ImportNames): a socket function's own name, an EntryPoint literal naming one, or an EntryPoint
            // it cannot read (a constant). A libuv-style import is never read, yet ImportOf still sees it as an import.
            var compilation = AnalysisHarness.CreateCompilation(new[]
            {
                new SourceFile("/0/Native.cs", """
                    using System;
                    using System.Runtime.InteropServices;
                    static partial class Native
                    {
                        const string Get = "getsockopt";
                        [DllImport("libc", SetLastError = true)] public static extern int setsockopt(int fd, int level, int name, ref int value, int length);
                        [DllImport("libc", EntryPoint = "setsockopt")] public static extern int Configure(int fd, int level, int name, ref int value, int length);
                        [DllImport("libc", EntryPoint = Get)] public static extern int Read(int fd, int level, int name, out int value, ref int length);
                        [LibraryImport("libc")] public static partial int bind(int fd, byte[] address, int length);
                        [DllImport("libuv")] public static extern int uv_listen(IntPtr handle, int backlog, IntPtr callback);
                        [DllImport("libc", EntryPoint = "uv_bind")] public static extern int Bind(IntPtr handle);
                    }
                    """),
            });
            var symbols = SocketSymbols.For(compilation);
            var native = compilation.GetTypeByMetadataName("Native")!;
            string? Function(string name) => symbols.SocketImportOf(native.GetMembers(name).OfType<IMethodSymbol>().Single())?.Function;

            Assert.Equal("setsockopt", Function("setsockopt"));
            Assert.Equal("setsockopt", Function("Configure"));
            Assert.Equal("getsockopt", Function("Read"));
            Assert.Equal("bind", Function("bind"));
            Assert.Null(Function("uv_listen"));
            Assert.Null(Function("Bind"));
            Assert.Equal("uv_listen", symbols.ImportOf(native.GetMembers("uv_listen").OfType<IMethodSymbol>().Single())?.Function);
            Assert.DoesNotContain("uv_listen", symbols.ImportNames);
        }
    }
}
