using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.Tests.Verifiers;
using Xunit;

namespace SocketAnalyzers.Tests.Model
{
    /// <summary>
    /// <see cref="TypeLookup"/> answers what <see cref="Compilation.GetTypeByMetadataName"/> answers (the same symbol,
    /// by identity) for every type the analyzers resolve, looking first in the source, then in the framework's own
    /// assemblies, and in the whole compilation only when neither has the type.
    /// </summary>
    public class TypeLookupTests
    {
        /// <summary>Every metadata name the analyzers pass to <see cref="TypeLookup.Find"/> (SocketTypes, ConnectionTypes, PlatformTypes).</summary>
        public static readonly string[] Resolved =
        {
            "System.Net.Sockets.Socket", "System.Net.Sockets.TcpListener", "System.Net.Sockets.TcpClient", "System.Net.Sockets.UdpClient",
            "System.Net.Sockets.NetworkStream", "System.Net.Sockets.AddressFamily", "System.Net.Sockets.SocketType", "System.Net.Sockets.ProtocolType",
            "System.Net.Sockets.SocketOptionLevel", "System.Net.Sockets.SocketOptionName", "System.Net.Sockets.SocketShutdown",
            "System.Net.Sockets.LingerOption", "System.Net.Sockets.MulticastOption", "System.Net.Sockets.IPv6MulticastOption",
            "System.Net.Sockets.UnixDomainSocketEndPoint", "System.Net.IPEndPoint", "System.Net.EndPoint", "System.Net.IPAddress",
            "System.IO.Stream", "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter",
            "System.IO.TextReader", "System.IO.TextWriter", "System.IO.BufferedStream", "System.Net.Security.SslStream",
            "System.Net.Security.NegotiateStream", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
            "System.Threading.Tasks.TaskFactory", "System.Threading.Tasks.TaskFactory`1", "System.Threading.ThreadPool",
            "System.Threading.Thread", "System.Threading.ExecutionContext", "System.Exception", "System.IO.IOException",
            "System.IO.EndOfStreamException", "System.OperatingSystem", "System.Runtime.InteropServices.RuntimeInformation",
        };

        private static CSharpCompilation Compile(IEnumerable<MetadataReference> references, string source = "class C { }")
            => CSharpCompilation.Create("T", new[] { CSharpSyntaxTree.ParseText(source) }, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        [Fact]
        public void Net80_every_type_is_the_compilation_wide_answer_and_found_in_a_framework_home()
        {
            var compilation = Compile(TestEnvironment.Net80References);
            var lookup = new TypeLookup(compilation);
            foreach (string name in Resolved)
            {
                var expected = compilation.GetTypeByMetadataName(name);
                Assert.True(expected != null, name + " resolves in net8.0");
                var found = lookup.Find(name);
                Assert.True(SymbolEqualityComparer.Default.Equals(expected, found), name);
                // Found without the whole-compilation fallback: its assembly is one of the homes.
                Assert.Contains(found!.ContainingAssembly.Name, TypeLookup.Homes);
            }
        }

        [Fact]
        public void NetStandard20_every_type_is_the_compilation_wide_answer()
        {
            var compilation = Compile(new[] { MetadataReference.CreateFromFile(TestEnvironment.NetStandard20Reference) });
            var lookup = new TypeLookup(compilation);
            int found = 0;
            foreach (string name in Resolved)
            {
                var expected = compilation.GetTypeByMetadataName(name);
                var actual = lookup.Find(name);
                Assert.True(SymbolEqualityComparer.Default.Equals(expected, actual), name);
                found += actual != null ? 1 : 0;
            }

            // netstandard.dll has the socket types (and not, say, UnixDomainSocketEndPoint or OperatingSystem's checks).
            Assert.NotNull(lookup.Find("System.Net.Sockets.Socket"));
            Assert.Equal("netstandard", lookup.Find("System.Net.Sockets.Socket")!.ContainingAssembly.Name);
            Assert.True(found >= 30, found + " of " + Resolved.Length + " found");
        }

        [Fact]
        public void A_type_declared_in_source_wins_as_it_does_for_the_compiler()
        {
            var compilation = Compile(TestEnvironment.Net80References, "namespace System.Net.Sockets { public class LingerOption { } }");
            var lookup = new TypeLookup(compilation);
            var found = lookup.Find("System.Net.Sockets.LingerOption");
            Assert.NotNull(found);
            Assert.True(SymbolEqualityComparer.Default.Equals(compilation.Assembly, found!.ContainingAssembly));
            Assert.True(SymbolEqualityComparer.Default.Equals(compilation.GetTypeByMetadataName("System.Net.Sockets.LingerOption"), found));
        }

        [Fact]
        public void Without_the_framework_homes_it_falls_back_to_the_whole_compilation()
        {
            // Socket defined only in a referenced library of another name: not a home, still found (by the fallback).
            var library = Compile(TestEnvironment.Net80References, "namespace System.Net.Sockets { public class Socket { } }")
                .WithAssemblyName("Polyfill");
            var compilation = Compile(TestEnvironment.Net80References.Where(r => !r.Display!.EndsWith("System.Net.Sockets.dll", System.StringComparison.Ordinal))
                .Append(library.ToMetadataReference()));
            var lookup = new TypeLookup(compilation);
            var found = lookup.Find("System.Net.Sockets.Socket");
            Assert.NotNull(found);
            Assert.Equal("Polyfill", found!.ContainingAssembly.Name);
            Assert.Null(lookup.Find("System.Net.Sockets.NoSuchType"));
        }
    }
}
