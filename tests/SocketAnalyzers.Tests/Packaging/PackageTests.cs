using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>
    /// The package as a user meets it: packed into a local feed, referenced by a fresh project outside the source
    /// tree, built (warnings with help links, -warnaserror, SARIF) and fixed with dotnet format.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [Collection(PackageCollection.Name)]
    public sealed class PackageTests
    {
        private readonly PackageFixture _fixture;

        public PackageTests(PackageFixture fixture) => _fixture = fixture;

        [Fact]
        public void Package_holds_both_assemblies_under_analyzers_and_nothing_under_lib()
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/SocketAnalyzers.dll", names);
            Assert.Contains("analyzers/dotnet/cs/SocketAnalyzers.CodeFixes.dll", names);
            Assert.Contains("README.md", names);
            Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("SocketAnalyzers", metadata.Element(ns + "id")!.Value);
            Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
            Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.Contains("sockets", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
            Assert.Null(metadata.Element(ns + "dependencies"));
        }

        [Fact]
        public void Shipped_assemblies_reference_Roslyn_no_newer_than_4_8()
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            var seen = new List<string>();
            foreach (var (assembly, name, version) in PackageFiles.AssemblyReferences(zip))
            {
                if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                {
                    seen.Add(assembly + " -> " + name + " " + version);
                    Assert.True(version <= new Version(4, 8, 0, 0), $"{assembly} references {name} {version}");
                }
            }

            Assert.Contains(seen, s => s.StartsWith("SocketAnalyzers.dll -> Microsoft.CodeAnalysis ", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.StartsWith("SocketAnalyzers.CodeFixes.dll -> Microsoft.CodeAnalysis.Workspaces ", StringComparison.Ordinal));
            Assert.DoesNotContain(seen, s => s.StartsWith("SocketAnalyzers.dll -> Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Consumer_project_sees_the_warning_fails_with_warnaserror_writes_sarif_and_is_fixed_by_dotnet_format()
        {
            string consumer = Path.Combine(_fixture.WorkDirectory, "consumer");
            Directory.CreateDirectory(consumer);
            string version = Path.GetFileNameWithoutExtension(_fixture.PackagePath).Substring("SocketAnalyzers.".Length);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{_fixture.FeedDirectory}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SocketAnalyzers" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using System.Net;
                using System.Net.Sockets;

                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 5000));
                listener.Listen();
                """);
            // A private package folder: the consumer restores this build of the package, not a cached one.
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_fixture.WorkDirectory, "packages") };

            var build = await ProcessRunner.RunAsync("dotnet", "build", consumer, environment);
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("warning SOCK001", build.Output, StringComparison.Ordinal);
            Assert.Contains("docs/rules/SOCK001.md", build.Output, StringComparison.Ordinal);

            var strict = await ProcessRunner.RunAsync("dotnet", "build --no-incremental -warnaserror", consumer, environment);
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Contains("error SOCK001", strict.Output, StringComparison.Ordinal);

            string sarif = Path.Combine(consumer, "build.sarif");
            var logged = await ProcessRunner.RunAsync("dotnet", $"build --no-incremental \"/p:ErrorLog={sarif}%2Cversion=2.1\"", consumer, environment);
            Assert.True(logged.ExitCode == 0, logged.Output);
            using (var document = JsonDocument.Parse(File.ReadAllText(sarif)))
            {
                var run = document.RootElement.GetProperty("runs")[0];
                var results = run.GetProperty("results").EnumerateArray().ToList();
                Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "SOCK001");
                var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
                var rule = Assert.Single(rules, r => r.GetProperty("id").GetString() == "SOCK001");
                Assert.EndsWith("docs/rules/SOCK001.md", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            }

            var format = await ProcessRunner.RunAsync("dotnet", "format analyzers --diagnostics SOCK001 --severity warn", consumer, environment);
            Assert.True(format.ExitCode == 0, format.Output);
            string fixedProgram = File.ReadAllText(Path.Combine(consumer, "Program.cs"));
            Assert.Contains("SocketType.Stream, ProtocolType.Tcp)", fixedProgram, StringComparison.Ordinal);

            var rebuilt = await ProcessRunner.RunAsync("dotnet", "build --no-incremental", consumer, environment);
            Assert.True(rebuilt.ExitCode == 0, rebuilt.Output);
            Assert.DoesNotContain("SOCK001", rebuilt.Output, StringComparison.Ordinal);
        }
    }
}
