using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK004 fixes: remove the reuse statement (where the socket then gets no SO_REUSEADDR: raw descriptors and
    /// sockets not created with ProtocolType.Tcp), or bind port 0 (a constant port that is not reserved).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClientFixedPortWithReuseCodeFixProvider))]
    public sealed class ClientFixedPortWithReuseCodeFixProvider : CodeFixProvider
    {
        internal const string RemoveReuseKey = "SOCK004.RemoveReuse";
        internal const string BindPortZeroKey = "SOCK004.BindPortZero";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK004_ClientFixedPortWithReuse.Id);

        public override FixAllProvider GetFixAllProvider() => new KeyedFixAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            if (diagnostic.Properties.ContainsKey(ClientFixedPortWithReuseAnalyzer.RemovableProperty)
                && StatementRemoval.RemovableStatement(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) != null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the address-reuse statement",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), RemoveReuseKey, ct),
                        RemoveReuseKey),
                    diagnostic);
            }

            if (PortExpression(root, diagnostic) != null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Bind local port 0 (the system picks a free port)",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), BindPortZeroKey, ct),
                        BindPortZeroKey),
                    diagnostic);
            }
        }

        private static ExpressionSyntax? PortExpression(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.ContainsKey(ClientFixedPortWithReuseAnalyzer.PortZeroProperty)
                || diagnostic.AdditionalLocations.Count < 1
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
            {
                return null;
            }

            return root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            if (key == RemoveReuseKey)
            {
                return await StatementRemoval.RemoveAsync(
                    document,
                    diagnostics.Where(d => d.Properties.ContainsKey(ClientFixedPortWithReuseAnalyzer.RemovableProperty)).ToImmutableArray(),
                    cancellationToken).ConfigureAwait(false);
            }

            if (key != BindPortZeroKey)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var port in diagnostics.Select(d => PortExpression(editor.OriginalRoot, d)).Where(p => p != null).Distinct())
            {
                editor.ReplaceNode(port!, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)).WithTriviaFrom(port!));
            }

            return editor.GetChangedDocument();
        }

        /// <summary>Fix-all that applies the chosen action (by equivalence key) to a document's diagnostics in one pass.</summary>
        private sealed class KeyedFixAllProvider : DocumentBasedFixAllProvider
        {
            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            {
                if (diagnostics.IsEmpty)
                {
                    return document;
                }

                return await FixAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
