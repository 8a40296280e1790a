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
    /// Where the option is known to be an int (SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, ... by constant name, the reuse
    /// options also by number) and the length already says 4 bytes, a second fix declares the value as <c>int</c>
    /// instead: the local (or <c>out T</c> declaration) and, for <c>ref</c>/<c>out</c>/<c>in</c> values, the import's
    /// parameter. It applies only when the project then has no more errors than before.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OptionLengthMismatchCodeFixProvider))]
    public sealed class OptionLengthMismatchCodeFixProvider : CodeFixProvider
    {
        internal const string UseSizeOfValueKey = "SOCK011.UseSizeOfValue";
        internal const string DeclareIntValueKey = "SOCK011.DeclareIntValue";

        /// <summary>Options whose value is an int on every platform, by the usual constant names.</summary>
        private static readonly ImmutableHashSet<string> IntOptionNames = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase,
            "SO_REUSEADDR", "SO_REUSEPORT", "SO_KEEPALIVE", "SO_RCVBUF", "SO_SNDBUF", "SO_BROADCAST", "SO_ERROR", "SO_TYPE",
            "SO_DONTROUTE", "SO_OOBINLINE", "SO_RCVLOWAT", "SO_SNDLOWAT", "TCP_NODELAY", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
            "TCP_KEEPCNT", "IP_TTL", "IPV6_V6ONLY");

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK011_OptlenMismatch.Id);

        public override FixAllProvider GetFixAllProvider() => new KeyedFixAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);

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

                if (model != null && IntValueEdit.TryCreate(root, model, diagnostic, context.CancellationToken) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Declare the option value as int, the option's size", ct => DeclareIntAsync(context.Document, ImmutableArray.Create(diagnostic), ct), DeclareIntValueKey),
                        diagnostic);
                }
            }
        }

        /// <summary>Fix-all that applies the chosen fix (by equivalence key) to a document's diagnostics in one pass.</summary>
        private sealed class KeyedFixAllProvider : DocumentBasedFixAllProvider
        {
            protected override string GetFixAllTitle(FixAllContext fixAllContext)
                => FixAllTitles.For(fixAllContext, fixAllContext.CodeActionEquivalenceKey == DeclareIntValueKey
                    ? "Declare the option value as int, the option's size"
                    : "Pass the size of the option value");

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            {
                if (diagnostics.IsEmpty)
                {
                    return document;
                }

                return fixAllContext.CodeActionEquivalenceKey switch
                {
                    UseSizeOfValueKey => await FixDocumentAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false),
                    DeclareIntValueKey => await DeclareIntAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false),
                    _ => document,
                };
            }
        }

        /// <summary>
        /// Declares the option values of the diagnostics as int. Checked on the project: when the edit leaves more
        /// errors than there were (another caller passes a long to the same import), the document is left as it was.
        /// </summary>
        private static async Task<Document> DeclareIntAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var typeNodes = new HashSet<TypeSyntax>();
            foreach (var diagnostic in diagnostics)
            {
                if (IntValueEdit.TryCreate(root, model, diagnostic, cancellationToken) is { } edit)
                {
                    typeNodes.UnionWith(edit);
                }
            }

            if (typeNodes.Count == 0)
            {
                return document;
            }

            var newRoot = root.ReplaceNodes(typeNodes, (original, _) =>
                SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)).WithTriviaFrom(original));
            var changed = document.WithSyntaxRoot(newRoot);
            int before = await ErrorCountAsync(document.Project, cancellationToken).ConfigureAwait(false);
            int after = await ErrorCountAsync(changed.Project, cancellationToken).ConfigureAwait(false);
            return after > before ? document : changed;
        }

        private static async Task<int> ErrorCountAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            return compilation is null ? 0 : compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }

        /// <summary>The type syntax to rewrite as <c>int</c> so that the option value has the option's size.</summary>
        private static class IntValueEdit
        {
            public static ImmutableArray<TypeSyntax>? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (!root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                    || Target(root, diagnostic) is not { } length
                    || model.GetConstantValue(length, cancellationToken) is not { HasValue: true, Value: int and sizeof(int) })
                {
                    return null;
                }

                var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (invocation is null
                    || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                    || NativeSocketImports.ArgumentFor(operation, 1) is not { } level
                    || NativeSocketImports.ArgumentFor(operation, 2) is not { } name
                    || NativeSocketImports.ArgumentFor(operation, 3) is not { } value
                    || !IsIntOption(level.Value, name.Value)
                    || value.Parameter is not { } parameter)
                {
                    return null;
                }

                var builder = ImmutableArray.CreateBuilder<TypeSyntax>();
                var argumentValue = value.Value.WalkDownConversions();
                if (argumentValue is IObjectCreationOperation { Arguments.Length: 1 } creation)
                {
                    argumentValue = creation.Arguments[0].Value.WalkDownConversions();
                }

                if (argumentValue is IAddressOfOperation address)
                {
                    argumentValue = address.Reference.WalkDownConversions();
                }
                else if (parameter.RefKind == RefKind.None)
                {
                    return null;
                }
                else if (ImportParameterType(parameter, root.SyntaxTree, cancellationToken) is { } parameterType)
                {
                    builder.Add(parameterType);
                }
                else
                {
                    return null;
                }

                switch (argumentValue)
                {
                    case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation } declaration
                        when declaration.Syntax is DeclarationExpressionSyntax { Type: { IsVar: false } declared } && IsWiderInteger(model, declared, cancellationToken):
                        builder.Add(declared);
                        break;
                    case ILocalReferenceOperation local when LocalType(local.Local, root.SyntaxTree, cancellationToken) is { } declared
                        && IsWiderInteger(model, declared, cancellationToken):
                        builder.Add(declared);
                        break;
                    default:
                        return null;
                }

                return builder.ToImmutable();
            }

            private static bool IsIntOption(IOperation level, IOperation name)
                => NativeSocketApi.IsReuseOption(level, name)
                   || (NativeSocketApi.ReferencedConstantName(name) is { } constant && IntOptionNames.Contains(constant));

            /// <summary>A long or ulong value, which the option only half fills.</summary>
            private static bool IsWiderInteger(SemanticModel model, TypeSyntax type, CancellationToken cancellationToken)
                => model.GetTypeInfo(type, cancellationToken).Type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64;

            /// <summary>The declared type of a local declared alone, with an explicit type, in this file.</summary>
            private static TypeSyntax? LocalType(ILocalSymbol local, SyntaxTree tree, CancellationToken cancellationToken)
            {
                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].SyntaxTree != tree
                    || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }
                    || declaration.Variables.Count != 1
                    || declaration.Type.IsVar)
                {
                    return null;
                }

                if (declaration.Variables[0].Initializer?.Value is { } initializer
                    && !initializer.IsKind(SyntaxKind.NumericLiteralExpression) && !initializer.IsKind(SyntaxKind.DefaultLiteralExpression))
                {
                    return null;
                }

                return declaration.Type;
            }

            /// <summary>The type of the import's value parameter, when the import is declared in this file.</summary>
            private static TypeSyntax? ImportParameterType(IParameterSymbol parameter, SyntaxTree tree, CancellationToken cancellationToken)
            {
                if (parameter.ContainingSymbol is not IMethodSymbol method
                    || method.DeclaringSyntaxReferences.Length != 1
                    || method.DeclaringSyntaxReferences[0].SyntaxTree != tree
                    || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                    || declaration.ParameterList.Parameters.Count <= parameter.Ordinal)
                {
                    return null;
                }

                return declaration.ParameterList.Parameters[parameter.Ordinal].Type;
            }
        }

        /// <summary>
        /// The length to replace: the additional location (a length local's initializer), or the length argument itself
        /// when the length is written in the call and the diagnostic does not repeat its location.
        /// </summary>
        private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            var location = diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : diagnostic.Location;
            if (location.SourceTree != root.SyntaxTree)
            {
                return null;
            }

            var span = location.SourceSpan;
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
