using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SocketAnalyzers.Tests.Packaging;
using SocketAnalyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace SocketAnalyzers.Tests.LanguageServer
{
    /// <summary>
    /// The IDE path with a real client: csharp-ls 0.28.0, installed as a dotnet tool into a temporary folder, opens
    /// samples/SampleServer over stdio JSON-RPC; the client answers workspace/configuration with
    /// analyzersEnabled: true. Every SOCK diagnostic the build reports must arrive at the same line and column
    /// (and nothing else). Bounded: install, build and the language server each have a time limit.
    /// </summary>
    [Trait("Category", "LanguageServer")]
    public sealed class CsharpLsTests : IAsyncLifetime
    {
        private const string Version = "0.28.0";

        private readonly string _work = Path.Combine(Path.GetTempPath(), "socketanalyzers-csls-" + Guid.NewGuid().ToString("N"));

        private readonly ITestOutputHelper _output;

        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public CsharpLsTests(ITestOutputHelper output) => _output = output;

        private void Log(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

        public Task InitializeAsync()
        {
            Directory.CreateDirectory(_work);
            return Task.CompletedTask;
        }

        public Task DisposeAsync()
        {
            Packaging.PackageFiles.DeleteQuietly(_work);

            return Task.CompletedTask;
        }

        [Fact]
        public async Task Sample_diagnostics_arrive_in_csharp_ls_where_the_build_reports_them()
        {
            string tools = Path.Combine(_work, "tools");
            var install = await ProcessRunner.RunAsync("dotnet", $"tool install csharp-ls --version {Version} --tool-path \"{tools}\"", _work, timeoutSeconds: 180);
            Assert.True(install.ExitCode == 0, install.Output);
            Log("csharp-ls " + Version + " installed");

            string sample = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "SampleServer");
            (int ExitCode, string Output) build;
            await RepositoryBuildLock.Gate.WaitAsync();
            try
            {
                // The analyzer projects are normally built (Debug) with the test project: then rebuild only the
                // sample, so that its compiler runs (and prints its warnings) again; otherwise build them too.
                string src = Path.Combine(TestEnvironment.RepositoryRoot, "src");
                bool analyzersBuilt = File.Exists(Path.Combine(src, "Analyzers", "bin", "Debug", "netstandard2.0", "SocketAnalyzers.dll"))
                    && File.Exists(Path.Combine(src, "CodeFixes", "bin", "Debug", "netstandard2.0", "SocketAnalyzers.CodeFixes.dll"));
                string arguments = analyzersBuilt ? "build --no-dependencies --no-incremental" : "build --no-incremental";
                build = await ProcessRunner.RunAsync("dotnet", arguments, sample, timeoutSeconds: 300);
            }
            finally
            {
                RepositoryBuildLock.Gate.Release();
            }

            Assert.True(build.ExitCode == 0, build.Output);
            var expected = Regex.Matches(build.Output, @"^\s*(?<path>/[^(\r\n]+\.cs)\((?<line>\d+),(?<col>\d+)\): \w+ (?<id>SOCK\d{3}):", RegexOptions.Multiline)
                .Select(m => $"{Path.GetFileName(m.Groups["path"].Value)}:{m.Groups["line"].Value}:{m.Groups["col"].Value}:{m.Groups["id"].Value}")
                .ToHashSet(StringComparer.Ordinal);
            Assert.True(expected.Count >= 10, build.Output);
            Log($"sample built: {expected.Count} SOCK diagnostics");

            var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
            var start = new ProcessStartInfo(Path.Combine(tools, "csharp-ls"), "--loglevel warning")
            {
                WorkingDirectory = sample,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment.Remove("MSBuildExtensionsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            start.Environment.Remove("MSBuildSDKsPath");
            using var server = Process.Start(start)!;
            var stderr = new StringBuilder();
            server.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            server.BeginErrorReadLine();
            try
            {
                var rpc = new JsonRpc(server.StandardInput.BaseStream, server.StandardOutput.BaseStream);
                string rootUri = new Uri(sample).AbsoluteUri;
                await rpc.SendAsync(new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = 1,
                    ["method"] = "initialize",
                    ["params"] = new JsonObject
                    {
                        ["processId"] = Environment.ProcessId,
                        ["rootUri"] = rootUri,
                        ["capabilities"] = new JsonObject
                        {
                            ["workspace"] = new JsonObject { ["configuration"] = true },
                            ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject() },
                        },
                        ["initializationOptions"] = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } },
                    },
                });

                bool opened = false;
                while (!timeout.IsCancellationRequested && !expected.SetEquals(seen.Values.SelectMany(v => v)))
                {
                    var message = await rpc.ReadAsync(timeout.Token);
                    if (message is null)
                    {
                        break;
                    }

                    string? method = message["method"]?.GetValue<string>();
                    var id = message["id"];
                    if (method is null && id?.GetValue<int>() == 1 && !opened)
                    {
                        // The initialize response: finish the handshake and open every file of the sample.
                        opened = true;
                        await rpc.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "initialized", ["params"] = new JsonObject() });
                        foreach (string file in Directory.GetFiles(sample, "*.cs"))
                        {
                            await rpc.SendAsync(new JsonObject
                            {
                                ["jsonrpc"] = "2.0",
                                ["method"] = "textDocument/didOpen",
                                ["params"] = new JsonObject
                                {
                                    ["textDocument"] = new JsonObject
                                    {
                                        ["uri"] = new Uri(file).AbsoluteUri,
                                        ["languageId"] = "csharp",
                                        ["version"] = 1,
                                        ["text"] = File.ReadAllText(file),
                                    },
                                },
                            });
                        }
                    }
                    else if (method == "workspace/configuration" && id != null)
                    {
                        // The setting csharp-ls needs: analyzersEnabled in the answer to its configuration request.
                        var items = message["params"]?["items"]?.AsArray() ?? new JsonArray();
                        var result = new JsonArray();
                        foreach (var item in items)
                        {
                            string? section = item?["section"]?.GetValue<string>();
                            var csharp = new JsonObject { ["analyzersEnabled"] = true };
                            result.Add(section == "csharp" ? csharp : new JsonObject { ["csharp"] = csharp });
                        }

                        await rpc.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
                    }
                    else if (method != null && id != null)
                    {
                        // Other server requests (registerCapability, workDoneProgress/create, ...): acknowledge.
                        await rpc.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = null });
                    }
                    else if (method == "textDocument/publishDiagnostics")
                    {
                        string uri = message["params"]!["uri"]!.GetValue<string>();
                        string name = Path.GetFileName(new Uri(uri).LocalPath);
                        seen[name] = message["params"]!["diagnostics"]!.AsArray()
                            .Select(d => (Code: d!["code"]?.ToString() ?? "", Start: d["range"]!["start"]!))
                            .Where(d => d.Code.StartsWith("SOCK", StringComparison.Ordinal))
                            .Select(d => $"{name}:{d.Start["line"]!.GetValue<int>() + 1}:{d.Start["character"]!.GetValue<int>() + 1}:{d.Code}")
                            .ToHashSet(StringComparer.Ordinal);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                try
                {
                    server.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }

            var arrived = seen.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
            Log($"language server: {arrived.Count} SOCK diagnostics in {seen.Count} files");
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            Assert.True(expected.SetEquals(arrived),
                "build only: " + string.Join(", ", expected.Except(arrived).OrderBy(s => s, StringComparer.Ordinal)) +
                "\nlanguage server only: " + string.Join(", ", arrived.Except(expected).OrderBy(s => s, StringComparer.Ordinal)) +
                "\ncsharp-ls stderr:\n" + (log.Length > 4000 ? log.Substring(log.Length - 4000) : log));
        }

        /// <summary>LSP base protocol: Content-Length framed JSON over the server's stdin/stdout.</summary>
        private sealed class JsonRpc
        {
            private readonly Stream _input;
            private readonly Stream _output;

            public JsonRpc(Stream input, Stream output)
            {
                _input = input;
                _output = output;
            }

            public async Task SendAsync(JsonObject message)
            {
                byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
                byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
                await _input.WriteAsync(header);
                await _input.WriteAsync(body);
                await _input.FlushAsync();
            }

            public async Task<JsonNode?> ReadAsync(CancellationToken cancellationToken)
            {
                int length = -1;
                while (true)
                {
                    string? line = await ReadLineAsync(cancellationToken);
                    if (line is null)
                    {
                        return null;
                    }

                    if (line.Length == 0)
                    {
                        break;
                    }

                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                byte[] body = new byte[length];
                int read = 0;
                while (read < length)
                {
                    int n = await _output.ReadAsync(body.AsMemory(read), cancellationToken);
                    if (n == 0)
                    {
                        return null;
                    }

                    read += n;
                }

                return JsonNode.Parse(body);
            }

            private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
            {
                var line = new StringBuilder();
                byte[] one = new byte[1];
                while (true)
                {
                    int n = await _output.ReadAsync(one, cancellationToken);
                    if (n == 0)
                    {
                        return null;
                    }

                    if (one[0] == '\n')
                    {
                        return line.ToString().TrimEnd('\r');
                    }

                    line.Append((char)one[0]);
                }
            }
        }
    }
}
