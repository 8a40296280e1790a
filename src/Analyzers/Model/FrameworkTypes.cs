using Microsoft.CodeAnalysis;

namespace SocketAnalyzers
{
    /// <summary>
    /// Recognises framework types by symbol: a top-level type with the framework's name whose containing namespace
    /// symbols are the framework's namespace. A user type that shares only the name (a <c>MarshalAsAttribute</c> in the
    /// user's own namespace) is not the framework type; a polyfill declared under the framework's namespace (as
    /// netstandard2.0 projects do for SupportedOSPlatformAttribute) is, as it is for the compiler and the runtime.
    /// </summary>
    internal static class FrameworkTypes
    {
        internal const string InteropServices = "System.Runtime.InteropServices";
        internal const string Marshalling = "System.Runtime.InteropServices.Marshalling";
        internal const string Versioning = "System.Runtime.Versioning";

        /// <summary>True when <paramref name="type"/> is the type <paramref name="ns"/>.<paramref name="name"/>.</summary>
        internal static bool Is(ITypeSymbol? type, string ns, string name)
        {
            if (type is not INamedTypeSymbol named || named.Name != name || named.ContainingType != null)
            {
                return false;
            }

            return IsNamespace(named.ContainingNamespace, ns, ns.Length);
        }

        /// <summary>True when the attribute is of the framework type <paramref name="ns"/>.<paramref name="name"/>.</summary>
        internal static bool IsAttribute(AttributeData attribute, string ns, string name) => Is(attribute.AttributeClass, ns, name);

        /// <summary>Compares a namespace symbol chain with the dotted name <c>ns[0..length)</c> without building strings.</summary>
        private static bool IsNamespace(INamespaceSymbol? symbol, string ns, int length)
        {
            while (true)
            {
                if (symbol is null)
                {
                    return false;
                }

                if (length == 0)
                {
                    return symbol.IsGlobalNamespace;
                }

                int dot = ns.LastIndexOf('.', length - 1);
                int start = dot + 1;
                if (symbol.IsGlobalNamespace
                    || symbol.Name.Length != length - start
                    || string.CompareOrdinal(symbol.Name, 0, ns, start, length - start) != 0)
                {
                    return false;
                }

                symbol = symbol.ContainingNamespace;
                length = dot < 0 ? 0 : dot;
            }
        }
    }
}
