using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>The verifier must fail when it should: a missing, extra or misplaced diagnostic, a wrong fix, a fix that breaks the build, an analyzer that throws.</summary>
    public class VerifierSelfTests
    {
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class BadFieldAnalyzer : DiagnosticAnalyzer
        {
            internal static readonly DiagnosticDescriptor Rule = new("TEST001", "bad field", "Field '{0}' is bad", "Test", DiagnosticSeverity.Warning, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSymbolAction(c =>
                {
                    if (c.Symbol.Name.StartsWith("bad", StringComparison.Ordinal))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, c.Symbol.Locations[0], c.Symbol.Name));
                    }
                }, SymbolKind.Field);
            }
        }

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BadFieldAnalyzer.Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.Field);
            }
        }

        /// <summary>Renames bad* to good*.</summary>
        [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
        public sealed class RenameFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

            public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
                var token = root!.FindToken(context.Diagnostics[0].Location.SourceSpan.Start);
                context.RegisterCodeFix(CodeAction.Create("Rename", _ =>
                {
                    var renamed = SyntaxFactory.Identifier(token.LeadingTrivia, "good" + token.ValueText.Substring(3), token.TrailingTrivia);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(token, renamed)));
                }, "Rename"), context.Diagnostics);
            }
        }

        /// <summary>Breaks the code: replaces the field's type with an unknown one.</summary>
        [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
        public sealed class BreakingFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

            public override FixAllProvider? GetFixAllProvider() => null;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
                var field = root!.FindToken(context.Diagnostics[0].Location.SourceSpan.Start).Parent!.FirstAncestorOrSelf<FieldDeclarationSyntax>()!;
                context.RegisterCodeFix(CodeAction.Create("Break", _ =>
                {
                    var broken = field.WithDeclaration(field.Declaration.WithType(SyntaxFactory.ParseTypeName("NoSuchType "))
                        .WithVariables(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator("fine"))));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(field, broken)));
                }, "Break"), context.Diagnostics);
            }
        }

        private const string Source = "class C { int [|bad1|]; int [|bad2|]; }";
        private const string Fixed = "class C { int good1; int good2; }";

        [Fact]
        public Task Correct_expectations_pass()
            => CSharpCodeFixVerifier<BadFieldAnalyzer, RenameFix>.VerifyCodeFixAsync(Source, Fixed);

        [Fact]
        public async Task Missing_diagnostic_fails()
        {
            var e = await Assert.ThrowsAsync<VerificationException>(
                () => CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { int [|bad1|]; int bad2; }"));
            Assert.Contains("Reported but not expected", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Extra_expected_diagnostic_fails()
        {
            var e = await Assert.ThrowsAsync<VerificationException>(
                () => CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { int [|bad1|]; int [|fine|]; }"));
            Assert.Contains("Expected but not reported", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Misplaced_span_fails()
        {
            await Assert.ThrowsAsync<VerificationException>(
                () => CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { [|int bad1|]; }"));
        }

        [Fact]
        public async Task Wrong_message_fails_and_right_message_passes()
        {
            const string source = "class C { int {|#0:bad1|}; }";
            await CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync(source,
                CSharpAnalyzerVerifier<BadFieldAnalyzer>.Diagnostic("TEST001").WithLocation(0).WithArguments("bad1"));
            await Assert.ThrowsAsync<VerificationException>(() => CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync(source,
                CSharpAnalyzerVerifier<BadFieldAnalyzer>.Diagnostic("TEST001").WithLocation(0).WithMessage("Field 'bad2' is bad")));
        }

        [Fact]
        public async Task Line_column_spans_and_named_ids_work()
        {
            await CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C {\n int bad1;\n}",
                CSharpAnalyzerVerifier<BadFieldAnalyzer>.Diagnostic("TEST001").WithSpan(2, 6, 2, 10));
            await CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { int {|TEST001:bad1|}; }");
        }

        [Fact]
        public async Task Compiler_errors_must_be_expected()
        {
            await Assert.ThrowsAsync<VerificationException>(
                () => CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { Missing m; }"));
            await CSharpAnalyzerVerifier<BadFieldAnalyzer>.VerifyAnalyzerAsync("class C { {|CS0246:Missing|} m; }");
        }

        [Fact]
        public async Task Wrong_fixed_code_fails()
        {
            var e = await Assert.ThrowsAsync<VerificationException>(
                () => CSharpCodeFixVerifier<BadFieldAnalyzer, RenameFix>.VerifyCodeFixAsync(Source, "class C { int good1; int bad2; }"));
            Assert.Contains("differs", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Fix_that_adds_a_compiler_error_fails()
        {
            var e = await Assert.ThrowsAsync<VerificationException>(
                () => CSharpCodeFixVerifier<BadFieldAnalyzer, BreakingFix>.VerifyCodeFixAsync(
                    "class C { int [|bad1|]; }", "class C { NoSuchType fine; }"));
            Assert.Contains("compiler errors", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Analyzer_exception_fails()
        {
            var e = await Assert.ThrowsAsync<VerificationException>(
                () => CSharpAnalyzerVerifier<ThrowingAnalyzer>.VerifyAnalyzerAsync("class C { int bad1; }"));
            Assert.Contains("AD0001", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Unknown_equivalence_key_applies_no_fix_and_fails()
        {
            var test = new CodeFixTest<BadFieldAnalyzer, RenameFix>
            {
                TestCode = Source,
                FixedCode = Fixed,
                CodeActionEquivalenceKey = "NoSuchKey",
            };
            await Assert.ThrowsAsync<VerificationException>(test.RunAsync);
        }

        [Fact]
        public async Task Fix_all_result_is_checked_separately()
        {
            // The expected batch result is wrong on purpose: the one-by-one check passes, fix-all must fail.
            var test = new CodeFixTest<BadFieldAnalyzer, RenameFix>
            {
                TestCode = Source,
                FixedCode = Fixed,
                BatchFixedCode = "class C { int good1; int bad2; }",
            };
            var e = await Assert.ThrowsAsync<VerificationException>(test.RunAsync);
            Assert.Contains("fix-all in Document scope", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Fix_all_covers_every_document()
        {
            var test = new CodeFixTest<BadFieldAnalyzer, RenameFix>();
            test.TestState.Sources.Add("class A { int [|bad1|]; }");
            test.TestState.Sources.Add("class B { int [|bad2|]; }");
            test.FixedState.Sources.Add("class A { int good1; }");
            test.FixedState.Sources.Add("class B { int good2; }");
            await test.RunAsync();
        }

        [Fact]
        public void Markup_parser_handles_nesting_and_rejects_unbalanced_markup()
        {
            var (text, spans) = TestMarkup.Parse("a{|X:b[|c|]d|}e{|#1:f|}");
            Assert.Equal("abcdef", text);
            Assert.Equal(3, spans.Count);
            Assert.Contains(spans, s => s.Id == null && text.Substring(s.Span.Start, s.Span.Length) == "c");
            Assert.Contains(spans, s => s.Id == "X" && text.Substring(s.Span.Start, s.Span.Length) == "bcd");
            Assert.Contains(spans, s => s.LocationKey == 1 && text.Substring(s.Span.Start, s.Span.Length) == "f");
            Assert.Throws<FormatException>(() => TestMarkup.Parse("a[|b"));
            Assert.Throws<FormatException>(() => TestMarkup.Parse("a|]b"));
        }
    }
}
