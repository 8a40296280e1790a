using Microsoft.CodeAnalysis;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: what kind of value can carry an accepted connection (a Socket, a TcpClient, a stream over it, a reader
    /// or writer of that stream), which types wrap a connection and close it with themselves, and which types accept.
    /// Every test is by symbol identity against the shared <see cref="SocketTypes"/> (and its
    /// <see cref="SocketTypes.Connections"/>), walking base types so a subclass counts as its framework type.
    /// </summary>
    internal static class ConnectionKinds
    {
        /// <summary>The kind of a value holding the connection, or None for a type that cannot hold one.</summary>
        public static ConnectionAliasKind KindOf(ITypeSymbol? type, SocketTypes types)
        {
            if (type is null)
            {
                return ConnectionAliasKind.None;
            }

            if (IsOf(type, types.Socket))
            {
                return ConnectionAliasKind.Socket;
            }

            if (IsOf(type, types.TcpClient))
            {
                return ConnectionAliasKind.TcpClient;
            }

            var connections = types.Connections;
            if (IsOf(type, connections.StreamReader))
            {
                return ConnectionAliasKind.StreamReader;
            }

            if (IsOf(type, connections.StreamWriter))
            {
                return ConnectionAliasKind.StreamWriter;
            }

            if (IsOf(type, connections.BinaryReader))
            {
                return ConnectionAliasKind.BinaryReader;
            }

            if (IsOf(type, connections.BinaryWriter))
            {
                return ConnectionAliasKind.BinaryWriter;
            }

            if (IsOf(type, connections.TextReader))
            {
                return ConnectionAliasKind.TextReader;
            }

            if (IsOf(type, connections.TextWriter))
            {
                return ConnectionAliasKind.TextWriter;
            }

            return IsOf(type, connections.Stream) ? ConnectionAliasKind.Stream : ConnectionAliasKind.None;
        }

        /// <summary>A wrapper that reads and writes the connection and, unless told to leave it open, closes it.</summary>
        public static bool IsWrapper(ITypeSymbol? type, SocketTypes types)
        {
            if (type is null)
            {
                return false;
            }

            var connections = types.Connections;
            return IsOf(type, types.NetworkStream) || IsOf(type, connections.SslStream) || IsOf(type, connections.NegotiateStream)
                || IsOf(type, connections.StreamReader) || IsOf(type, connections.StreamWriter) || IsOf(type, connections.BufferedStream)
                || IsOf(type, connections.BinaryReader) || IsOf(type, connections.BinaryWriter);
        }

        public static bool IsNetworkStream(ITypeSymbol? type, SocketTypes types) => IsOf(type, types.NetworkStream);

        /// <summary>A parameter that can carry a connection (Socket, TcpClient, a stream, a reader or a writer).</summary>
        public static bool CarriesConnection(IMethodSymbol method, SocketTypes types)
        {
            foreach (var parameter in method.Parameters)
            {
                if (KindOf(parameter.Type, types) != ConnectionAliasKind.None)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><paramref name="type"/> is <paramref name="expected"/> or derives from it (generic types by definition).</summary>
        public static bool IsOf(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (var current = type; current != null && expected != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The kind of a local, parameter or field that holds the connection. The names are part of the diagnostic's
    /// <see cref="ServerClosesFirstAnalyzer.AliasesProperty"/> (<c>name:Kind;...</c>), which the code fix reads as
    /// text: do not rename them.
    /// </summary>
    internal enum ConnectionAliasKind
    {
        None,
        Socket,
        TcpClient,
        Stream,
        StreamReader,
        StreamWriter,
        BinaryReader,
        BinaryWriter,
        TextReader,
        TextWriter,
    }
}
