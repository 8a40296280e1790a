using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>
    /// The SOCK003 fix promises code that compiles for netstandard2.0 (and so .NET Framework) as well as .NET 8+: the
    /// members it adds are compiled here against netstandard.dll 2.0 with C# 7.3, the default language version there.
    /// The reference comes from the NETStandard.Library package the test project restores.
    /// </summary>
    public class SOCK003HelperCompatibilityTests
    {
        [Fact]
        public void Added_members_compile_for_netstandard20_with_CSharp_7_3()
        {
            string netstandard = SocketAnalyzers.Tests.Verifiers.TestEnvironment.NetStandard20Reference;
            Assert.True(File.Exists(netstandard), "netstandard.dll 2.0 not found at " + netstandard);

            string source = SOCK003ServerClosesFirstTests.Usings + "class Server\n{\n"
                + SOCK003Helpers.Constant + "\n\n" + SOCK003Helpers.SyncSocket + "\n\n" + SOCK003Helpers.SyncStream + "\n\n"
                + SOCK003Helpers.AsyncStream + "\n\n" + SOCK003Helpers.AsyncSocket + "\n\n"
                + """
                    static async Task CallersAsync(Socket socket, TcpClient client, CancellationToken ct)
                    {
                        WaitForClientClose(socket);
                        WaitForClientClose(client.Client);
                        WaitForClientClose(client.GetStream());
                        await WaitForClientCloseAsync(client.GetStream(), ct);
                        await WaitForClientCloseAsync(socket);
                    }
                }
                """;
            var compilation = CSharpCompilation.Create(
                "NetStandardCheck",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3)) },
                new[] { MetadataReference.CreateFromFile(netstandard) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}
