using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>Runs a command with a time limit and captures its output.</summary>
    internal static class ProcessRunner
    {
        public static async Task<(int ExitCode, string Output)> RunAsync(
            string fileName, string arguments, string workingDirectory, IDictionary<string, string>? environment = null,
            int timeoutSeconds = 300)
        {
            var start = new ProcessStartInfo(fileName, arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBUILDTERMINALLOGGER"] = "off";
            // Keep the child builds out of the test host's own MSBuild node and environment.
            start.Environment.Remove("MSBuildExtensionsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            start.Environment.Remove("MSBuildSDKsPath");
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))).ConfigureAwait(false) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{fileName} {arguments}' did not finish within {timeoutSeconds} s:\n{output}");
            }

            await exited.ConfigureAwait(false);
            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
