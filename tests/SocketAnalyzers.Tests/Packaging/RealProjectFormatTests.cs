using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SocketAnalyzers.Tests.Fuzz;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>
    /// The fixes where users run them: the packed package in four consumer projects of one solution, fixed with
    /// <c>dotnet format analyzers --severity info --diagnostics</c> (every rule of the package), then built in Debug and Release. The shapes are
    /// those that broke before: a multi-target project (netstandard2.0;net8.0, so each file is fixed once per target),
    /// a type ending in <c>#if DEBUG</c>, a top-level program, and a C# 7.3 / netstandard2.0 project with CRLF files.
    /// One restore, one format run and three builds keep it to a few minutes.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [Collection(PackageCollection.Name)]
    public sealed class RealProjectFormatTests
    {
        private static readonly string[] FixedRules = { "SOCK003", "SOCK004", "SOCK011" };

        private readonly PackageFixture _fixture;

        public RealProjectFormatTests(PackageFixture fixture) => _fixture = fixture;

        private const string MultiTargetServer = """
            using System.Net;
            using System.Net.Sockets;

            namespace MultiTarget
            {
                public class Server
                {
                    public void Run(Socket listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            var request = new byte[16];
                            client.Receive(request);
                            client.Send(reply);
                            client.Close();
                        }
                    }
                }

                public class Client
                {
                    public void Run(EndPoint server)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        s.Bind(new IPEndPoint(IPAddress.Any, 40000));
                        s.Connect(server);
                    }
                }
            }

            """;

        private const string DebugOnlyServer = """
            using System.Net.Sockets;

            namespace DebugOnly
            {
                public class Server
                {
                    public void Run(Socket listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            var request = new byte[16];
                            client.Receive(request);
                            client.Send(reply);
                            client.Close();
                        }
                    }
            #if DEBUG

                    public void Trace()
                    {
                    }
            #endif
                }
            }

            """;

        private const string TopLevelProgram = """
            using System.Net;
            using System.Net.Sockets;

            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            while (true)
            {
                var client = listener.AcceptTcpClient();
                var request = new byte[16];
                client.GetStream().Read(request, 0, request.Length);
                client.GetStream().WriteByte(1);
                client.Close();
            }

            """;

        private const string LegacyServer = """
            using System.Net.Sockets;

            namespace Legacy
            {
                public class Server
                {
                    public void Run(Socket listener, byte[] reply)
                    {
                        while (true)
                        {
                            Socket client = listener.Accept();
                            var request = new byte[16];
                            client.Receive(request);
                            client.Send(reply);
                            client.Close();
                        }
                    }
                }
            }

            """;

        private const string LegacyNative = """
            using System.Runtime.InteropServices;

            namespace Legacy
            {
                public static class Probe
                {
                    private const int SOL_SOCKET = 1;
                    private const int SO_KEEPALIVE = 9;

                    [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
                    private static extern int GetOption(int fd, int level, int name, out long optval, ref int optlen);

                    public static bool KeepAlive(int fd)
                    {
                        int length = sizeof(int);
                        GetOption(fd, SOL_SOCKET, SO_KEEPALIVE, out long value, ref length);
                        return value != 0;
                    }
                }
            }

            """;

        [Fact]
        public async Task Format_fixes_every_rule_in_multi_target_if_DEBUG_top_level_and_CSharp_7_3_CRLF_projects_and_both_configurations_build()
        {
            string root = Path.Combine(_fixture.WorkDirectory, "real-projects");
            Directory.CreateDirectory(root);
            string version = Path.GetFileNameWithoutExtension(_fixture.PackagePath).Substring("SocketAnalyzers.".Length);
            WriteNuGetConfig(root);
            WriteProject(root, "MultiTarget", version, "<TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>", ("Server.cs", MultiTargetServer, "\n"));
            WriteProject(root, "DebugOnly", version, "<TargetFramework>net8.0</TargetFramework>", ("Server.cs", DebugOnlyServer, "\n"));
            WriteProject(root, "TopLevel", version, "<TargetFramework>net8.0</TargetFramework><OutputType>Exe</OutputType>", ("Program.cs", TopLevelProgram, "\n"));
            WriteProject(root, "Legacy", version, "<TargetFramework>netstandard2.0</TargetFramework><LangVersion>7.3</LangVersion>",
                ("Server.cs", LegacyServer, "\r\n"), ("Native.cs", LegacyNative, "\r\n"));

            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_fixture.WorkDirectory, "packages") };
            var created = await ProcessRunner.RunAsync("dotnet", "new sln -n Consumers --format sln", root, environment);
            Assert.True(created.ExitCode == 0, created.Output);
            var added = await ProcessRunner.RunAsync("dotnet",
                "sln Consumers.sln add MultiTarget/MultiTarget.csproj DebugOnly/DebugOnly.csproj TopLevel/TopLevel.csproj Legacy/Legacy.csproj", root, environment);
            Assert.True(added.ExitCode == 0, added.Output);

            // Before: every consumer shows the findings the fixes are for.
            var before = await ProcessRunner.RunAsync("dotnet", "build Consumers.sln -c Debug", root, environment, timeoutSeconds: 600);
            Assert.True(before.ExitCode == 0, before.Output);
            Assert.Contains("MultiTarget", Findings(before.Output, "SOCK003"));
            Assert.Contains("DebugOnly", Findings(before.Output, "SOCK003"));
            Assert.Contains("TopLevel", Findings(before.Output, "SOCK003"));
            Assert.Contains("Legacy", Findings(before.Output, "SOCK003"));
            Assert.Contains("MultiTarget", Findings(before.Output, "SOCK004"));
            Assert.Contains("Legacy", Findings(before.Output, "SOCK011"));

            // Every rule of the package, at any severity. The SDK's own analyzers are left out: at info severity some
            // of them (CA1822 "mark members as static") fire in one target of the multi-target project and not the
            // other, and dotnet format then writes merge-conflict markers into the shared file whatever this package does.
            string rules = string.Join(" ", AnalyzerCatalog.SupportedIds.OrderBy(id => id, StringComparer.Ordinal));
            var format = await ProcessRunner.RunAsync("dotnet", "format analyzers Consumers.sln --severity info --no-restore --diagnostics " + rules, root, environment, timeoutSeconds: 600);
            Assert.True(format.ExitCode == 0, format.Output);

            // The multi-target file was fixed once per target: one wait, one helper, one constant.
            string multi = File.ReadAllText(Path.Combine(root, "MultiTarget", "Server.cs"));
            Assert.Equal(1, Count(multi, "WaitForClientClose(client);"));
            Assert.Equal(1, Count(multi, "static void WaitForClientClose("));
            Assert.Equal(1, Count(multi, "ClientCloseTimeoutMilliseconds = 5000"));
            Assert.DoesNotContain("ReuseAddress", multi, StringComparison.Ordinal);
            Assert.DoesNotContain("40000", multi, StringComparison.Ordinal);

            // The helper is after the #endif, so Release (no DEBUG) sees it.
            string debugOnly = File.ReadAllText(Path.Combine(root, "DebugOnly", "Server.cs"));
            Assert.True(debugOnly.IndexOf("static void WaitForClientClose(", StringComparison.Ordinal) > debugOnly.IndexOf("#endif", StringComparison.Ordinal), debugOnly);

            string topLevel = File.ReadAllText(Path.Combine(root, "TopLevel", "Program.cs"));
            Assert.Contains("static void WaitForClientClose(Socket socket)", topLevel, StringComparison.Ordinal);

            // CRLF files stay CRLF throughout.
            foreach (string file in new[] { "Server.cs", "Native.cs" })
            {
                string text = File.ReadAllText(Path.Combine(root, "Legacy", file));
                Assert.DoesNotMatch(new Regex("(?<!\r)\n"), text);
            }

            Assert.Contains("WaitForClientClose(client);", File.ReadAllText(Path.Combine(root, "Legacy", "Server.cs")), StringComparison.Ordinal);

            foreach (string configuration in new[] { "Debug", "Release" })
            {
                var build = await ProcessRunner.RunAsync("dotnet", $"build Consumers.sln -c {configuration} --no-restore --no-incremental", root, environment, timeoutSeconds: 600);
                Assert.True(build.ExitCode == 0, configuration + "\n" + build.Output + "\n--- format:\n" + format.Output);
                foreach (string rule in FixedRules)
                {
                    Assert.True(Findings(build.Output, rule).Count == 0, configuration + ": " + rule + " is still reported\n" + build.Output);
                }
            }
        }

        /// <summary>The consumer projects (by folder name) whose build output reports the rule.</summary>
        private static HashSet<string> Findings(string output, string rule)
        {
            var projects = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match match in Regex.Matches(output, @"[/\\](\w+)[/\\]\w+\.cs\(\d+,\d+\): warning " + rule + ":"))
            {
                projects.Add(match.Groups[1].Value);
            }

            return projects;
        }

        private static int Count(string text, string what)
        {
            int count = 0;
            for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        private void WriteNuGetConfig(string root)
        {
            // The package from this build's feed only; everything else (NETStandard.Library, the .NET 8 reference
            // packs) from the machine's package folder when it has them, else from the configured registry.
            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{_fixture.FeedDirectory}" />
                    <add key="cache" value="{cache}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="SocketAnalyzers" /></packageSource>
                    <packageSource key="cache"><package pattern="*" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
        }

        private static void WriteProject(string root, string name, string version, string properties, params (string File, string Text, string EndOfLine)[] files)
        {
            string directory = Path.Combine(root, name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    {properties}
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SocketAnalyzers" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            foreach (var (file, text, endOfLine) in files)
            {
                File.WriteAllText(Path.Combine(directory, file), text.Replace("\r\n", "\n").Replace("\n", endOfLine));
            }
        }
    }
}
