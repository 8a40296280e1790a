using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The import attribute of a hand-written socket P/Invoke (DllImport or LibraryImport) and the native function it
    /// names: the EntryPoint when one is given, otherwise the method name.
    /// </summary>
    internal static class NativeSocketImports
    {
        internal const string DllImportName = "DllImportAttribute";
        internal const string LibraryImportName = "LibraryImportAttribute";

        /// <summary>
        /// The DllImport or LibraryImport attribute written on a static method (the defining part of a partial method),
        /// or null when the method has none.
        /// </summary>
        internal static AttributeData? ImportAttribute(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return null;
            }

            var part = method.PartialDefinitionPart ?? method;
            foreach (var attribute in part.GetAttributes())
            {
                if (FrameworkTypes.IsAttribute(attribute, FrameworkTypes.InteropServices, DllImportName)
                    || FrameworkTypes.IsAttribute(attribute, FrameworkTypes.InteropServices, LibraryImportName))
                {
                    return attribute;
                }
            }

            return null;
        }

        /// <summary>The C function an import calls: its EntryPoint, or the method's own name.</summary>
        internal static string NativeName(IMethodSymbol method, AttributeData? import)
        {
            if (method.GetDllImportData() is { EntryPointName: { Length: > 0 } entryPoint })
            {
                return entryPoint;
            }

            if (import != null)
            {
                foreach (var argument in import.NamedArguments)
                {
                    if (argument.Key == "EntryPoint" && argument.Value.Value is string { Length: > 0 } name)
                    {
                        return name;
                    }
                }
            }

            return method.Name;
        }

        /// <summary>The value of the import's SetLastError named argument (false when absent).</summary>
        internal static bool SetsLastError(IMethodSymbol method, AttributeData import)
        {
            foreach (var argument in import.NamedArguments)
            {
                if (argument.Key == "SetLastError")
                {
                    return argument.Value.Value is true;
                }
            }

            return method.GetDllImportData() is { SetLastError: true };
        }

        /// <summary>The import says <c>SetLastError = false</c> in so many words.</summary>
        internal static bool SaysSetLastErrorFalse(AttributeData import)
        {
            foreach (var argument in import.NamedArguments)
            {
                if (argument.Key == "SetLastError")
                {
                    return argument.Value.Value is false;
                }
            }

            return false;
        }

        /// <summary>
        /// True for an imported <c>setsockopt</c> or <c>getsockopt</c> with the five parameters of the C API
        /// (fd, level, name, optval, optlen); <paramref name="isGet"/> tells which.
        /// </summary>
        internal static bool IsSocketOptionImport(IMethodSymbol method, out bool isGet)
        {
            isGet = false;

            // Cheap first: an import is extern (DllImport) or a partial method (LibraryImport), so every other static
            // five-parameter call leaves before its attributes are read.
            if (!method.IsStatic || method.Parameters.Length != 5
                || !(method.IsExtern || method.IsPartialDefinition || method.PartialDefinitionPart != null)
                || ImportAttribute(method) is not { } import)
            {
                return false;
            }

            switch (NativeName(method, import))
            {
                case "setsockopt":
                    return true;
                case "getsockopt":
                    isGet = true;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The call's argument for parameter <paramref name="ordinal"/>, or null (broken code, params arrays).</summary>
        internal static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}
