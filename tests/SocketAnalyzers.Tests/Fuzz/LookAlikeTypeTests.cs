using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// Odd but legal code: user types that share a name with the framework types the analyzers look at. Every test
    /// snippet and corpus program is compiled in a namespace of its own next to look-alike declarations in that same
    /// namespace, so the snippet's <c>MarshalAs</c>, <c>Socket</c>, <c>SocketOptionName</c>... bind to the user's
    /// types (a namespace's own types win over its usings). The analyzers must neither throw nor report AD0001; the
    /// snippets' compile errors (a look-alike lacks a member) are expected and part of the workload.
    /// </summary>
    public class LookAlikeTypeTests
    {
        /// <summary>Attributes and interop types with framework names, constructors and fields of other types.</summary>
        internal const string InteropLookAlikes = """
            [System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)]
            public sealed class MarshalAsAttribute : System.Attribute
            {
                public MarshalAsAttribute(string value) { }
                public MarshalAsAttribute(System.Runtime.InteropServices.UnmanagedType value, int size = 0) { }
                public string SizeConst = "none";
            }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class StructLayoutAttribute : System.Attribute
            {
                public StructLayoutAttribute(string layout) { }
                public StructLayoutAttribute(System.Runtime.InteropServices.LayoutKind layout, long pack = 1) { }
            }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class DllImportAttribute : System.Attribute
            {
                public DllImportAttribute(int library) { }
                public DllImportAttribute(string library, params string[] more) { }
                public string SetLastError = "yes";
                public int EntryPoint;
            }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class LibraryImportAttribute : System.Attribute
            {
                public LibraryImportAttribute(object library) { }
                public object? SetLastError;
            }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class SupportedOSPlatformAttribute : System.Attribute
            {
                public SupportedOSPlatformAttribute(int platform) { }
                public SupportedOSPlatformAttribute(string platform, string other) { }
            }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class MarshalUsingAttribute : System.Attribute { public MarshalUsingAttribute(string marshaller) { } }
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class NativeMarshallingAttribute : System.Attribute { public NativeMarshallingAttribute(int marshaller) { } }
            public struct HandleRef { public long Handle; }
            public static class BitConverter { public static string GetBytes(string value) => value; }
            public static class Marshal
            {
                public static string SizeOf<T>() => "4";
                public static string SizeOf(object value) => "4";
                public static long GetLastPInvokeError() => 0;
            }
            public static class OperatingSystem { public static string IsLinux() => "maybe"; public static int IsWindows => 1; }
            """;

        /// <summary>Socket API types with framework names and different members, values and shapes.</summary>
        internal const string SocketLookAlikes = """
            public enum SocketOptionLevel : long { Socket = -1, IP = 99, Tcp = 4, IPv6 = 0 }
            public enum SocketOptionName : short { ReuseAddress = 15, ExclusiveAddressUse = 4, Linger = 1, NoDelay = 13, KeepAlive = -9 }
            public enum ProtocolType { Tcp = 0, IP = 6, Unspecified = 17, Udp = 6 }
            public enum SocketType { Stream = 2, Dgram = 1 }
            public enum AddressFamily { InterNetwork = 10, InterNetworkV6 = 2 }
            public sealed class LingerOption
            {
                public LingerOption(string enabled, string seconds) { }
                public LingerOption(bool enabled, int seconds) { }
                public string Enabled = "";
                public string LingerTime = "";
            }
            public class IPEndPoint { public IPEndPoint(object address, string port) { } public IPEndPoint(object address, int port) { } }
            public class Socket
            {
                public Socket(params object[] arguments) { }
                public string ExclusiveAddressUse { get; set; } = "";
                public LingerOption LingerState { get; set; } = new LingerOption("", "");
                public object? Handle;
                public void SetSocketOption(params object[] arguments) { }
                public object GetSocketOption(params object[] arguments) => arguments;
                public void SetRawSocketOption(params object[] arguments) { }
                public void Bind(params object[] endpoint) { }
                public void Listen(string backlog = "") { }
                public Socket Accept() => this;
                public void Connect(params object[] arguments) { }
                public void Shutdown(params object[] how) { }
                public void Close(string timeout = "") { }
                public void Disconnect(string reuse) { }
                public void Dispose() { }
            }
            public class TcpListener
            {
                public TcpListener(params object[] arguments) { }
                public Socket Server { get; } = new Socket();
                public string ExclusiveAddressUse { get; set; } = "";
                public void Start(string backlog = "") { }
                public TcpClient AcceptTcpClient() => new TcpClient();
            }
            public class TcpClient
            {
                public TcpClient(params object[] arguments) { }
                public Socket Client { get; set; } = new Socket();
                public LingerOption LingerState { get; set; } = new LingerOption("", "");
                public void Close() { }
                public void Dispose() { }
            }
            """;

        [Theory]
        [InlineData(nameof(InteropLookAlikes))]
        [InlineData(nameof(SocketLookAlikes))]
        public async Task Snippets_next_to_look_alike_types_never_throw(string which)
        {
            string lookAlikes = which == nameof(InteropLookAlikes) ? InteropLookAlikes : SocketLookAlikes;
            var files = WithLookAlikes(FuzzSources.TestSnippets().Concat(FuzzSources.CorpusFiles()), lookAlikes).ToList();
            Assert.True(files.Count > 100, "only " + files.Count + " files in the look-alike workload");

            var compilation = AnalysisHarness.CreateCompilation(files);
            var concurrent = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: true, default);
            Assert.Empty(concurrent.Failures);
        }

        [Fact]
        public async Task A_user_MarshalAs_with_a_string_on_a_setsockopt_parameter_is_not_the_framework_one()
        {
            var files = new[]
            {
                new SourceFile("/LookAlike/Native.cs", """
                    using System.Runtime.InteropServices;

                    namespace User.Interop
                    {
                        [System.AttributeUsage(System.AttributeTargets.All)]
                        public sealed class MarshalAsAttribute : System.Attribute
                        {
                            public MarshalAsAttribute(string how) { }
                        }

                        static class Native
                        {
                            [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
                            public static extern int setsockopt(int fd, int level, int name, [MarshalAs("LPStruct")] int value, int len);
                        }
                    }
                    """),
            };
            var compilation = AnalysisHarness.CreateCompilation(files);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

            var run = await AnalysisHarness.AnalyzeAsync(compilation, concurrent: false, default);
            Assert.Empty(run.Failures);

            // The by-value option value is still flagged: only the framework's MarshalAs(LPStruct) passes an address.
            Assert.Contains(run.SocketDiagnostics, d => d.Id == "SOCK002");

            var applied = await AnalysisHarness.ApplyAllFixesAsync(AnalysisHarness.CreateProject(files), AnalyzerCatalog.CreateCodeFixProviders(), default);
            Assert.True(applied > 0, "no fix was applied to the look-alike snippet");
        }

        /// <summary>
        /// Each file wrapped in a namespace of its own (<see cref="Workloads.Wrapped"/>), and a second file declaring
        /// the look-alikes in that same namespace.
        /// </summary>
        internal static IEnumerable<SourceFile> WithLookAlikes(IEnumerable<SourceFile> files, string lookAlikes)
        {
            foreach (var file in Workloads.Wrapped(files, "LookAlike"))
            {
                var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(file.Text, AnalysisHarness.ParseOptions).GetRoot();
                if (root.Members.FirstOrDefault() is not NamespaceDeclarationSyntax ns)
                {
                    continue;
                }

                yield return file;
                yield return new SourceFile(
                    file.Path + ".LookAlikes.cs",
                    "#nullable enable\nnamespace " + ns.Name + "\n{\n" + lookAlikes + "\n}\n");
            }
        }
    }
}
