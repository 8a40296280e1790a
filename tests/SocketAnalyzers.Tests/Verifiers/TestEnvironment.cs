using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>Where the test compilations get their references, and where the repository is.</summary>
    public static class TestEnvironment
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> s_net80 = new(LoadNet80);

        /// <summary>The reference assemblies of Microsoft.NETCore.App 8.0 (restored as a package, no network at test time).</summary>
        public static ImmutableArray<MetadataReference> Net80References => s_net80.Value;

        /// <summary>
        /// The reference assemblies of the rule tests: Microsoft.NETCore.App.Ref 8.0 as the testing library resolves it
        /// from the configured NuGet registry.
        /// </summary>
        public static Microsoft.CodeAnalysis.Testing.ReferenceAssemblies ReferenceAssemblies
            => Microsoft.CodeAnalysis.Testing.ReferenceAssemblies.Net.Net80;

        /// <summary>The compilation settings every rule test shares, on top of the testing library's.</summary>
        public static CSharpCompilationOptions Configure(
            CSharpCompilationOptions options, bool allowUnsafe, NullableContextOptions nullable)
            => options.WithAllowUnsafe(allowUnsafe).WithNullableContextOptions(nullable);

        /// <summary>A diagnostic as one line: id, file(line,column), the flagged text and the message.</summary>
        public static string Describe(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            string snippet = d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan) ?? string.Empty;
            return FormattableString.Invariant(
                $"{d.Id} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) '{snippet}': {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        public static string RepositoryRoot => Metadata("RepositoryRoot");

        /// <summary>netstandard.dll of .NET Standard 2.0 (from the NETStandard.Library package restored with the tests).</summary>
        public static string NetStandard20Reference => Metadata("NetStandard20Reference");

        private static string Metadata(string key)
            => typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == key).Value
               ?? throw new InvalidOperationException("missing assembly metadata " + key);

        private static ImmutableArray<MetadataReference> LoadNet80()
        {
            string dir = Metadata("NetCoreAppRefDir");
            if (!Directory.Exists(dir))
            {
                throw new InvalidOperationException("Reference assemblies not found at " + dir + "; run dotnet restore.");
            }

            return Directory.GetFiles(dir, "*.dll")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }
    }
}
