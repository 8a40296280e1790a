using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// A native import (a DllImport extern or a LibraryImport partial method): the C function it calls, the library it
    /// loads, and how it is declared. Read once per method by <see cref="SocketSymbols.ImportOf"/> (cached per
    /// compilation); this is the one reader of import attributes.
    /// </summary>
    internal sealed class NativeImport
    {
        private NativeImport(string function, string? library, AttributeData? attribute, bool isLibraryImport, bool setsLastError, bool saysSetLastErrorFalse)
        {
            Function = function;
            Library = library;
            Attribute = attribute;
            SetsLastError = setsLastError;
            SaysSetLastErrorFalse = saysSetLastErrorFalse;
            IsLibraryImport = isLibraryImport;
        }

        /// <summary>The EntryPoint when given, otherwise the method name: <c>bind</c>, <c>setsockopt</c>...</summary>
        public string Function { get; }

        public string? Library { get; }

        /// <summary>
        /// The DllImport or LibraryImport attribute written on the defining part, or null (an import read from metadata,
        /// an extern without one).
        /// </summary>
        public AttributeData? Attribute { get; }

        /// <summary>A LibraryImport (source-generated marshalling) rather than a DllImport.</summary>
        public bool IsLibraryImport { get; }

        /// <summary>The import asks the runtime to save the error (<c>SetLastError = true</c>).</summary>
        public bool SetsLastError { get; }

        /// <summary>The import says <c>SetLastError = false</c> in so many words: a decision, not an omission.</summary>
        public bool SaysSetLastErrorFalse { get; }

        /// <summary>"LibraryImport" or "DllImport", as the messages name the attribute.</summary>
        public string AttributeKind => IsLibraryImport ? "LibraryImport" : "DllImport";

        /// <summary>Winsock (ws2_32): SO_REUSEADDR there lets another socket take the port (KB 307175).</summary>
        public bool IsWinsock => NativeSocketApi.IsWinsock(Library);

        public bool IsSocketFunction => NativeSocketApi.SocketFunctionNames.Contains(Function);

        /// <summary>
        /// Reads a static method implemented by native code; null for any other method. Callers go through
        /// <see cref="SocketSymbols.ImportOf"/>, which filters cheaply and caches.
        /// </summary>
        internal static NativeImport? Read(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return null;
            }

            // The attributes are read once: native is extern, DllImport data, or a LibraryImport (as NativeSocketApi.IsNative).
            var attribute = NativeSocketImports.ImportAttribute(method);
            var dllImport = method.GetDllImportData();
            bool isLibraryImport = attribute != null
                && FrameworkTypes.IsAttribute(attribute, FrameworkTypes.InteropServices, NativeSocketImports.LibraryImportName);
            if (!method.IsExtern && dllImport is null && !isLibraryImport)
            {
                return null;
            }

            // The library as NativeSocketApi.LibraryName reads it: the DllImport data, else the attribute's argument.
            string? library = dllImport is not null
                ? dllImport.ModuleName
                : attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is string name ? name : null;
            bool setsLastError = attribute != null
                ? NativeSocketImports.SetsLastError(method, attribute)
                : dllImport is { SetLastError: true };
            return new NativeImport(
                NativeSocketImports.NativeName(method, attribute),
                library,
                attribute,
                isLibraryImport,
                setsLastError,
                attribute != null && NativeSocketImports.SaysSetLastErrorFalse(attribute));
        }
    }

    /// <summary>
    /// The attribute-level helpers behind <see cref="NativeImport"/>, and the by-parameter argument reader of native
    /// calls: the import attribute of a hand-written socket P/Invoke (DllImport or LibraryImport) and the native
    /// function it names (the EntryPoint when one is given, otherwise the method name).
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
        /// True for a source-declared imported <c>setsockopt</c> or <c>getsockopt</c> with the five parameters of the C
        /// API (fd, level, name, optval, optlen); <paramref name="isGet"/> tells which. For code without a
        /// <see cref="SocketSymbols"/> at hand (the fixes); analyzers use <see cref="OptionCall.Read"/>.
        /// </summary>
        internal static bool IsSocketOptionImport(IMethodSymbol method, out bool isGet)
        {
            isGet = false;

            // Cheap first: an import is extern (DllImport) or a partial method (LibraryImport), so every other static
            // five-parameter call leaves before its attributes are read.
            if (!method.IsStatic || method.Parameters.Length != 5
                || !(method.IsExtern || method.IsPartialDefinition || method.PartialDefinitionPart != null)
                || NativeImport.Read(method) is not { Attribute: not null } import)
            {
                return false;
            }

            switch (import.Function)
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
