using System;
using System.IO;
using System.Threading.Tasks;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>Packs src/Package once into a fresh local folder feed for the packaging tests.</summary>
    public sealed class PackageFixture : IAsyncLifetime
    {
        public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "socketanalyzers-e2e-" + Guid.NewGuid().ToString("N"));

        public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

        public string PackagePath { get; private set; } = string.Empty;

        public string PackOutput { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(FeedDirectory);
            string project = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Package", "SocketAnalyzers.Package.csproj");
            int exit;
            string output;
            await RepositoryBuildLock.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                (exit, output) = await ProcessRunner.RunAsync("dotnet",
                    $"pack \"{project}\" -c Release -o \"{FeedDirectory}\" -p:PackageOutputPath=\"{FeedDirectory}\"",
                    TestEnvironment.RepositoryRoot).ConfigureAwait(false);
            }
            finally
            {
                RepositoryBuildLock.Gate.Release();
            }

            PackOutput = output;
            if (exit != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + output);
            }

            PackagePath = Directory.GetFiles(FeedDirectory, "SocketAnalyzers.*.nupkg")[0];
        }

        public Task DisposeAsync()
        {
            PackageFiles.DeleteQuietly(WorkDirectory);

            return Task.CompletedTask;
        }
    }
}

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>The packaging tests share one packed package (packing is the slow part).</summary>
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        public const string Name = "Packed package";
    }
}
