using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
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
    /// SOCK001 fixes. Managed sockets: use <c>ProtocolType.Tcp</c>. Raw P/Invoke: insert
    /// <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &amp;one, sizeof(int))</c> before the bind, shaped to the
    /// setsockopt declaration in scope (ref, pointer, IntPtr, byte[]), declaring one when the code has none.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenerWithoutAddressReuseCodeFixProvider))]
    public sealed class ListenerWithoutAddressReuseCodeFixProvider : CodeFixProvider
    {
        internal const string UseTcpKey = "SOCK001.UseProtocolTypeTcp";
        internal const string SetReuseAddressKey = "SOCK001.SetReuseAddressBeforeBind";

        private const string ProtocolTypeName = "System.Net.Sockets.ProtocolType";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK001_ListenerWithoutAddressReuse.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            string kind = diagnostic.Properties.TryGetValue(ListenerWithoutAddressReuseAnalyzer.KindProperty, out var k) ? k ?? string.Empty : string.Empty;
            if (kind == ListenerWithoutAddressReuseAnalyzer.ManagedKind)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax
                    && model.Compilation.GetTypeByMetadataName(ProtocolTypeName) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Use ProtocolType.Tcp", ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), UseTcpKey),
                        diagnostic);
                }
            }
            else if (kind == ListenerWithoutAddressReuseAnalyzer.RawKind)
            {
                if (RawPlan.TryCreate(root, model, diagnostic, new UniqueLocalNames(), context.CancellationToken) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Set SO_REUSEADDR before bind", ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), SetReuseAddressKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = editor.OriginalRoot;
            var model = editor.SemanticModel;
            var names = new UniqueLocalNames();
            var declaredIn = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                diagnostic.Properties.TryGetValue(ListenerWithoutAddressReuseAnalyzer.KindProperty, out var kind);
                if (kind == ListenerWithoutAddressReuseAnalyzer.ManagedKind)
                {
                    if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax protocol
                        && model.Compilation.GetTypeByMetadataName(ProtocolTypeName) is { } protocolType)
                    {
                        var tcp = MemberAccess.Of(protocolType, "Tcp", model, protocol.SpanStart).WithTriviaFrom(protocol);
                        editor.ReplaceNode(protocol, tcp);
                    }
                }
                else if (kind == ListenerWithoutAddressReuseAnalyzer.RawKind
                    && RawPlan.TryCreate(root, model, diagnostic, names, cancellationToken) is { } plan)
                {
                    plan.Apply(editor, declaredIn);
                }
            }

            return editor.GetChangedDocument();
        }

        /// <summary>What the raw fix inserts for one bind call, worked out before anything is edited.</summary>
        private sealed class RawPlan
        {
            private RawPlan(StatementSyntax anchor, ImmutableArray<StatementSyntax> statements, TypeDeclarationSyntax? declareIn, MemberDeclarationSyntax? declaration)
            {
                Anchor = anchor;
                Statements = statements;
                DeclareIn = declareIn;
                Declaration = declaration;
            }

            private StatementSyntax Anchor { get; }
            private ImmutableArray<StatementSyntax> Statements { get; }
            private TypeDeclarationSyntax? DeclareIn { get; }
            private MemberDeclarationSyntax? Declaration { get; }

            public void Apply(DocumentEditor editor, HashSet<SyntaxNode> declaredIn)
            {
                if (Anchor.Parent is GlobalStatementSyntax global)
                {
                    editor.InsertBefore(global, Statements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
                }
                else
                {
                    editor.InsertBefore(Anchor, Statements);
                }

                if (DeclareIn != null && Declaration != null && declaredIn.Add(DeclareIn))
                {
                    editor.AddMember(DeclareIn, Declaration);
                }
            }

            public static RawPlan? TryCreate(
                SyntaxNode root, SemanticModel model, Diagnostic diagnostic,
                UniqueLocalNames names, CancellationToken cancellationToken)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax bindCall
                    || bindCall.ArgumentList.Arguments.Count < 1
                    || model.GetSymbolInfo(bindCall, cancellationToken).Symbol is not IMethodSymbol bind)
                {
                    return null;
                }

                var anchor = bindCall.FirstAncestorOrSelf<StatementSyntax>();
                if (anchor is null || !(anchor.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
                {
                    return null;
                }

                int position = anchor.SpanStart;
                string library = NativeSocketApi.LibraryName(bind) ?? "libc";
                if (NativeSocketApi.IsWinsock(library))
                {
                    return null; // never SO_REUSEADDR on Winsock: it lets another socket take the port (the analyzer is silent there too).
                }

                bool bsdNumbers = library.IndexOf("libSystem", StringComparison.OrdinalIgnoreCase) >= 0;

                // The setsockopt to call: beside bind, or in scope, or one we declare.
                string qualifier = bindCall.Expression is MemberAccessExpressionSyntax access ? access.Expression.ToString() + "." : string.Empty;
                IMethodSymbol? setsockopt = bind.ContainingType?.GetMembers("setsockopt").OfType<IMethodSymbol>()
                    .FirstOrDefault(m => NativeSocketApi.IsNative(m) && m.Parameters.Length == 5);
                if (setsockopt is null)
                {
                    qualifier = string.Empty;
                    setsockopt = model.LookupSymbols(position, name: "setsockopt").OfType<IMethodSymbol>()
                        .FirstOrDefault(m => NativeSocketApi.IsNative(m) && m.Parameters.Length == 5);
                }

                TypeDeclarationSyntax? declareIn = null;
                MemberDeclarationSyntax? declaration = null;
                Shape shape;
                ITypeSymbol? lengthType;
                if (setsockopt is null)
                {
                    declareIn = bindCall.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                    if (declareIn is null || bind.Parameters.Length < 1)
                    {
                        return null;
                    }

                    string fdType = bind.Parameters[0].Type.ToMinimalDisplayString(model, position);
                    declaration = SyntaxFactory.ParseMemberDeclaration(string.Format(CultureInfo.InvariantCulture,
                        "[System.Runtime.InteropServices.DllImport(\"{0}\", SetLastError = true)]\nprivate static extern int setsockopt({1} socket, int level, int optionName, ref int optionValue, uint optionLength);\n",
                        library, fdType))!
                        .WithLeadingTrivia(SyntaxFactory.CarriageReturnLineFeed)
                        .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
                    shape = Shape.Ref;
                    lengthType = null;
                }
                else
                {
                    var optionValue = setsockopt.Parameters[3];
                    var optionLength = setsockopt.Parameters[4];
                    if (optionLength.RefKind != RefKind.None)
                    {
                        return null;
                    }

                    lengthType = optionLength.Type;
                    shape = ShapeOf(optionValue);
                    if (shape == Shape.None)
                    {
                        return null;
                    }
                }

                bool unsafeContext = IsUnsafeContext(anchor);
                bool allowUnsafe = model.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: true };
                if (shape is Shape.Pointer or Shape.PointerCast && !allowUnsafe)
                {
                    return null;
                }

                if (shape is Shape.IntPtr or Shape.NInt && !allowUnsafe)
                {
                    shape = Shape.HGlobal;
                }

                string level = ConstantOrLiteral(model, position, bind, "SOL_SOCKET", bsdNumbers ? "0xffff" : "1");
                string name = ConstantOrLiteral(model, position, bind, "SO_REUSEADDR", bsdNumbers ? "4" : "2");
                string fd = bindCall.ArgumentList.Arguments[0].Expression.ToString();
                string length = lengthType is { SpecialType: SpecialType.System_IntPtr } ? "(System.IntPtr)sizeof(int)" : "sizeof(int)";
                string local = names.Next(model, anchor, "reuseAddress");
                string call = qualifier + "setsockopt(" + fd + ", " + level + ", " + name + ", {0}, " + length + ");";

                var text = new StringBuilder();
                switch (shape)
                {
                    case Shape.Ref:
                    case Shape.In:
                        text.Append("int ").Append(local).Append(" = 1;\n")
                            .AppendFormat(CultureInfo.InvariantCulture, call, (shape == Shape.Ref ? "ref " : "in ") + local).Append('\n');
                        break;
                    case Shape.ByteArray:
                        text.AppendFormat(CultureInfo.InvariantCulture, call, "System.BitConverter.GetBytes(1)").Append('\n');
                        break;
                    case Shape.HGlobal:
                        text.Append("var ").Append(local).Append(" = System.Runtime.InteropServices.Marshal.AllocHGlobal(sizeof(int));\n")
                            .Append("try\n{\nSystem.Runtime.InteropServices.Marshal.WriteInt32(").Append(local).Append(", 1);\n")
                            .AppendFormat(CultureInfo.InvariantCulture, call, local)
                            .Append("\n}\nfinally\n{\nSystem.Runtime.InteropServices.Marshal.FreeHGlobal(").Append(local).Append(");\n}\n");
                        break;
                    default:
                        string address = shape switch
                        {
                            Shape.Pointer => "&" + local,
                            Shape.PointerCast => "(" + ((IPointerTypeSymbol)setsockopt!.Parameters[3].Type).ToMinimalDisplayString(model, position) + ")&" + local,
                            Shape.IntPtr => "(System.IntPtr)(&" + local + ")",
                            _ => "(nint)(&" + local + ")",
                        };
                        string body = "int " + local + " = 1;\n" + string.Format(CultureInfo.InvariantCulture, call, address) + "\n";
                        text.Append(unsafeContext ? body : "unsafe\n{\n" + body + "}\n");
                        break;
                }

                var statements = ParseStatements(text.ToString());
                if (statements.IsDefaultOrEmpty)
                {
                    return null;
                }

                return new RawPlan(anchor, statements, declareIn, declaration);
            }

            private static ImmutableArray<StatementSyntax> ParseStatements(string text)
            {
                var block = (BlockSyntax)SyntaxFactory.ParseStatement("{\n" + text + "}");
                if (block.ContainsDiagnostics)
                {
                    return default;
                }

                return block.Statements
                    .Select(s => s.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation))
                    .ToImmutableArray();
            }

            private static string ConstantOrLiteral(SemanticModel model, int position, IMethodSymbol bind, string name, string literal)
            {
                if (model.LookupSymbols(position, name: name).Any(s => s is IFieldSymbol { IsConst: true } or ILocalSymbol { IsConst: true }))
                {
                    return name;
                }

                if (bind.ContainingType is { } type
                    && type.GetMembers(name).OfType<IFieldSymbol>().Any(f => f.IsConst)
                    && model.IsAccessible(position, type.GetMembers(name)[0]))
                {
                    return type.ToMinimalDisplayString(model, position) + "." + name;
                }

                return literal + " /* " + name + " */";
            }

            private static bool IsUnsafeContext(SyntaxNode node)
            {
                foreach (var ancestor in node.Ancestors())
                {
                    switch (ancestor)
                    {
                        case UnsafeStatementSyntax:
                            return true;
                        case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                            return true;
                        case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                            return true;
                    }
                }

                return false;
            }

            private static Shape ShapeOf(IParameterSymbol optionValue)
            {
                var type = optionValue.Type;
                switch (optionValue.RefKind)
                {
                    case RefKind.Ref:
                        return type.SpecialType == SpecialType.System_Int32 ? Shape.Ref : Shape.None;
                    case RefKind.In:
                        return type.SpecialType == SpecialType.System_Int32 ? Shape.In : Shape.None;
                    case RefKind.None:
                        break;
                    default:
                        return Shape.None;
                }

                if (type is IPointerTypeSymbol pointer)
                {
                    return pointer.PointedAtType.SpecialType is SpecialType.System_Int32 or SpecialType.System_Void
                        ? Shape.Pointer
                        : Shape.PointerCast;
                }

                if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
                {
                    return Shape.ByteArray;
                }

                return type.SpecialType == SpecialType.System_IntPtr
                    ? (type.IsNativeIntegerType ? Shape.NInt : Shape.IntPtr)
                    : Shape.None;
            }

            private enum Shape
            {
                None,
                Ref,
                In,
                Pointer,
                PointerCast,
                IntPtr,
                NInt,
                HGlobal,
                ByteArray,
            }
        }
    }
}
