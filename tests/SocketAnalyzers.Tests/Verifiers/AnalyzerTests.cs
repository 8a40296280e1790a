using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// Microsoft.CodeAnalysis.Testing's CSharpAnalyzerTest with the settings every rule test shares: .NET 8 reference
    /// assemblies, the newest language version, unsafe code allowed and nullable annotations enabled. All of the
    /// library's checks (generated code, suppression, additional locations, exact messages) run at their defaults.
    /// </summary>
    public class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public AnalyzerTest()
        {
            ReferenceAssemblies = TestEnvironment.ReferenceAssemblies;
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Preview;

        public bool AllowUnsafeBlocks { get; set; } = true;

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Enable;

        protected override CompilationOptions CreateCompilationOptions()
            => TestEnvironment.Configure((CSharpCompilationOptions)base.CreateCompilationOptions(), AllowUnsafeBlocks, NullableContextOptions);

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
    }

    /// <summary>Microsoft.CodeAnalysis.Testing's CSharpCodeFixTest with the settings of <see cref="AnalyzerTest{TAnalyzer}"/>.</summary>
    public class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            ReferenceAssemblies = TestEnvironment.ReferenceAssemblies;
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Preview;

        public bool AllowUnsafeBlocks { get; set; } = true;

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Enable;

        protected override CompilationOptions CreateCompilationOptions()
            => TestEnvironment.Configure((CSharpCompilationOptions)base.CreateCompilationOptions(), AllowUnsafeBlocks, NullableContextOptions);

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
    }
}
