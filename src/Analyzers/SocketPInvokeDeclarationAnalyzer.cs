using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// Hand-written socket P/Invoke declarations and the calls made through them.
    /// <list type="bullet">
    /// <item>SOCK002 (declaration): an imported setsockopt/getsockopt whose option-value parameter is a by-value number,
    /// bool, enum or struct: the kernel receives the value as an address (fact 17).</item>
    /// <item>SOCK002 (call): an option-value argument for a pointer, IntPtr or nint parameter that turns a number into an
    /// address: <c>(IntPtr)reuse</c>, <c>new IntPtr(reuse)</c>, <c>(void*)reuse</c>, an implicit int-to-nint conversion.</item>
    /// <item>SOCK012: an imported socket function without <c>SetLastError = true</c> (fact 18).</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SocketPInvokeDeclarationAnalyzer : DiagnosticAnalyzer
    {
        internal const string KindProperty = "Kind";
        internal const string DeclarationKind = "Declaration";
        internal const string CallKind = "Call";
        internal const string FixableProperty = "Fixable";
        internal const string IsGetProperty = "IsGet";
        internal const string ReadKind = "Read";

        private static ImmutableHashSet<string> SocketFunctions => NativeSocketApi.SocketFunctionNames;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.SOCK002_SetsockoptValueForReference,
            Descriptors.SOCK012_SocketPInvokeWithoutSetLastError);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

            // Raw P/Invoke code needs nothing from System.Net.Sockets: the checks are name comparisons on imports.
            context.RegisterCompilationStartAction(start =>
            {
                if (NativeSocketApi.MayUseNativeSockets(start.Compilation))
                {
                    // Declarations: only where some tree declares an import that may call a socket function.
                    if (SocketSymbols.For(start.Compilation).MayMatterAnywhere(SocketWords.None, nativeCalls: true, start.CancellationToken))
                    {
                        start.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
                    }

                    // Per type, only where an error read or a native socket import is named (SocketVocabulary).
                    SocketSymbols.RegisterPerType(start, SocketWords.LastError, nativeCalls: true,
                        perType => perType.RegisterOperationAction(AnalyzeCall, OperationKind.Invocation));
                }
            });
        }

        // ---------------------------------------------------------------- declarations

        private static void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;

            // Only extern methods and partial definitions can be imports; the implementation part of a LibraryImport
            // method is analyzed through its definition.
            if (!method.IsStatic || !(method.IsExtern || method.IsPartialDefinition)
                || NativeSocketImports.ImportAttribute(method) is not { } import)
            {
                return;
            }

            string nativeName = NativeSocketImports.NativeName(method, import);
            if (!SocketFunctions.Contains(nativeName))
            {
                return;
            }

            // An explicit SetLastError = false is a decision: silent here; a read of the error after a call to it is
            // reported at the read (AnalyzeErrorRead), with certainty.
            if (!NativeSocketImports.SetsLastError(method, import)
                && !NativeSocketImports.SaysSetLastErrorFalse(import)
                && import.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } attributeSyntax)
            {
                string kind = import.AttributeClass?.Name == NativeSocketImports.LibraryImportName ? "LibraryImport" : "DllImport";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SOCK012_SocketPInvokeWithoutSetLastError,
                    attributeSyntax.GetLocation(),
                    method.Name,
                    nativeName,
                    kind));
            }

            if ((nativeName == "setsockopt" || nativeName == "getsockopt") && method.Parameters.Length == 5)
            {
                AnalyzeOptionValueParameter(context, method.Parameters[3], nativeName == "getsockopt");
            }
        }

        private static void AnalyzeOptionValueParameter(SymbolAnalysisContext context, IParameterSymbol parameter, bool isGet)
        {
            if (parameter.RefKind != RefKind.None || !IsByValueNumberOrStruct(parameter)
                || parameter.DeclaringSyntaxReferences.Length == 0
                || parameter.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not ParameterSyntax syntax)
            {
                return;
            }

            string type = parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            string modifier = isGet ? "out" : "ref";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK002_SetsockoptValueForReference,
                syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty
                    .Add(KindProperty, DeclarationKind)
                    .Add(IsGetProperty, isGet ? "true" : "false"),
                type + " " + parameter.Name,
                isGet ? "getsockopt" : "setsockopt",
                $"declare it '{modifier} {type}' and pass a variable with {modifier}"));
        }

        /// <summary>
        /// A by-value option value that the marshaller passes as a number: an integral type, bool, char, an enum, or a
        /// struct other than the pointer-sized handles and spans (which are marshalled as addresses).
        /// </summary>
        private static bool IsByValueNumberOrStruct(IParameterSymbol parameter)
        {
            var type = parameter.Type;
            if (type.TypeKind is not (TypeKind.Struct or TypeKind.Enum) || type.IsRefLikeType)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                // Floating values travel in floating-point registers: the option-value slot gets whatever was left there.
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                    return false;
                case SpecialType.None:
                    break;
                default:
                    return true;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            // HandleRef passes its handle; custom marshallers and MarshalAs(LPStruct) pass an address.
            if (FrameworkTypes.Is(type, FrameworkTypes.InteropServices, "HandleRef")
                || HasAttribute(type.GetAttributes(), FrameworkTypes.Marshalling, "NativeMarshallingAttribute"))
            {
                return false;
            }

            foreach (var attribute in parameter.GetAttributes())
            {
                if (FrameworkTypes.IsAttribute(attribute, FrameworkTypes.Marshalling, "MarshalUsingAttribute"))
                {
                    return false;
                }

                if (FrameworkTypes.IsAttribute(attribute, FrameworkTypes.InteropServices, "MarshalAsAttribute")
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Enum, Value: int or short } unmanagedType
                    && (unmanagedType.Value is int value ? value : (short)unmanagedType.Value!) is 0x2b /* LPStruct */ or 0x28 /* AsAny */)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasAttribute(ImmutableArray<AttributeData> attributes, string ns, string name)
        {
            foreach (var attribute in attributes)
            {
                if (FrameworkTypes.IsAttribute(attribute, ns, name))
                {
                    return true;
                }
            }

            return false;
        }

        // ---------------------------------------------------------------- calls

        private static void AnalyzeCall(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.IsStatic && method.Parameters.IsEmpty && method.Name is "GetLastPInvokeError" or "GetLastWin32Error"
                && method.ContainingType is { Name: "Marshal" } marshal
                && marshal.ContainingNamespace?.ToDisplayString() == "System.Runtime.InteropServices")
            {
                AnalyzeErrorRead(context, invocation);
                return;
            }

            if (method.Parameters.Length != 5 || !method.IsStatic
                || !NativeSocketImports.IsSocketOptionImport(method, out bool isGet))
            {
                return;
            }

            var parameter = method.Parameters[3];
            if (parameter.RefKind != RefKind.None
                || !(parameter.Type.TypeKind == TypeKind.Pointer
                    || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
                || NativeSocketImports.ArgumentFor(invocation, 3) is not { } argument
                || NumberMadeAddress(argument.Value) is not { } number)
            {
                return;
            }

            string written = argument.Value.Syntax.ToString();
            string operand = number.Syntax.ToString();
            bool fixable = IsAddressable(number) && IsUnsafeContext(argument.Value.Syntax, context.Compilation);
            string advice = fixable
                ? $"pass the address of '{operand}' instead"
                : "pass the address of a variable that holds the value";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK002_SetsockoptValueForReference,
                argument.Value.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty
                    .Add(KindProperty, CallKind)
                    .Add(FixableProperty, fixable ? "true" : "false")
                    .Add(IsGetProperty, isGet ? "true" : "false"),
                written,
                isGet ? "getsockopt" : "setsockopt",
                advice));
        }

        /// <summary>
        /// SOCK012 with certainty: <c>Marshal.GetLastPInvokeError()</c> or <c>GetLastWin32Error()</c> read after a call
        /// to a socket import that does not capture the error (no <c>SetLastError = true</c>, or an explicit false).
        /// The call is the nearest P/Invoke call before the read in the same body. The read then returns the error of
        /// some earlier call that did capture one, or 0. <c>Marshal.GetLastSystemError()</c> is not flagged: it reads
        /// the live errno, which is what code that deliberately leaves SetLastError off is meant to use.
        /// </summary>
        private static void AnalyzeErrorRead(OperationAnalysisContext context, IInvocationOperation read)
        {
            int position = read.Syntax.SpanStart;
            IInvocationOperation? nearest = null;
            foreach (var operation in read.Root().Descendants())
            {
                if (operation is IInvocationOperation call && call.Syntax.SpanStart < position
                    && (nearest is null || call.Syntax.SpanStart > nearest.Syntax.SpanStart)
                    && call.TargetMethod.IsStatic && (call.TargetMethod.IsExtern || call.TargetMethod.IsPartialDefinition
                        || call.TargetMethod.PartialDefinitionPart is not null)
                    && NativeSocketImports.ImportAttribute(call.TargetMethod.PartialDefinitionPart ?? call.TargetMethod) is not null)
                {
                    nearest = call;
                }
            }

            var import = nearest?.TargetMethod.PartialDefinitionPart ?? nearest?.TargetMethod;
            if (import is null || NativeSocketImports.ImportAttribute(import) is not { } attribute
                || NativeSocketImports.SetsLastError(import, attribute)
                || !SocketFunctions.Contains(NativeSocketImports.NativeName(import, attribute)))
            {
                return;
            }

            string nativeName = NativeSocketImports.NativeName(import, attribute);
            string kind = attribute.AttributeClass?.Name == NativeSocketImports.LibraryImportName ? "LibraryImport" : "DllImport";
            var additional = attribute.ApplicationSyntaxReference is { } reference
                ? new[] { Location.Create(reference.SyntaxTree, reference.Span) }
                : System.Array.Empty<Location>();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK012_SocketPInvokeWithoutSetLastError,
                read.Syntax.GetLocation(),
                additional,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, ReadKind),
                import.Name,
                nativeName,
                kind));
        }

        /// <summary>
        /// The number an option-value argument converts into an address, or null when the argument already is an
        /// address (a pointer, an IntPtr, <c>&amp;x</c>, a null constant, a long that may hold an address).
        /// </summary>
        internal static IOperation? NumberMadeAddress(IOperation value)
        {
            IOperation operand;
            if (value is IConversionOperation)
            {
                operand = value.WalkDownConversions();
            }
            else if (value is IObjectCreationOperation { Arguments.Length: 1 } creation
                && creation.Type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            {
                operand = creation.Arguments[0].Value.WalkDownConversions();
            }
            else
            {
                return null;
            }

            if (operand.Type is not { } type || operand is IAddressOfOperation)
            {
                return null;
            }

            var constant = operand.ConstantValue;
            if (constant.HasValue)
            {
                // (IntPtr)0 is a null pointer, like IntPtr.Zero: a deliberate choice, not a value passed as an address.
                return NativeSocketApi.ConstantInt(operand) is { } n && n != 0 ? operand : null;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return operand;
            }

            // Narrower than a pointer: cannot hold an address on a 64-bit process. A long or ulong might.
            return type.SpecialType switch
            {
                SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                    or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32
                    or SpecialType.System_UInt32 => operand,
                _ => null,
            };
        }

        /// <summary>
        /// A local or by-value parameter of unmanaged type, whose address <c>&amp;x</c> can be taken: not one captured by
        /// a lambda or local function (a captured variable lives in a closure object and is moveable, CS0212).
        /// </summary>
        internal static bool IsAddressable(IOperation operand)
        {
            switch (operand)
            {
                case ILocalReferenceOperation local:
                    return !local.Local.IsConst && !local.Local.IsRef && !local.Local.IsFixed && !local.Local.IsUsing
                        && local.Local.Type.IsUnmanagedType
                        && !IsCaptured(operand, local.Local);
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind == RefKind.None && parameter.Parameter.Type.IsUnmanagedType
                        && !IsCaptured(operand, parameter.Parameter);
                default:
                    return false;
            }
        }

        /// <summary>True when a lambda or local function of the member uses the variable declared outside it.</summary>
        private static bool IsCaptured(IOperation operand, ISymbol variable)
        {
            foreach (var operation in operand.Root().Descendants())
            {
                IMethodSymbol? function = operation switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    ILocalFunctionOperation localFunction => localFunction.Symbol,
                    _ => null,
                };
                if (function is null || IsDeclaredIn(variable, operation.Syntax))
                {
                    continue;
                }

                foreach (var inner in operation.Descendants())
                {
                    var referenced = inner switch
                    {
                        ILocalReferenceOperation l => (ISymbol)l.Local,
                        IParameterReferenceOperation p => p.Parameter,
                        _ => null,
                    };
                    if (referenced != null && SymbolEqualityComparer.Default.Equals(referenced, variable))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsDeclaredIn(ISymbol variable, SyntaxNode function)
        {
            foreach (var reference in variable.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == function.SyntaxTree && function.Span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsUnsafeContext(SyntaxNode node, Compilation compilation)
        {
            if (compilation.Options is not CSharpCompilationOptions { AllowUnsafe: true })
            {
                return false;
            }

            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case UnsafeStatementSyntax:
                        return true;
                    case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                        return true;
                    case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                        return true;
                }
            }

            return false;
        }
    }
}
