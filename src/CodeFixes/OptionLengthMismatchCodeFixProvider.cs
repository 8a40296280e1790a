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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK011 fix: the length becomes the size of the option value: <c>sizeof(T)</c> for primitives and enums,
    /// <c>Marshal.SizeOf&lt;T&gt;()</c> for structs, the array's length for arrays; cast to the length's type when the
    /// conversion is not implicit. For getsockopt the length local's initializer is replaced.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OptionLengthMismatchCodeFixProvider))]
    public sealed class OptionLengthMismatchCodeFixProvider : CodeFixProvider
    {
        internal const string UseSizeOfValueKey = "SOCK011.UseSizeOfValue";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK011_OptlenMismatch.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Target(root, diagnostic) is not null
                    && diagnostic.Properties.TryGetValue(OptionLengthMismatchAnalyzer.ReplacementProperty, out var replacement)
                    && replacement != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Pass the size of the option value", ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), UseSizeOfValueKey),
                        diagnostic);
                }
            }
        }

        private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            var span = diagnostic.AdditionalLocations[0].SourceSpan;
            return root.FullSpan.Contains(span) ? root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax : null;
        }

        /// <summary>The struct type the option value of the flagged call points to.</summary>
        private static ITypeSymbol? StructType(SemanticModel model, Diagnostic diagnostic, SyntaxNode root, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            return invocation != null
                && model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                && NativeSocketImports.ArgumentFor(operation, 3) is { } argument
                ? OptionLengthMismatchAnalyzer.PointedType(argument)
                : null;
        }

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var model = editor.SemanticModel;
            var done = new HashSet<TextSpan>();
            foreach (var diagnostic in diagnostics)
            {
                if (Target(editor.OriginalRoot, diagnostic) is not { } target
                    || !done.Add(target.Span)
                    || !diagnostic.Properties.TryGetValue(OptionLengthMismatchAnalyzer.ReplacementProperty, out var text)
                    || text is null)
                {
                    continue;
                }

                if (text == OptionLengthMismatchAnalyzer.MarshalSizeOfValue)
                {
                    if (StructType(model, diagnostic, editor.OriginalRoot, cancellationToken) is not { } structType
                        || model.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal") is not { } marshal)
                    {
                        continue;
                    }

                    text = marshal.ToMinimalDisplayString(model, target.SpanStart) + ".SizeOf<" + structType.ToMinimalDisplayString(model, target.SpanStart) + ">()";
                }

                var replacement = SyntaxFactory.ParseExpression(text);
                if (model.GetTypeInfo(target, cancellationToken).ConvertedType is { } targetType
                    && targetType.TypeKind != TypeKind.Error)
                {
                    var conversion = model.ClassifyConversion(target.SpanStart, replacement, targetType);
                    if (!conversion.Exists || !conversion.IsImplicit)
                    {
                        replacement = SyntaxFactory.CastExpression(
                            SyntaxFactory.ParseTypeName(targetType.ToMinimalDisplayString(model, target.SpanStart)),
                            replacement is BinaryExpressionSyntax ? SyntaxFactory.ParenthesizedExpression(replacement) : replacement);
                    }
                }

                editor.ReplaceNode(target, replacement
                    .WithTriviaFrom(target)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));
            }

            return editor.GetChangedDocument();
        }
    }
}
