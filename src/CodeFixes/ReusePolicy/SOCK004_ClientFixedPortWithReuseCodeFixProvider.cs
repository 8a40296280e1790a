using System.Collections.Generic;
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
    /// sockets not created with ProtocolType.Tcp), or bind port 0 (a constant port that is not reserved). Binding port 0
    /// also removes what it makes pointless: the reuse statement, and a <c>Bind(new IPEndPoint(IPAddress.Any or
    /// IPv6Any, port))</c> statement, since connecting binds the same wildcard address and a free port by itself. A bind
    /// to a specific local address stays (it chooses the source address), with port 0.
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
            var root = editor.OriginalRoot;
            var model = editor.SemanticModel;
            var removed = new HashSet<SyntaxNode>();
            var replaced = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (PortExpression(root, diagnostic) is not { } port)
                {
                    continue;
                }

                // With a port the system picks, address reuse has nothing left to do.
                var reuse = StatementRemoval.RemovableStatement(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));
                if (reuse != null && removed.Add(reuse))
                {
                    editor.RemoveNode(reuse, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }

                if (WildcardBindStatement(port, model, cancellationToken) is { } bind)
                {
                    if (removed.Add(bind))
                    {
                        editor.RemoveNode(bind, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                    }
                }
                else if (replaced.Add(port))
                {
                    editor.ReplaceNode(port, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)).WithTriviaFrom(port));
                }
            }

            return editor.GetChangedDocument();
        }

        /// <summary>
        /// The statement <c>socket.Bind(new IPEndPoint(IPAddress.Any or IPAddress.IPv6Any, port))</c> around the port, which
        /// binds nothing that the connect would not bind by itself once the port is 0; null for any other shape (an
        /// endpoint in a local, a specific address, a raw bind).
        /// </summary>
        private static SyntaxNode? WildcardBindStatement(ExpressionSyntax port, SemanticModel model, CancellationToken cancellationToken)
        {
            var compilation = model.Compilation;
            if (port.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 2 } arguments } portArgument
                || arguments.Arguments[1] != portArgument
                || arguments.Parent is not BaseObjectCreationExpressionSyntax creation
                || creation.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax bind } }
                || compilation.GetTypeByMetadataName("System.Net.IPEndPoint") is not { } endPointType
                || compilation.GetTypeByMetadataName("System.Net.IPAddress") is not { } addressType
                || compilation.GetTypeByMetadataName("System.Net.Sockets.Socket") is not { } socketType)
            {
                return null;
            }

            if (model.GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, endPointType)
                || model.GetSymbolInfo(arguments.Arguments[0].Expression, cancellationToken).Symbol is not IFieldSymbol { Name: "Any" or "IPv6Any" } address
                || !SymbolEqualityComparer.Default.Equals(address.ContainingType, addressType)
                || model.GetSymbolInfo(bind, cancellationToken).Symbol is not IMethodSymbol { Name: "Bind" } method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, socketType))
            {
                return null;
            }

            return StatementRemoval.RemovableStatement(bind);
        }

        /// <summary>Fix-all that applies the chosen action (by equivalence key) to a document's diagnostics in one pass.</summary>
        private sealed class KeyedFixAllProvider : DocumentBasedFixAllProvider
        {
            protected override string GetFixAllTitle(FixAllContext fixAllContext)
                => FixAllTitles.For(fixAllContext);

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
