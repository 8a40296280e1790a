using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// The seed programs of the fuzz suite: every C# snippet written as a string literal in the test sources
    /// (regular, verbatim, raw and interpolated; holes become <c>default</c>, test markup is stripped), every file of
    /// the precision corpus, and every .cs file under samples/ when that folder exists.
    /// </summary>
    public static class FuzzSources
    {
        private static readonly Lazy<ImmutableArray<SourceFile>> s_all = new(Collect);

        /// <summary>Usings given to snippets that have none (the tests usually prepend them by concatenation).</summary>
        internal const string StandardUsings =
            "using System;\nusing System.IO;\nusing System.Net;\nusing System.Net.Sockets;\nusing System.Runtime.InteropServices;\n"
            + "using System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        public static ImmutableArray<SourceFile> All => s_all.Value;

        public static string TestsDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "SocketAnalyzers.Tests");

        public static string CorpusDirectory => Path.Combine(TestsDirectory, "Corpus", "Programs");

        public static ImmutableArray<SourceFile> CorpusFiles()
            => Directory.Exists(CorpusDirectory)
                ? Directory.GetFiles(CorpusDirectory, "*.cs", SearchOption.AllDirectories)
                    .OrderBy(p => p, StringComparer.Ordinal)
                    .Select(p => new SourceFile(p, File.ReadAllText(p)))
                    .ToImmutableArray()
                : ImmutableArray<SourceFile>.Empty;

        public static ImmutableArray<SourceFile> SampleFiles()
        {
            string samples = Path.Combine(TestEnvironment.RepositoryRoot, "samples");
            if (!Directory.Exists(samples))
            {
                return ImmutableArray<SourceFile>.Empty;
            }

            return Directory.GetFiles(samples, "*.cs", SearchOption.AllDirectories)
                .Where(p => !IsBuildOutput(p))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new SourceFile(p, File.ReadAllText(p)))
                .ToImmutableArray();
        }

        /// <summary>The snippets written as string literals in the test sources (not the corpus programs).</summary>
        public static ImmutableArray<SourceFile> TestSnippets()
        {
            var result = new List<SourceFile>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(TestsDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(p => !IsBuildOutput(p) && !p.StartsWith(CorpusDirectory, StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal))
            {
                var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), AnalysisHarness.ParseOptions).GetRoot();
                int index = 0;
                foreach (string literal in Literals(root))
                {
                    if (ToSnippet(literal) is { } snippet && seen.Add(snippet))
                    {
                        string name = Path.GetFileNameWithoutExtension(file) + "_" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        result.Add(new SourceFile("/0/" + name + ".cs", snippet));
                    }
                }
            }

            return result.ToImmutableArray();
        }

        private static ImmutableArray<SourceFile> Collect()
            => TestSnippets().Concat(CorpusFiles()).Concat(SampleFiles()).ToImmutableArray();

        private static bool IsBuildOutput(string path)
        {
            string normalized = path.Replace('\\', '/');
            return normalized.Contains("/bin/", StringComparison.Ordinal) || normalized.Contains("/obj/", StringComparison.Ordinal);
        }

        /// <summary>The value of every string literal and interpolated string (holes replaced by <c>default</c>).</summary>
        private static IEnumerable<string> Literals(SyntaxNode root)
        {
            foreach (var node in root.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    yield return literal.Token.ValueText;
                }
                else if (node is InterpolatedStringExpressionSyntax interpolated)
                {
                    var b = new StringBuilder();
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is InterpolatedStringTextSyntax text)
                        {
                            b.Append(text.TextToken.ValueText);
                        }
                        else
                        {
                            b.Append("default");
                        }
                    }

                    yield return b.ToString();
                }
            }
        }

        /// <summary>
        /// The literal as a fuzz seed when it is C#: after stripping test markup it parses into a compilation unit
        /// that declares a type, or holds statements with no syntax error (messages and titles parse only with errors).
        /// </summary>
        internal static string? ToSnippet(string literal)
        {
            if (literal.Length < 20 || (literal.IndexOf(';') < 0 && literal.IndexOf('}') < 0))
            {
                return null;
            }

            string text = literal;
            try
            {
                text = TestMarkup.Parse(literal).Text;
            }
            catch (Exception)
            {
                // Not markup after all (or malformed markup): keep the raw text.
            }

            var tree = CSharpSyntaxTree.ParseText(text, AnalysisHarness.ParseOptions);
            var root = (CompilationUnitSyntax)tree.GetRoot();
            bool declaresType = root.DescendantNodes().Any(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
            bool statements = root.Members.OfType<GlobalStatementSyntax>().Any()
                && !tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            if (!declaresType && !statements)
            {
                return null;
            }

            return root.Usings.Count == 0 && root.Externs.Count == 0 ? StandardUsings + text : text;
        }
    }
}
