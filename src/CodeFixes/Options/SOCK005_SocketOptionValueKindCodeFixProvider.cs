using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK005 fixes.
    /// <list type="bullet">
    /// <item>Linger given a constant: <c>s.SetSocketOption(Socket, Linger, n)</c> becomes
    /// <c>s.LingerState = new LingerOption(true, n)</c>; <c>false</c> becomes <c>new LingerOption(false, 0)</c>.</item>
    /// <item>The object overload given a number: pass the value to the typed overload (unwrap <c>(object)</c>, or cast an
    /// enum / long to int).</item>
    /// </list>
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketOptionValueKindCodeFixProvider))]
    public sealed class SocketOptionValueKindCodeFixProvider : CodeFixProvider
    {
        internal const string UseLingerStateKey = "SOCK005.UseLingerState";
        internal const string UseTypedOverloadKey = "SOCK005.UseTypedOverload";

        private const string LingerOptionName = "System.Net.Sockets.LingerOption";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK005_OptionNeedsObject.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(SocketOptionValueKindAnalyzer.FixProperty, out var fix))
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                return;
            }

            if (fix == SocketOptionValueKindAnalyzer.LingerFix && LingerCall(value) != null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Set LingerState to a LingerOption", ct => UseLingerStateAsync(context.Document, diagnostic, ct), UseLingerStateKey),
                    diagnostic);
            }
            else if (fix == SocketOptionValueKindAnalyzer.TypedFix)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Call the typed SetSocketOption overload", ct => UseTypedOverloadAsync(context.Document, diagnostic, ct), UseTypedOverloadKey),
                    diagnostic);
            }
        }

        /// <summary>
        /// The invocation a value argument belongs to (the analyzer offers this fix only when the call is used as a
        /// statement: a statement, or the body of a void method or lambda).
        /// </summary>
        private static InvocationExpressionSyntax? LingerCall(ExpressionSyntax value)
            => value.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
               && invocation.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax or LambdaExpressionSyntax
                ? invocation
                : null;

        /// <summary>The value under an <c>(object)</c> cast and parentheses.</summary>
        private static ExpressionSyntax Unwrap(ExpressionSyntax value)
        {
            while (true)
            {
                switch (value)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        value = parenthesized.Expression;
                        break;
                    case CastExpressionSyntax cast when cast.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ObjectKeyword }
                        || (cast.Type is QualifiedNameSyntax or IdentifierNameSyntax && cast.Type.ToString() is "System.Object" or "Object" or "global::System.Object"):
                        value = cast.Expression;
                        break;
                    default:
                        return value;
                }
            }
        }

        private static async Task<Document> UseLingerStateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || LingerCall(value) is not { } invocation
                || editor.SemanticModel.Compilation.GetTypeByMetadataName(LingerOptionName) is not { } lingerOption
                || !diagnostic.Properties.TryGetValue(SocketOptionValueKindAnalyzer.EnabledProperty, out var enabledText))
            {
                return document;
            }

            var generator = editor.Generator;
            bool enabled = enabledText == "true";
            var seconds = enabled ? Unwrap(value).WithoutTrivia() : (ExpressionSyntax)generator.LiteralExpression(0);
            var creation = generator.ObjectCreationExpression(
                generator.TypeExpression(lingerOption).WithAdditionalAnnotations(Simplifier.Annotation),
                generator.LiteralExpression(enabled),
                seconds);
            SyntaxNode target = invocation.Expression is MemberAccessExpressionSyntax access
                ? generator.MemberAccessExpression(access.Expression.WithoutTrivia(), "LingerState")
                : generator.IdentifierName("LingerState");
            var assignment = generator.AssignmentStatement(target, creation)
                .WithTriviaFrom(invocation)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(invocation, assignment);
            return editor.GetChangedDocument();
        }

        private static async Task<Document> UseTypedOverloadAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || !diagnostic.Properties.TryGetValue(SocketOptionValueKindAnalyzer.CastProperty, out var cast))
            {
                return document;
            }

            var inner = Unwrap(value).WithoutTrivia();
            ExpressionSyntax replacement = cast == "int"
                ? SyntaxFactory.CastExpression(
                    SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)),
                    inner is IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax
                        ? inner
                        : SyntaxFactory.ParenthesizedExpression(inner))
                : inner;
            editor.ReplaceNode(value, replacement.WithTriviaFrom(value));
            return editor.GetChangedDocument();
        }
    }
}
