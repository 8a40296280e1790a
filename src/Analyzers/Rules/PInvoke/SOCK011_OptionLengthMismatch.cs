using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK011: a setsockopt/getsockopt call whose optlen (a constant, <c>sizeof(T)</c>, <c>Marshal.SizeOf</c>, or for
    /// getsockopt the initializer of the length local) differs from the size of what the option-value argument points
    /// to, when that size is known: <c>ref T</c>, <c>&amp;x</c>, a constant-length array, a blittable struct (fact 19).
    /// The call is read by <see cref="OptionCall.Read"/>; a local's only value by <see cref="LocalValues"/>.
    /// </summary>
    internal static class SOCK011_OptionLengthMismatch
    {
        /// <summary>The expression the fix puts in place of the length (fully qualified, for the Simplifier).</summary>
        internal const string ReplacementProperty = "Replacement";

        /// <summary>Replacement marker: <c>Marshal.SizeOf&lt;T&gt;()</c> of the value's struct type, named by the fix.</summary>
        internal const string MarshalSizeOfValue = "Marshal.SizeOf<T>()";

        /// <summary>A native setsockopt/getsockopt call (read by <see cref="OptionCall.Read"/>).</summary>
        internal static void Check(OperationAnalysisContext context, OptionCall call)
        {
            if (call.Value?.Parent is not IArgumentOperation valueArgument
                || call.Length?.Parent is not IArgumentOperation lengthArgument
                || ValueSize(valueArgument) is not { } value
                || LengthExpression(lengthArgument) is not { } lengthExpression
                || LengthValue(lengthExpression) is not { } length
                || length == value.Size)
            {
                return;
            }

            bool isGet = !call.IsSet;
            string written = Written(valueArgument);
            string effect = (isGet, length < value.Size) switch
            {
                (false, true) => $"setsockopt reads only {length} of them (EINVAL for a longer option)",
                (false, false) => $"setsockopt reads {length} bytes, past its end",
                (true, true) => $"getsockopt writes at most {length} bytes into it and leaves the rest unset",
                (true, false) => $"getsockopt may write {length} bytes into it, past its end",
            };
            string bytes = value.Size == 1 ? "1 byte" : value.Size.ToString(CultureInfo.InvariantCulture) + " bytes";

            // A value smaller than an int with a longer optlen: the option is probably an int, and shrinking optlen to
            // the value would make the kernel reject it. The value's type is what is wrong; no automatic fix.
            bool valueTooSmall = length > value.Size && value.Size < sizeof(int);
            string advice = valueTooSmall
                ? "store the value in a variable of the option's size (an int for most options)"
                : "pass " + value.Shown;
            var properties = valueTooSmall
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, value.Replacement);
            // The length written elsewhere (a local's initializer) is an additional location; written in the call,
            // it is the primary location itself and is not repeated.
            var primary = lengthArgument.Value.Syntax.GetLocation();
            var lengthWritten = lengthExpression.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK011_OptlenMismatch,
                primary,
                additionalLocations: lengthWritten == primary ? null : new[] { lengthWritten },
                properties: properties,
                length.ToString(CultureInfo.InvariantCulture), written, bytes, value.Description, effect, advice));
        }

        /// <summary>The argument as written, without its name: <c>ref one</c> for <c>value: ref one</c> too.</summary>
        private static string Written(IArgumentOperation argument)
            => argument.Syntax is ArgumentSyntax { NameColon: not null } named
                ? named.WithNameColon(null).ToString()
                : argument.Syntax.ToString();

        private sealed class ValueInfo
        {
            public ValueInfo(int size, string description, string replacement, string shown)
            {
                Size = size;
                Description = description;
                Replacement = replacement;
                Shown = shown;
            }

            public int Size { get; }

            /// <summary>What the value is, for the message: "int", "Linger", "byte[4]".</summary>
            public string Description { get; }

            public string Replacement { get; }

            public string Shown { get; }
        }

        // ---------------------------------------------------------------- the option value

        /// <summary>The type the option-value argument points to, for <c>ref T</c> and <c>&amp;x</c> forms.</summary>
        internal static ITypeSymbol? PointedType(IArgumentOperation argument)
        {
            if (argument.Parameter is not { } parameter)
            {
                return null;
            }

            if (parameter.RefKind != RefKind.None)
            {
                return parameter.Type;
            }

            var value = argument.Value.WalkDownConversions();
            if (value is IObjectCreationOperation { Arguments.Length: 1 } creation)
            {
                value = creation.Arguments[0].Value.WalkDownConversions();
            }

            return value is IAddressOfOperation { Reference.Type: { } pointed } ? pointed : null;
        }

        private static ValueInfo? ValueSize(IArgumentOperation argument)
        {
            if (argument.Parameter is not { } parameter)
            {
                return null;
            }

            var value = argument.Value.WalkDownConversions();
            if (IsStartOfLargerBuffer(value, parameter))
            {
                // ref buffer[0], &buffer[i], a ref-returning call: the memory goes on past the element, size unknown.
                return null;
            }

            if (parameter.RefKind != RefKind.None)
            {
                // ref/in/out T: the marshaller pins the variable (blittable T) and passes its address.
                return OfType(parameter.Type, marshalled: true);
            }

            if (parameter.Type.TypeKind == TypeKind.Pointer
                || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            {
                if (value is IObjectCreationOperation { Arguments.Length: 1 } creation
                    && creation.Type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
                {
                    value = creation.Arguments[0].Value.WalkDownConversions();
                }

                return value is IAddressOfOperation { Reference.Type: { } pointed } ? OfType(pointed, marshalled: false) : null;
            }

            if (parameter.Type is IArrayTypeSymbol { Rank: 1 } arrayType)
            {
                return OfArray(value, arrayType.ElementType);
            }

            return null;
        }

        private static bool IsStartOfLargerBuffer(IOperation value, IParameterSymbol parameter)
            => value is IArrayElementReferenceOperation
               || (parameter.RefKind != RefKind.None && value is IInvocationOperation)
               || (value is IAddressOfOperation address && address.Reference.WalkDownConversions() is IArrayElementReferenceOperation);

        private static ValueInfo? OfType(ITypeSymbol type, bool marshalled)
        {
            var size = SizeOf(type, marshalled);
            if (size is null)
            {
                return null;
            }

            if (Keyword(type) is { } keyword)
            {
                string sizeOf = "sizeof(" + keyword + ")";
                return new ValueInfo(size.Value, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), sizeOf, sizeOf);
            }

            string shortName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            return new ValueInfo(size.Value, shortName, MarshalSizeOfValue, "Marshal.SizeOf<" + shortName + ">()");
        }

        /// <summary>A constant-length array: created in the argument, or the only value of a local of the same body.</summary>
        private static ValueInfo? OfArray(IOperation value, ITypeSymbol elementType)
        {
            string? local = null;
            if (value is ILocalReferenceOperation reference)
            {
                if (LocalValues.OnlyValue(reference, reference.Local, except: null) is not { } definition)
                {
                    return null;
                }

                local = reference.Local.Name;
                value = definition.WalkDownConversions();
            }

            int? bytes = null;
            string? description = null;
            if (value is IArrayCreationOperation { DimensionSizes.Length: 1 } creation
                && NativeSocketApi.ConstantInt(creation.DimensionSizes[0]) is { } count and >= 0
                && SizeOf(elementType, marshalled: false) is { } elementSize)
            {
                bytes = (int)count * elementSize;
                description = elementType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "[" + count.ToString(CultureInfo.InvariantCulture) + "]";
            }
            else if (value is IInvocationOperation { TargetMethod: { Name: "GetBytes", Parameters.Length: 1 } getBytes }
                && FrameworkTypes.Is(getBytes.ContainingType, "System", "BitConverter")
                && elementType.SpecialType == SpecialType.System_Byte
                && SizeOf(getBytes.Parameters[0].Type, marshalled: false) is { } converted)
            {
                bytes = converted;
                description = "BitConverter.GetBytes(" + getBytes.Parameters[0].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ")";
            }

            if (bytes is null || description is null)
            {
                return null;
            }

            string replacement;
            if (local is null)
            {
                replacement = value is IInvocationOperation { TargetMethod.Parameters: { Length: 1 } parameters } && Keyword(parameters[0].Type) is { } converted
                    ? "sizeof(" + converted + ")"
                    : bytes.Value.ToString(CultureInfo.InvariantCulture);
            }
            else if (elementType.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte)
            {
                replacement = local + ".Length";
            }
            else if (Keyword(elementType) is { } keyword)
            {
                replacement = local + ".Length * sizeof(" + keyword + ")";
            }
            else
            {
                replacement = bytes.Value.ToString(CultureInfo.InvariantCulture);
            }

            return new ValueInfo(bytes.Value, description, replacement, replacement);
        }

        /// <summary>
        /// The size of a value of the type in native memory: primitives, enums, and structs made only of them with the
        /// default sequential layout. Null when unknown, and for bool and char (their marshalled size depends on the
        /// marshalling settings, and no socket option is a C# bool or char).
        /// </summary>
        internal static int? SizeOf(ITypeSymbol type, bool marshalled) => SizeAndAlignment(type, marshalled, depth: 0)?.Size;

        private static (int Size, int Alignment)? SizeAndAlignment(ITypeSymbol type, bool marshalled, int depth)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
            }

            int primitive = type.SpecialType switch
            {
                SpecialType.System_SByte or SpecialType.System_Byte => 1,
                SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
                SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double => 8,
                _ => 0,
            };
            if (primitive > 0)
            {
                return (primitive, primitive);
            }

            if (type.SpecialType != SpecialType.None || type.TypeKind != TypeKind.Struct || depth > 8
                || type.DeclaringSyntaxReferences.Length == 0 || type is not INamedTypeSymbol named || named.IsGenericType)
            {
                return null;
            }

            foreach (var attribute in named.GetAttributes())
            {
                if (FrameworkTypes.IsAttribute(attribute, FrameworkTypes.InteropServices, "StructLayoutAttribute")
                    && (attribute.NamedArguments.Length > 0
                        || attribute.ConstructorArguments.Length != 1
                        || attribute.ConstructorArguments[0].Value is not 0 /* LayoutKind.Sequential */))
                {
                    return null;
                }
            }

            int offset = 0, alignment = 1;
            foreach (var member in named.GetMembers())
            {
                if (member is not IFieldSymbol field || field.IsStatic || field.IsConst)
                {
                    continue;
                }

                // Fields made of bool or char are not blittable: their marshalled size differs from their size in memory.
                if (field.IsFixedSizeBuffer || SizeAndAlignment(field.Type, marshalled: true, depth + 1) is not { } inner)
                {
                    return null;
                }

                offset = Align(offset, inner.Alignment) + inner.Size;
                alignment = inner.Alignment > alignment ? inner.Alignment : alignment;
            }

            return offset == 0 ? null : (Align(offset, alignment), alignment);
        }

        private static int Align(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

        private static string? Keyword(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
            }

            return type.SpecialType switch
            {
                SpecialType.System_SByte => "sbyte",
                SpecialType.System_Byte => "byte",
                SpecialType.System_Int16 => "short",
                SpecialType.System_UInt16 => "ushort",
                SpecialType.System_Int32 => "int",
                SpecialType.System_UInt32 => "uint",
                SpecialType.System_Int64 => "long",
                SpecialType.System_UInt64 => "ulong",
                SpecialType.System_Single => "float",
                SpecialType.System_Double => "double",
                SpecialType.System_Boolean => "bool",
                SpecialType.System_Char => "char",
                _ => null,
            };
        }

        // ---------------------------------------------------------------- the length

        /// <summary>
        /// The expression that gives optlen: the argument itself, or for a length passed by reference or address
        /// (getsockopt's socklen_t*), the initializer of the local, when that is the local's only value.
        /// </summary>
        private static IOperation? LengthExpression(IArgumentOperation argument)
        {
            var value = argument.Value.WalkDownConversions();
            if (argument.Parameter?.RefKind == RefKind.None && argument.Parameter.Type.TypeKind != TypeKind.Pointer
                && argument.Parameter.Type.SpecialType is not (SpecialType.System_IntPtr or SpecialType.System_UIntPtr))
            {
                return argument.Value;
            }

            if (value is IObjectCreationOperation { Arguments.Length: 1 } creation
                && creation.Type?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            {
                value = creation.Arguments[0].Value.WalkDownConversions();
            }

            if (value is IAddressOfOperation addressOf)
            {
                value = addressOf.Reference;
            }

            return value is ILocalReferenceOperation local ? LocalValues.OnlyValue(argument, local.Local, except: value) : null;
        }

        /// <summary>The number of bytes a length expression says: a constant, sizeof(T), Marshal.SizeOf, Unsafe.SizeOf.</summary>
        private static int? LengthValue(IOperation expression)
        {
            if (NativeSocketApi.ConstantInt(expression) is { } constant)
            {
                return constant is >= 0 and <= int.MaxValue ? (int)constant : null;
            }

            var value = expression.WalkDownConversions();
            switch (value)
            {
                case ISizeOfOperation sizeOf:
                    return SizeOf(sizeOf.TypeOperand, marshalled: false);
                case IInvocationOperation { TargetMethod.Name: "SizeOf" } call:
                    var container = call.TargetMethod.ContainingType;
                    bool isMarshal = FrameworkTypes.Is(container, FrameworkTypes.InteropServices, "Marshal");
                    if (!isMarshal && !FrameworkTypes.Is(container, "System.Runtime.CompilerServices", "Unsafe"))
                    {
                        return null;
                    }

                    ITypeSymbol? type = null;
                    if (call.TargetMethod.TypeArguments.Length == 1)
                    {
                        type = call.TargetMethod.TypeArguments[0];
                    }
                    else if (call.Arguments.Length == 1)
                    {
                        var argument = call.Arguments[0].Value.WalkDownConversions();
                        type = argument is ITypeOfOperation typeOf ? typeOf.TypeOperand : argument.Type;
                    }

                    return type is null ? null : SizeOf(type, marshalled: isMarshal);
                default:
                    return null;
            }
        }
    }
}
