using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// Recognises hand-written P/Invoke declarations of the BSD socket API (DllImport externs and LibraryImport
    /// partial methods, any library, any parameter names) and the option numbers they are called with.
    /// </summary>
    internal static class NativeSocketApi
    {
        // The numbers live in SocketNumbers (one table); these names stay for the callers that read them here.
        internal const int LinuxSolSocket = SocketNumbers.Linux.SolSocket;
        internal const int LinuxSoReuseAddr = SocketNumbers.Linux.SoReuseAddr;
        internal const int LinuxSoReusePort = SocketNumbers.Linux.SoReusePort;
        internal const int BsdSolSocket = SocketNumbers.Bsd.SolSocket;
        internal const int BsdSoReuseAddr = SocketNumbers.Bsd.SoReuseAddr;
        internal const int BsdSoReusePort = SocketNumbers.Bsd.SoReusePort;

        /// <summary>The BSD socket functions that hand-written P/Invoke declares.</summary>
        internal static readonly ImmutableHashSet<string> SocketFunctionNames = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "socket", "bind", "listen", "accept", "accept4", "connect", "setsockopt", "getsockopt", "shutdown",
            "send", "sendto", "recv", "recvfrom", "getsockname", "getpeername");

        /// <summary>
        /// Whether the compilation's own source declares a member named like a socket function. With System.Net.Sockets
        /// visible, socket code is possible anyway (<see cref="SocketSymbols.MayUseNativeSockets"/>); without it, a
        /// compilation that declares no such member gets no raw-call actions, so it pays nothing for them. (Imports
        /// declared only in a referenced assembly of a compilation without System.Net.Sockets are outside this reach.)
        /// </summary>
        internal static bool DeclaresSocketFunctionNames(Compilation compilation)
            => compilation.ContainsSymbolsWithName(name => SocketFunctionNames.Contains(name), SymbolFilter.Member);

        /// <summary>True for a static method named <paramref name="name"/> that is implemented by native code.</summary>
        internal static bool IsNative(IMethodSymbol method, string name)
            => method.Name == name && method.IsStatic && IsNative(method);

        internal static bool IsNative(IMethodSymbol method)
            => method.IsExtern
               || method.GetDllImportData() != null
               || NativeSocketImports.ImportAttribute(method) is { AttributeClass.Name: NativeSocketImports.LibraryImportName };

        /// <summary>The library a native method is imported from, or null when unknown.</summary>
        internal static string? LibraryName(IMethodSymbol method)
        {
            if (method.GetDllImportData() is { } data)
            {
                return data.ModuleName;
            }

            return NativeSocketImports.ImportAttribute(method) is { ConstructorArguments.Length: 1 } import
                && import.ConstructorArguments[0].Value is string library
                ? library
                : null;
        }

        /// <summary>True when the library name is Winsock (ws2_32).</summary>
        internal static bool IsWinsock(string? library)
            => library != null && library.IndexOf("ws2_32", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// True when (level, name) select SO_REUSEADDR or SO_REUSEPORT: by the name of the constant used, or by the
        /// numbers of any platform (Linux 1/2, 1/15; Winsock and BSD 0xffff/4, BSD 0xffff/0x200).
        /// </summary>
        internal static bool IsReuseOption(IOperation level, IOperation name)
        {
            string? constantName = ReferencedConstantName(name);
            if (constantName != null
                && (constantName.IndexOf("REUSEADDR", StringComparison.OrdinalIgnoreCase) >= 0
                    || constantName.IndexOf("REUSEPORT", StringComparison.OrdinalIgnoreCase) >= 0
                    || constantName.IndexOf("ReuseAddr", StringComparison.OrdinalIgnoreCase) >= 0
                    || constantName.IndexOf("ReusePort", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return true;
            }

            if (ConstantInt(level) is not { } l || ConstantInt(name) is not { } n)
            {
                return false;
            }

            return (l == LinuxSolSocket && (n == LinuxSoReuseAddr || n == LinuxSoReusePort))
                || (l == BsdSolSocket && (n == BsdSoReuseAddr || n == BsdSoReusePort));
        }

        /// <summary>The name of the field or local constant an argument refers to, through conversions.</summary>
        internal static string? ReferencedConstantName(IOperation operation)
        {
            operation = operation.WalkDownConversions();
            return operation switch
            {
                IFieldReferenceOperation field => field.Field.Name,
                ILocalReferenceOperation local => local.Local.Name,
                _ => null,
            };
        }

        internal static long? ConstantInt(IOperation operation)
        {
            var value = operation.ConstantValue;
            if (!value.HasValue || value.Value is null)
            {
                value = operation.WalkDownConversions().ConstantValue;
            }

            if (!value.HasValue || value.Value is null)
            {
                // A single-assignment local or readonly field holding a constant reads as that constant.
                value = LocalValues.Resolve(operation).ConstantValue;
            }

            if (!value.HasValue || value.Value is null)
            {
                return null;
            }

            return value.Value switch
            {
                int i => i,
                uint u => u,
                long l => l,
                ulong ul when ul <= long.MaxValue => (long)ul,
                short s => s,
                ushort us => us,
                byte b => b,
                sbyte sb => sb,
                _ => null,
            };
        }
    }
}
