using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>Static entry points shaped like Microsoft.CodeAnalysis.Testing's CSharpAnalyzerVerifier.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => DiagnosticResult.Create(id);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }

    /// <summary>Static entry points shaped like Microsoft.CodeAnalysis.Testing's CSharpCodeFixVerifier.</summary>
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => DiagnosticResult.Create(id);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
            => CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

        public static Task VerifyCodeFixAsync(string source, string fixedSource)
            => VerifyCodeFixAsync(source, System.Array.Empty<DiagnosticResult>(), fixedSource);

        public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
        {
            var test = new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
