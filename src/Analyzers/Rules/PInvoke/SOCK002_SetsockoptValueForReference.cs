using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK002: the option value of setsockopt/getsockopt given to the kernel as a number where it expects an address
    /// (fact 17).
    /// <list type="bullet">
    /// <item>Declaration: an imported setsockopt/getsockopt whose option-value parameter is a by-value number, bool,
    /// enum or struct.</item>
    /// <item>Call: an option-value argument for a pointer, IntPtr or nint parameter that turns a number into an address:
    /// <c>(IntPtr)reuse</c>, <c>new IntPtr(reuse)</c>, <c>(void*)reuse</c>, an implicit int-to-nint conversion.</item>
    /// </list>
    /// </summary>
    internal static class SOCK002_SetsockoptValueForReference
    {
        internal const string DeclarationKind = "Declaration";
        internal const string CallKind = "Call";
        internal const string FixableProperty = "Fixable";
        internal const string IsGetProperty = "IsGet";

        // ---------------------------------------------------------------- declarations

        /// <summary>The import of a socket function (<paramref name="import"/> has an attribute, and is one).</summary>
        internal static void CheckDeclaration(System.Action<Diagnostic> report, IMethodSymbol method, NativeImport import, System.Threading.CancellationToken cancellationToken)
        {
            if (import.Function is not ("setsockopt" or "getsockopt") || method.Parameters.Length != 5)
            {
                return;
            }

            bool isGet = import.Function == "getsockopt";
            var parameter = method.Parameters[3];
            if (parameter.RefKind != RefKind.None || !IsByValueNumberOrStruct(parameter)
                || parameter.DeclaringSyntaxReferences.Length == 0
                || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax syntax)
            {
                return;
            }

            string type = parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            string modifier = isGet ? "out" : "ref";
            report(Diagnostic.Create(
                Descriptors.SOCK002_SetsockoptValueForReference,
                syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty
                    .Add(PInvokeFamily.KindProperty, DeclarationKind)
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

        /// <summary>A native setsockopt/getsockopt call (read by <see cref="OptionCall.Read"/>) whose option value is a number made an address.</summary>
        internal static void CheckCall(OperationAnalysisContext context, OptionCall call)
        {
            if (call.Value?.Parent is not IArgumentOperation { Parameter: { } parameter } argument
                || parameter.RefKind != RefKind.None
                || !(parameter.Type.TypeKind == TypeKind.Pointer
                    || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
                || NumberMadeAddress(argument.Value) is not { } number)
            {
                return;
            }

            bool isGet = !call.IsSet;
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
                    .Add(PInvokeFamily.KindProperty, CallKind)
                    .Add(FixableProperty, fixable ? "true" : "false")
                    .Add(IsGetProperty, isGet ? "true" : "false"),
                written,
                isGet ? "getsockopt" : "setsockopt",
                advice));
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
