using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The System.Net.Sockets types the analyzers look for, resolved once per compilation. <see cref="TryCreate"/>
    /// returns null when the compilation cannot see <c>System.Net.Sockets.Socket</c>, so analyzers that need it
    /// register nothing and cost nothing there.
    /// </summary>
    internal sealed class SocketTypes
    {
        private SocketTypes(Compilation compilation, INamedTypeSymbol socket)
        {
            Socket = socket;
            TcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
            TcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
            UdpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
            NetworkStream = compilation.GetTypeByMetadataName("System.Net.Sockets.NetworkStream");
            AddressFamily = compilation.GetTypeByMetadataName("System.Net.Sockets.AddressFamily");
            SocketType = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketType");
            ProtocolType = compilation.GetTypeByMetadataName("System.Net.Sockets.ProtocolType");
            SocketOptionLevel = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketOptionLevel");
            SocketOptionName = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketOptionName");
            SocketShutdown = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketShutdown");
            LingerOption = compilation.GetTypeByMetadataName("System.Net.Sockets.LingerOption");
            MulticastOption = compilation.GetTypeByMetadataName("System.Net.Sockets.MulticastOption");
            IPv6MulticastOption = compilation.GetTypeByMetadataName("System.Net.Sockets.IPv6MulticastOption");
            UnixDomainSocketEndPoint = compilation.GetTypeByMetadataName("System.Net.Sockets.UnixDomainSocketEndPoint");
            IPEndPoint = compilation.GetTypeByMetadataName("System.Net.IPEndPoint");
            EndPoint = compilation.GetTypeByMetadataName("System.Net.EndPoint");
            IPAddress = compilation.GetTypeByMetadataName("System.Net.IPAddress");
        }

        public INamedTypeSymbol Socket { get; }
        public INamedTypeSymbol? TcpListener { get; }
        public INamedTypeSymbol? TcpClient { get; }
        public INamedTypeSymbol? UdpClient { get; }
        public INamedTypeSymbol? NetworkStream { get; }
        public INamedTypeSymbol? AddressFamily { get; }
        public INamedTypeSymbol? SocketType { get; }
        public INamedTypeSymbol? ProtocolType { get; }
        public INamedTypeSymbol? SocketOptionLevel { get; }
        public INamedTypeSymbol? SocketOptionName { get; }
        public INamedTypeSymbol? SocketShutdown { get; }
        public INamedTypeSymbol? LingerOption { get; }
        public INamedTypeSymbol? MulticastOption { get; }
        public INamedTypeSymbol? IPv6MulticastOption { get; }
        public INamedTypeSymbol? UnixDomainSocketEndPoint { get; }
        public INamedTypeSymbol? IPEndPoint { get; }
        public INamedTypeSymbol? EndPoint { get; }
        public INamedTypeSymbol? IPAddress { get; }

        /// <summary>The AddressFamily, SocketType and ProtocolType arguments of a <c>new Socket(...)</c>, each null when absent.</summary>
        public (IArgumentOperation? Family, IArgumentOperation? SocketType, IArgumentOperation? Protocol) SocketConstructorArguments(
            IObjectCreationOperation creation)
        {
            IArgumentOperation? family = null, socketType = null, protocol = null;
            foreach (var argument in creation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (SymbolEqualityComparer.Default.Equals(type, AddressFamily))
                {
                    family = argument;
                }
                else if (SymbolEqualityComparer.Default.Equals(type, SocketType))
                {
                    socketType = argument;
                }
                else if (SymbolEqualityComparer.Default.Equals(type, ProtocolType))
                {
                    protocol = argument;
                }
            }

            return (family, socketType, protocol);
        }

        public static SocketTypes? TryCreate(Compilation compilation)
        {
            INamedTypeSymbol? socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
            return socket is null ? null : new SocketTypes(compilation, socket);
        }
    }
}
