using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK009 fix: replace the level argument with the level that owns the option. One action when a single level
    /// owns it (equivalence key <see cref="UseOwningLevelKey"/>); one action per level when several do (IP or IPv6).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketOptionLevelCodeFixProvider))]
    public sealed class SocketOptionLevelCodeFixProvider : CodeFixProvider
    {
        internal const string UseOwningLevelKey = "SOCK009.UseOwningLevel";
        internal const string UseLevelKeyPrefix = "SOCK009.UseLevel.";

        private const string SocketOptionLevelName = "System.Net.Sockets.SocketOptionLevel";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK009_OptionAtWrongLevel.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(SocketOptionLevelAnalyzer.OwnersProperty, out var ownersText)
                || string.IsNullOrEmpty(ownersText))
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax)
            {
                return;
            }

            var owners = ownersText!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            foreach (var owner in owners)
            {
                string key = owners.Length == 1 ? UseOwningLevelKey : UseLevelKeyPrefix + owner;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use SocketOptionLevel." + owner,
                        ct => ReplaceLevelAsync(context.Document, diagnostic, owner, ct),
                        key),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceLevelAsync(Document document, Diagnostic diagnostic, string owner, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax level
                || editor.SemanticModel.Compilation.GetTypeByMetadataName(SocketOptionLevelName) is not { } levelType)
            {
                return document;
            }

            var replacement = MemberAccess.Of(levelType, owner, editor.SemanticModel, level.SpanStart).WithTriviaFrom(level);
            editor.ReplaceNode(level, replacement);
            return editor.GetChangedDocument();
        }
    }
}
