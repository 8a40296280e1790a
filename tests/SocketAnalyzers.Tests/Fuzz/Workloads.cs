using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// Multi-file inputs for the concurrency, cancellation and generated-code tests: the test snippets that declare
    /// only types, each moved into a namespace of its own so that they compile side by side, plus the corpus.
    /// </summary>
    public static class Workloads
    {
        private static readonly Lazy<ImmutableArray<SourceFile>> s_project = new(() =>
            Wrapped(FuzzSources.TestSnippets().Concat(FuzzSources.SampleFiles()), "Snippet")
                .Concat(FuzzSources.CorpusFiles())
                .ToImmutableArray());

        /// <summary>Snippets and corpus in one project; copies = n repeats it n times (in distinct namespaces).</summary>
        public static ImmutableArray<SourceFile> Project(int copies = 1)
        {
            if (copies == 1)
            {
                return s_project.Value;
            }

            var result = new List<SourceFile>();
            for (int copy = 0; copy < copies; copy++)
            {
                string prefix = "Copy" + copy.ToString(CultureInfo.InvariantCulture);
                result.AddRange(Wrapped(s_project.Value, prefix).Select(f => f with { Path = "/" + prefix + f.Path }));
            }

            return result.ToImmutableArray();
        }

        /// <summary>
        /// Each file whose compilation unit holds only usings and type or namespace declarations, with its members moved
        /// into <c>namespace {prefix}{n} { usings; members }</c>. Files with top-level statements, file-scoped
        /// namespaces, extern aliases or assembly attributes are left out.
        /// </summary>
        public static IEnumerable<SourceFile> Wrapped(IEnumerable<SourceFile> files, string prefix)
        {
            int index = 0;
            foreach (var file in files)
            {
                var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(file.Text, AnalysisHarness.ParseOptions).GetRoot();
                if (root.Members.Count == 0
                    || root.Externs.Count > 0
                    || root.AttributeLists.Count > 0
                    || root.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                    || root.Members.Any(m => m is GlobalStatementSyntax or FileScopedNamespaceDeclarationSyntax)
                    || root.ContainsDiagnostics)
                {
                    continue;
                }

                string name = prefix + (index++).ToString(CultureInfo.InvariantCulture);
                var ns = SyntaxFactory.NamespaceDeclaration(SyntaxFactory.ParseName(name))
                    .WithUsings(root.Usings)
                    .WithMembers(root.Members);
                var wrapped = root.WithUsings(default).WithMembers(SyntaxFactory.SingletonList<MemberDeclarationSyntax>(ns));
                yield return new SourceFile(file.Path, wrapped.NormalizeWhitespace().ToFullString());
            }
        }

        public static Compilation Compile(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
            => AnalysisHarness.CreateCompilation(files, cancellationToken);
    }
}
