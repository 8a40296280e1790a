using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.ShapeMatrix
{
    /// <summary>What the three shape matrices (reuse, options, P/Invoke) share: run one shipped family on one program, and require one answer for every shape.</summary>
    internal static class FamilyRun
    {
        /// <summary>Every shape gave <paramref name="expected"/> diagnostics (the message lists the shapes that did not).</summary>
        internal static void AssertAll(Dictionary<string, int> answers, int expected)
        {
            var wrong = answers.Where(a => a.Value != expected).Select(a => $"{a.Key}: {a.Value}").ToList();
            Assert.True(answers.Count > 0);
            Assert.True(wrong.Count == 0, $"expected {expected} diagnostic(s) for every shape; different:\n" + string.Join("\n", wrong));
        }

        /// <summary>Compiles the program (it must compile) and returns the diagnostics of one id from <paramref name="family"/>.</summary>
        internal static async Task<List<Diagnostic>> DiagnosticsAsync(DiagnosticAnalyzer family, string source, string id)
        {
            var compilation = CSharpCompilation.Create(
                "Shape",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                TestEnvironment.Net80References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the shape does not compile:\n" + string.Join("\n", errors) + "\n" + source);

            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create(family))
                .GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics.Where(d => d.Id == id).ToList();
        }
    }
}
