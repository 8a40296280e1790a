using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// The edits of the SOCK002 and SOCK012 fixes (each rule has its own provider:
    /// <see cref="SetsockoptValueForReferenceCodeFixProvider"/>, <see cref="SocketPInvokeWithoutSetLastErrorCodeFixProvider"/>).
    /// <list type="bullet">
    /// <item>SOCK002 declaration: make the option value <c>ref T</c> (<c>out T</c> for getsockopt) and pass every caller's
    /// argument with <c>ref</c>/<c>out</c>, in every document of the solution; an argument that is not a variable of
    /// type T is first stored in a new local.</item>
    /// <item>SOCK002 call: pass the address of the local or parameter instead of its value.</item>
    /// <item>SOCK012: add <c>SetLastError = true</c> to the import attribute.</item>
    /// </list>
    /// A file linked into several projects (multi-targeting) is one document per project: every edit is made once, in
    /// the first of them, and the others get the same text, so fixing the copy in each project changes nothing twice.
    /// </summary>
    internal static class SocketPInvokeFixes
    {
        internal const string PassByReferenceKey = "SOCK002.PassOptionValueByReference";
        internal const string PassAddressKey = "SOCK002.PassAddressOfValue";
        internal const string SetLastErrorKey = "SOCK012.AddSetLastError";

        /// <summary>The title of a diagnostic's fix.</summary>
        internal static string TitleFor(Diagnostic diagnostic, string key) => key switch
        {
            SetLastErrorKey => "Add SetLastError = true",
            PassAddressKey => "Pass the address of the value",
            _ => diagnostic.Properties.TryGetValue(SocketPInvokeDeclarationAnalyzer.IsGetProperty, out var isGet) && isGet == "true"
                ? "Declare the option value 'out' and update callers"
                : "Declare the option value 'ref' and update callers",
        };

        /// <summary>
        /// The fix of the given diagnostics, computed when the code action is applied. When an edit cannot be made (a
        /// caller that cannot pass a reference, an address that does not compile) the solution is returned unchanged.
        /// </summary>
        internal static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var fixedSolution = await FixAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
            if (fixedSolution is null)
            {
                return solution;
            }

            foreach (var document in fixedSolution.Projects.SelectMany(p => p.Documents))
            {
                if (!await CompilesAsync(fixedSolution, document.Id, cancellationToken).ConfigureAwait(false))
                {
                    return solution;
                }
            }

            return fixedSolution;
        }

        /// <summary>The equivalence key of the fix for a diagnostic, or null when it has no fix.</summary>
        internal static string? KeyFor(Diagnostic diagnostic)
        {
            if (diagnostic.Id == Descriptors.SOCK012_SocketPInvokeWithoutSetLastError.Id)
            {
                return SetLastErrorKey;
            }

            if (diagnostic.Id != Descriptors.SOCK002_SetsockoptValueForReference.Id
                || !diagnostic.Properties.TryGetValue(SocketPInvokeDeclarationAnalyzer.KindProperty, out var kind))
            {
                return null;
            }

            if (kind == SocketPInvokeDeclarationAnalyzer.DeclarationKind)
            {
                return PassByReferenceKey;
            }

            return kind == SocketPInvokeDeclarationAnalyzer.CallKind
                && diagnostic.Properties.TryGetValue(SocketPInvokeDeclarationAnalyzer.FixableProperty, out var fixable)
                && fixable == "true"
                ? PassAddressKey
                : null;
        }

        private static async Task<bool> CompilesAsync(Solution solution, DocumentId documentId, CancellationToken cancellationToken)
        {
            var document = solution.GetDocument(documentId);
            if (document is null || !document.TryGetSyntaxRoot(out var parsed) || !parsed.GetAnnotatedNodes(AddressAnnotation).Any())
            {
                return true;
            }

            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return false;
            }

            foreach (var node in root.GetAnnotatedNodes(AddressAnnotation))
            {
                if (model.GetDiagnostics(node.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly SyntaxAnnotation AddressAnnotation = new("SOCK002.Address");

        /// <summary>
        /// Fixes the diagnostics in one pass over the solution, so edits shared between them (a declaration and its
        /// callers, names of new locals) are made once. Returns null when none of them could be fixed.
        /// </summary>
        internal static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
            => await FixAsync(solution, diagnostics, planOnly: false, cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// Whether the declaration fix can update every caller: the reference search and the per-caller checks, with no
        /// edit made. The library of a light bulb needs this answer before it offers the fix (a fix that would change
        /// nothing must not be offered); the edits themselves are made only when the fix is applied.
        /// </summary>
        internal static async Task<bool> CanFixAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
            => KeyFor(diagnostic) != PassByReferenceKey
                || await FixAsync(solution, ImmutableArray.Create(diagnostic), planOnly: true, cancellationToken).ConfigureAwait(false) != null;

        private static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, bool planOnly, CancellationToken cancellationToken)
        {
            var edits = new Edits(solution);
            var declarationsDone = new HashSet<string>(StringComparer.Ordinal);
            bool any = false;
            var attributesDone = new HashSet<(SyntaxTree?, int)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => FixLocation(d).SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => FixLocation(d).SourceSpan.Start))
            {
                var location = FixLocation(diagnostic);
                if (KeyFor(diagnostic) == SetLastErrorKey && !attributesDone.Add((location.SourceTree, location.SourceSpan.Start)))
                {
                    continue; // The declaration and a read of its error: one edit.
                }

                var document = location.SourceTree is { } tree ? solution.GetDocument(tree) : null;
                if (document is null)
                {
                    continue;
                }

                // The same file in another project (a linked document) is edited through its first document.
                document = edits.Canonical(document);

                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                {
                    continue;
                }

                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                switch (KeyFor(diagnostic))
                {
                    case SetLastErrorKey:
                        any |= await AddSetLastErrorAsync(edits, document, node, cancellationToken).ConfigureAwait(false);
                        break;
                    case PassAddressKey:
                        any |= await PassAddressAsync(edits, document, model, node, cancellationToken).ConfigureAwait(false);
                        break;
                    case PassByReferenceKey:
                        any |= await PassByReferenceAsync(edits, model, node, declarationsDone, planOnly, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

            return !any ? null : planOnly ? solution : await edits.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }

        // ---------------------------------------------------------------- SOCK012

        /// <summary>Where the fix edits: the import attribute, which a read-site diagnostic carries as its additional location.</summary>
        private static Location FixLocation(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(SocketPInvokeDeclarationAnalyzer.KindProperty, out var kind)
                && kind == SocketPInvokeDeclarationAnalyzer.ReadKind && diagnostic.AdditionalLocations.Count > 0
                ? diagnostic.AdditionalLocations[0]
                : diagnostic.Location;

        private static async Task<bool> AddSetLastErrorAsync(Edits edits, Document document, SyntaxNode node, CancellationToken cancellationToken)
        {
            if (node.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute
                || (attribute.Parent ?? attribute).ContainsDiagnostics)
            {
                // No edit in an attribute list with syntax errors (being typed): the formatter cannot lay it out.
                return false;
            }

            var setLastError = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "SetLastError");
            var editor = await edits.EditorAsync(document, cancellationToken).ConfigureAwait(false);
            var trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
            if (setLastError != null)
            {
                editor.ReplaceNode(setLastError.Expression, trueLiteral.WithTriviaFrom(setLastError.Expression));
                return true;
            }

            var argument = SyntaxFactory.AttributeArgument(
                    SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("SetLastError")), null, trueLiteral)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(attribute, (current, _) =>
            {
                var currentAttribute = (AttributeSyntax)current;
                var list = currentAttribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                return currentAttribute.WithArgumentList(list.AddArguments(argument));
            });
            return true;
        }

        // ---------------------------------------------------------------- SOCK002, call

        private static async Task<bool> PassAddressAsync(Edits edits, Document document, SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
        {
            if (node is not ExpressionSyntax expression
                || expression.Parent is not ArgumentSyntax argumentSyntax
                || model.GetOperation(argumentSyntax, cancellationToken) is not IArgumentOperation argument
                || argument.Parameter is not { } parameter
                || SocketPInvokeDeclarationAnalyzer.NumberMadeAddress(argument.Value) is not { } number
                || !SocketPInvokeDeclarationAnalyzer.IsAddressable(number)
                || number.Type is not { } numberType)
            {
                return false;
            }

            int position = expression.SpanStart;
            string variable = number.Syntax.ToString();
            string replacement;
            if (parameter.Type is IPointerTypeSymbol pointer)
            {
                replacement = pointer.PointedAtType.SpecialType == SpecialType.System_Void
                    || SymbolEqualityComparer.Default.Equals(pointer.PointedAtType, numberType)
                    ? "&" + variable
                    : "(" + pointer.ToMinimalDisplayString(model, position) + ")&" + variable;
            }
            else if (expression is CastExpressionSyntax cast)
            {
                replacement = "(" + cast.Type + ")(&" + variable + ")";
            }
            else if (expression is ObjectCreationExpressionSyntax creation)
            {
                replacement = "new " + creation.Type + "(&" + variable + ")";
            }
            else
            {
                replacement = "(" + parameter.Type.ToMinimalDisplayString(model, position) + ")(&" + variable + ")";
            }

            var editor = await edits.EditorAsync(document, cancellationToken).ConfigureAwait(false);
            editor.ReplaceNode(expression, SyntaxFactory.ParseExpression(replacement)
                .WithTriviaFrom(expression)
                .WithAdditionalAnnotations(AddressAnnotation));
            return true;
        }

        // ---------------------------------------------------------------- SOCK002, declaration

        private static async Task<bool> PassByReferenceAsync(
            Edits edits, SemanticModel model, SyntaxNode node, HashSet<string> done, bool planOnly, CancellationToken cancellationToken)
        {
            if (node.FirstAncestorOrSelf<ParameterSyntax>() is not { } parameterSyntax
                || model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is not { } parameter
                || parameter.ContainingSymbol is not IMethodSymbol method)
            {
                return false;
            }

            var definition = method.PartialDefinitionPart ?? method;
            if (!done.Add(DeclarationKey(definition)) || !NativeSocketImports.IsSocketOptionImport(definition, out bool isGet))
            {
                return false;
            }

            var solution = edits.Solution;
            var type = parameter.Type;
            var refKind = isGet ? SyntaxKind.OutKeyword : SyntaxKind.RefKeyword;

            // Plan every call site first; if one cannot be fixed, change nothing (the solution must still compile).
            var plans = new List<(Document Document, Action<DocumentEditor> Apply)>();
            var references = await SymbolFinder.FindReferencesAsync(definition, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.IsCandidateLocation)
                {
                    return false;
                }

                var plan = await PlanCallSiteAsync(edits, location, type, refKind, cancellationToken).ConfigureAwait(false);
                if (plan is null)
                {
                    return false;
                }

                if (plan.Value.Document != null)
                {
                    plans.Add((plan.Value.Document, plan.Value.Apply));
                }
            }

            // The declaration: the defining part, and a hand-written implementation part (a generated one is regenerated).
            var parts = new List<IMethodSymbol> { definition };
            if (definition.PartialImplementationPart is { } implementation)
            {
                parts.Add(implementation);
            }

            foreach (var part in parts)
            {
                if (part.Parameters.Length != 5)
                {
                    return false;
                }

                foreach (var reference in part.Parameters[3].DeclaringSyntaxReferences)
                {
                    var document = solution.GetDocument(reference.SyntaxTree);
                    if (document is null)
                    {
                        continue;
                    }

                    document = edits.Canonical(document);
                    var declaringRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    if (declaringRoot?.FindNode(reference.Span, getInnermostNodeForTie: true) is not ParameterSyntax declared
                        || !edits.Claim(document.Id, declared.Span))
                    {
                        continue;
                    }

                    plans.Add((document, editor => editor.ReplaceNode(declared, (current, _) => AddModifier((ParameterSyntax)current, refKind))));
                }
            }

            if (planOnly)
            {
                return true;
            }

            foreach (var (document, apply) in plans)
            {
                apply(await edits.EditorAsync(document, cancellationToken).ConfigureAwait(false));
            }

            return true;
        }

        /// <summary>Where a method is declared, the same for its symbol in every project a linked file belongs to.</summary>
        private static string DeclarationKey(IMethodSymbol method)
        {
            var location = method.Locations.FirstOrDefault(l => l.IsInSource);
            return location is null
                ? method.ToDisplayString()
                : location.SourceTree!.FilePath + "@" + location.SourceSpan.Start.ToString(CultureInfo.InvariantCulture);
        }

        private static ParameterSyntax AddModifier(ParameterSyntax parameter, SyntaxKind refKind)
        {
            var token = SyntaxFactory.Token(refKind).WithTrailingTrivia(SyntaxFactory.Space);
            if (parameter.Modifiers.Count == 0 && parameter.Type is { } type)
            {
                token = token.WithLeadingTrivia(type.GetLeadingTrivia());
                parameter = parameter.WithType(type.WithoutLeadingTrivia());
            }

            return parameter.WithModifiers(parameter.Modifiers.Add(token));
        }

        /// <summary>
        /// How one reference to the import is updated: null when it cannot be (a method group, an argument that carries
        /// an address); a plan with no document when nothing needs to change (nameof).
        /// </summary>
        private static async Task<(Document? Document, Action<DocumentEditor> Apply)?> PlanCallSiteAsync(
            Edits edits, ReferenceLocation location, ITypeSymbol type, SyntaxKind refKind, CancellationToken cancellationToken)
        {
            var document = location.Document;
            if (edits.Solution.GetDocument(document.Id) is null)
            {
                // A call in source-generated code: it cannot be edited here.
                return null;
            }

            document = edits.Canonical(document);

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            SyntaxNode invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (invoked.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != invoked)
            {
                if (invoked.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } })
                {
                    return (null, _ => { });
                }

                return null;
            }

            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                || NativeSocketImports.ArgumentFor(operation, 3) is not { } argument
                || argument.Syntax is not ArgumentSyntax argumentSyntax
                || !argumentSyntax.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }

            if (!edits.Claim(document.Id, argumentSyntax.Span))
            {
                // The same call seen through another project's copy of a linked file: planned already.
                return (null, _ => { });
            }

            // A number that carries an address ((long)&x, ptr.ToInt64()) is not a value to pass by reference.
            foreach (var inner in argument.Value.DescendantsAndSelf())
            {
                if (inner is IAddressOfOperation || inner.Type is IPointerTypeSymbol
                    || inner.Type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
                {
                    return null;
                }
            }

            var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
            if (IsVariable(value, refKind) && SymbolEqualityComparer.Default.Equals(value.Type, type))
            {
                return (document, editor => editor.ReplaceNode(argumentSyntax, WithRefKind(argumentSyntax, argumentSyntax.Expression, refKind)));
            }

            if (refKind == SyntaxKind.OutKeyword && value.ConstantValue.HasValue)
            {
                // getsockopt writes the option; a constant argument was never read back.
                return (document, editor => editor.ReplaceNode(argumentSyntax,
                    WithRefKind(argumentSyntax, SyntaxFactory.ParseExpression("_"), refKind)));
            }

            // Otherwise keep the value in a new local declared just before the statement.
            if (invocation.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
                || !(statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax)
                || invocation.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax)
                || !CanHoist(argument.Value, statement))
            {
                return null;
            }

            string local = edits.UniqueName(model, statement, "optionValue");
            var declaration = SyntaxFactory.ParseStatement(string.Format(CultureInfo.InvariantCulture, "{0} {1} = {2};\n",
                    type.ToMinimalDisplayString(model, statement.SpanStart), local, argumentSyntax.Expression.WithoutTrivia()))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
            return (document, editor =>
            {
                if (statement.Parent is GlobalStatementSyntax global)
                {
                    editor.InsertBefore(global, SyntaxFactory.GlobalStatement(declaration));
                }
                else
                {
                    editor.InsertBefore(statement, declaration);
                }

                editor.ReplaceNode(argumentSyntax, WithRefKind(argumentSyntax, SyntaxFactory.IdentifierName(local), refKind));
            });
        }

        private static ArgumentSyntax WithRefKind(ArgumentSyntax argument, ExpressionSyntax expression, SyntaxKind refKind)
            => SyntaxFactory.Argument(argument.NameColon, SyntaxFactory.Token(refKind).WithTrailingTrivia(SyntaxFactory.Space), expression.WithoutTrivia())
                .WithTriviaFrom(argument);

        /// <summary>A variable that can be passed with ref (or out): a writable local, parameter, field or array element.</summary>
        private static bool IsVariable(IOperation value, SyntaxKind refKind)
        {
            switch (value)
            {
                case ILocalReferenceOperation local:
                    return !local.Local.IsConst && !local.Local.IsForEach && !local.Local.IsUsing && !local.Local.IsFixed
                        && local.Local.RefKind is RefKind.None or RefKind.Ref;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind is RefKind.None or RefKind.Ref
                        || (parameter.Parameter.RefKind == RefKind.Out && refKind == SyntaxKind.OutKeyword);
                case IFieldReferenceOperation field:
                    return !field.Field.IsConst && !field.Field.IsReadOnly
                        && (field.Instance is null || field.Instance.Type?.IsReferenceType == true || field.Instance is IInstanceReferenceOperation || IsVariable(field.Instance, refKind));
                case IArrayElementReferenceOperation:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// True when the value can be computed before the statement instead of inside it: nothing with side effects,
        /// no lambda, and only locals declared before the statement.
        /// </summary>
        private static bool CanHoist(IOperation value, StatementSyntax statement)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation:
                    case IObjectCreationOperation:
                    case IAssignmentOperation:
                    case IIncrementOrDecrementOperation:
                    case IAwaitOperation:
                    case IAnonymousFunctionOperation:
                    case IDeclarationPatternOperation:
                    case IDeclarationExpressionOperation:
                        return false;
                    case ILocalReferenceOperation local
                        when local.Local.DeclaringSyntaxReferences.Any(r => statement.Span.Contains(r.Span)):
                        return false;
                }
            }

            return true;
        }

        // ---------------------------------------------------------------- edits across the solution

        /// <summary>One DocumentEditor per changed document, over the original solution; new local names per member.</summary>
        private sealed class Edits
        {
            private readonly Dictionary<DocumentId, DocumentEditor> _editors = new();
            private readonly HashSet<(DocumentId, TextSpan)> _claimed = new();
            private readonly UniqueLocalNames _names = new();

            public Edits(Solution solution) => Solution = solution;

            public Solution Solution { get; }

            /// <summary>
            /// The document through which a file is edited: itself, or for a file linked into several projects the
            /// copy in the first of those projects (all copies have the same text and spans).
            /// </summary>
            public Document Canonical(Document document)
            {
                if (document.FilePath is not { } path)
                {
                    return document;
                }

                var projectIds = Solution.ProjectIds;
                var first = Solution.GetDocumentIdsWithFilePath(path)
                    .Where(id => Solution.GetDocument(id) != null)
                    .OrderBy(id => IndexOf(projectIds, id.ProjectId))
                    .FirstOrDefault();
                return first is null ? document : Solution.GetDocument(first) ?? document;
            }

            /// <summary>False when an edit of this span of the document was planned already.</summary>
            public bool Claim(DocumentId document, TextSpan span) => _claimed.Add((document, span));

            private static int IndexOf(IReadOnlyList<ProjectId> ids, ProjectId id)
            {
                for (int i = 0; i < ids.Count; i++)
                {
                    if (ids[i] == id)
                    {
                        return i;
                    }
                }

                return int.MaxValue;
            }

            public async Task<DocumentEditor> EditorAsync(Document document, CancellationToken cancellationToken)
            {
                if (!_editors.TryGetValue(document.Id, out var editor))
                {
                    editor = await DocumentEditor.CreateAsync(Solution.GetDocument(document.Id) ?? document, cancellationToken).ConfigureAwait(false);
                    _editors.Add(document.Id, editor);
                }

                return editor;
            }

            public string UniqueName(SemanticModel model, StatementSyntax anchor, string baseName)
                => _names.Next(model, anchor, baseName);

            public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
            {
                var solution = Solution;
                foreach (var pair in _editors)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var root = pair.Value.GetChangedRoot();
                    solution = solution.WithDocumentSyntaxRoot(pair.Key, root);
                    if (Solution.GetDocument(pair.Key)?.FilePath is { } path)
                    {
                        // The other projects' copies of a linked file get the same text.
                        SourceText? text = null;
                        foreach (var linked in Solution.GetDocumentIdsWithFilePath(path))
                        {
                            if (linked != pair.Key && Solution.GetDocument(linked) != null)
                            {
                                var original = await Solution.GetDocument(pair.Key)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                                text ??= root.GetText(original.Encoding, original.ChecksumAlgorithm);
                                solution = solution.WithDocumentText(linked, text);
                            }
                        }
                    }
                }

                return solution;
            }
        }

        /// <summary>Fix-all: every diagnostic of the chosen kind in the scope, fixed in one pass over the solution.</summary>
        internal sealed class SolutionFixAllProvider : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
                switch (fixAllContext.Scope)
                {
                    case FixAllScope.Document when fixAllContext.Document is { } document:
                        diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                        break;
                    case FixAllScope.Project:
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                        break;
                    case FixAllScope.Solution:
                        foreach (var project in fixAllContext.Solution.Projects)
                        {
                            diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                        }

                        break;
                }

                var chosen = diagnostics.Where(d => KeyFor(d) == fixAllContext.CodeActionEquivalenceKey).ToImmutableArray();
                if (chosen.IsEmpty)
                {
                    return null;
                }

                var solution = fixAllContext.Solution;
                return CodeAction.Create(
                    FixAllTitles.For(fixAllContext, TitleFor(chosen[0], fixAllContext.CodeActionEquivalenceKey!)),
                    ct => ApplyAsync(solution, chosen, ct),
                    fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }
}
