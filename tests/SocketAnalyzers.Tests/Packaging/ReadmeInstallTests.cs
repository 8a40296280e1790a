using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>
    /// A new user following only the README: the install commands are read from the README's install-steps block
    /// and run as written (the feed folder replaced by a temporary one), in a fresh project outside the source tree;
    /// the build must show the warnings. Then the presets the README documents, on the package those steps built.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class ReadmeInstallTests : IAsyncLifetime
    {
        private const string ReadmeFeed = "~/socketanalyzers-feed";

        private readonly string _work = Path.Combine(Path.GetTempPath(), "socketanalyzers-readme-" + Guid.NewGuid().ToString("N"));

        private string Feed => Path.Combine(_work, "feed");

        private string Consumer => Path.Combine(_work, "MyServer");

        private Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };

        public Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(Consumer);
            return Task.CompletedTask;
        }

        public Task DisposeAsync()
        {
            PackageFiles.DeleteQuietly(_work);

            return Task.CompletedTask;
        }

        /// <summary>The commands of the README's install-steps block, with the folder each runs in (from its comments).</summary>
        internal static List<(string Where, string Command)> ReadmeInstallSteps()
        {
            string readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
            var block = Regex.Match(readme, @"<!-- install-steps[^>]*-->\s*```sh\n(.*?)```", RegexOptions.Singleline);
            Assert.True(block.Success, "README.md has no install-steps block");
            var steps = new List<(string, string)>();
            string where = "";
            foreach (string raw in block.Groups[1].Value.Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    where = line.Contains("clone of this repository", StringComparison.Ordinal) ? "repository"
                        : line.Contains("your project", StringComparison.Ordinal) ? "project"
                        : throw new InvalidOperationException("unknown place in the README steps: " + line);
                    continue;
                }

                steps.Add((where, line));
            }

            return steps;
        }

        [Fact]
        public async Task A_fresh_project_following_the_README_sees_the_warnings_and_the_presets_work()
        {
            var steps = ReadmeInstallSteps();
            Assert.Equal(new[] { "dotnet pack", "dotnet add", "dotnet build" }, steps.Select(s => string.Join(' ', s.Command.Split(' ').Take(2))));

            // "Your project": a console server with two mistakes, SOCK001 (warning) and SOCK014 (Info by default).
            File.WriteAllText(Path.Combine(Consumer, "MyServer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net{System.Environment.Version.Major}.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(Consumer, "Program.cs"), """
                using System.Net;
                using System.Net.Sockets;

                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 5000));
                listener.Listen();
                var client = listener.Accept();
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                """);

            string lastOutput = "";
            foreach (var (where, command) in steps)
            {
                string expanded = command.Replace(ReadmeFeed, "\"" + Feed + "\"", StringComparison.Ordinal);
                string directory = where == "repository" ? TestEnvironment.RepositoryRoot : Consumer;
                int space = expanded.IndexOf(' ');
                (int exit, string output) result;
                if (where == "repository")
                {
                    // Builds in the source tree are serialized with the other packaging tests.
                    await RepositoryBuildLock.Gate.WaitAsync();
                    try
                    {
                        result = await ProcessRunner.RunAsync(expanded.Substring(0, space), expanded.Substring(space + 1), directory, Environment, timeoutSeconds: 600);
                    }
                    finally
                    {
                        RepositoryBuildLock.Gate.Release();
                    }
                }
                else
                {
                    result = await ProcessRunner.RunAsync(expanded.Substring(0, space), expanded.Substring(space + 1), directory, Environment);
                }

                Assert.True(result.exit == 0, $"'{command}' failed:\n{result.output}");
                lastOutput = result.output;
            }

            // The README's last step is the build: the warning is there, SOCK014 (Info) is not printed.
            Assert.Contains("warning SOCK001", lastOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("SOCK014", lastOutput, StringComparison.Ordinal);
            string project = File.ReadAllText(Path.Combine(Consumer, "MyServer.csproj"));
            Assert.Contains("Include=\"SocketAnalyzers\"", project, StringComparison.Ordinal);
            Assert.Contains("<PrivateAssets>all</PrivateAssets>", project, StringComparison.Ordinal);

            // The presets, selected as the README says: one property in the project file.
            var allWarnings = await BuildWithPresetAsync("all-warnings");
            Assert.True(allWarnings.Exit == 0, allWarnings.Output);
            Assert.Contains("warning SOCK014", allWarnings.Output, StringComparison.Ordinal);
            Assert.Contains("warning SOCK001", allWarnings.Output, StringComparison.Ordinal);

            var none = await BuildWithPresetAsync("none");
            Assert.True(none.Exit == 0, none.Output);
            Assert.DoesNotContain("SOCK0", none.Output, StringComparison.Ordinal);

            var recommended = await BuildWithPresetAsync("recommended");
            Assert.True(recommended.Exit == 0, recommended.Output);
            Assert.Contains("warning SOCK001", recommended.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("SOCK014", recommended.Output, StringComparison.Ordinal);

            var unknown = await BuildWithPresetAsync("strict");
            Assert.NotEqual(0, unknown.Exit);
            Assert.Contains("SocketAnalyzersPreset 'strict' is not a SocketAnalyzers preset", unknown.Output, StringComparison.Ordinal);

            // .editorconfig still overrides a preset: SOCK001 off on top of all-warnings.
            File.WriteAllText(Path.Combine(Consumer, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK001.severity = none\n");
            var overridden = await BuildWithPresetAsync("all-warnings");
            Assert.True(overridden.Exit == 0, overridden.Output);
            Assert.Contains("warning SOCK014", overridden.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("SOCK001", overridden.Output, StringComparison.Ordinal);

            // An invalid option value is reported (SOCK000) instead of being ignored.
            File.AppendAllText(Path.Combine(Consumer, ".editorconfig"), "socket_analyzers.SOCK003.scope = any-accepted\n");
            var invalid = await BuildWithPresetAsync("recommended");
            Assert.True(invalid.Exit == 0, invalid.Output);
            Assert.Contains("warning SOCK000", invalid.Output, StringComparison.Ordinal);
            Assert.Contains("'any-accepted' is not a valid value of socket_analyzers.SOCK003.scope", invalid.Output, StringComparison.Ordinal);

            AssertPackageContents(Directory.GetFiles(Feed, "SocketAnalyzers.*.nupkg").Single());
        }

        private async Task<(int Exit, string Output)> BuildWithPresetAsync(string preset)
        {
            string path = Path.Combine(Consumer, "MyServer.csproj");
            string project = Regex.Replace(File.ReadAllText(path), @"\s*<SocketAnalyzersPreset>[^<]*</SocketAnalyzersPreset>", "");
            project = project.Replace("<OutputType>Exe</OutputType>", $"<OutputType>Exe</OutputType>\n    <SocketAnalyzersPreset>{preset}</SocketAnalyzersPreset>", StringComparison.Ordinal);
            File.WriteAllText(path, project);
            return await ProcessRunner.RunAsync("dotnet", "build --no-incremental", Consumer, Environment);
        }

        /// <summary>
        /// What the package ships: its own README, the LICENSE, the presets and targets, no install scripts, and
        /// assemblies that reference no System.Composition (the Roslyn 4.8 hosts of the .NET 8 SDK and Visual Studio
        /// 17.8 carry System.Composition 7.0; restore here resolves Workspaces 4.5's 6.0 to 8.0).
        /// </summary>
        private static void AssertPackageContents(string package)
        {
            using var zip = ZipFile.OpenRead(package);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("LICENSE", names);
            Assert.Contains("build/SocketAnalyzers.targets", names);
            Assert.Contains("config/recommended.globalconfig", names);
            Assert.Contains("config/all-warnings.globalconfig", names);
            Assert.Contains("config/none.globalconfig", names);
            Assert.DoesNotContain(names, n => n.StartsWith("tools/", StringComparison.Ordinal) || n.EndsWith(".ps1", StringComparison.Ordinal));

            using (var reader = new StreamReader(zip.GetEntry("README.md")!.Open()))
            {
                string readme = reader.ReadToEnd();
                Assert.Equal(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Package", "README.md")), readme);
                Assert.DoesNotContain("](docs/", readme, StringComparison.Ordinal);
                Assert.DoesNotContain("## Adding a rule", readme, StringComparison.Ordinal);
            }

            var references = PackageFiles.AssemblyReferences(zip)
                .Select(r => r.Assembly + " -> " + r.Name + " " + r.Version)
                .ToList();

            Assert.Contains(references, r => r.StartsWith("SocketAnalyzers.CodeFixes.dll -> Microsoft.CodeAnalysis.Workspaces 4.5.", StringComparison.Ordinal));
            Assert.DoesNotContain(references, r => r.Contains("System.Composition", StringComparison.Ordinal));
        }
    }

    /// <summary>Serializes the packaging tests' builds inside the source tree (concurrent builds of one project race on obj/).</summary>
    internal static class RepositoryBuildLock
    {
        public static readonly SemaphoreSlim Gate = new(1, 1);
    }
}
