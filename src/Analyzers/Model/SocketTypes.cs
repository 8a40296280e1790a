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
        private readonly Compilation _compilation;
        private ConnectionTypes? _connections;

        private SocketTypes(Compilation compilation, INamedTypeSymbol socket)
        {
            _compilation = compilation;
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

        /// <summary>
        /// The framework types an accepted connection travels through (streams, tasks, the end-of-stream exceptions),
        /// resolved on first use only: analyzers that never follow a connection do not pay for them.
        /// </summary>
        public ConnectionTypes Connections => _connections ??= new ConnectionTypes(_compilation);

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

        /// <summary>The types of a compilation whose Socket is already resolved.</summary>
        public static SocketTypes Create(Compilation compilation, INamedTypeSymbol socket) => new(compilation, socket);
    }

    /// <summary>
    /// The non-socket framework types a connection is read, written, handed off and ended through: streams and their
    /// readers and writers, the Task/ThreadPool/Thread entry points that run a handler, and the exceptions a read
    /// throws at the end of the stream. Compared by identity (of the original definition for generic types).
    /// </summary>
    internal sealed class ConnectionTypes
    {
        internal ConnectionTypes(Compilation compilation)
        {
            Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            StreamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
            StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
            BinaryReader = compilation.GetTypeByMetadataName("System.IO.BinaryReader");
            BinaryWriter = compilation.GetTypeByMetadataName("System.IO.BinaryWriter");
            TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
            TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
            BufferedStream = compilation.GetTypeByMetadataName("System.IO.BufferedStream");
            SslStream = compilation.GetTypeByMetadataName("System.Net.Security.SslStream");
            NegotiateStream = compilation.GetTypeByMetadataName("System.Net.Security.NegotiateStream");
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
            ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            ExecutionContext = compilation.GetTypeByMetadataName("System.Threading.ExecutionContext");
            Exception = compilation.GetTypeByMetadataName("System.Exception");
            IOException = compilation.GetTypeByMetadataName("System.IO.IOException");
            EndOfStreamException = compilation.GetTypeByMetadataName("System.IO.EndOfStreamException");
        }

        public INamedTypeSymbol? Stream { get; }
        public INamedTypeSymbol? StreamReader { get; }
        public INamedTypeSymbol? StreamWriter { get; }
        public INamedTypeSymbol? BinaryReader { get; }
        public INamedTypeSymbol? BinaryWriter { get; }
        public INamedTypeSymbol? TextReader { get; }
        public INamedTypeSymbol? TextWriter { get; }
        public INamedTypeSymbol? BufferedStream { get; }
        public INamedTypeSymbol? SslStream { get; }
        public INamedTypeSymbol? NegotiateStream { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? TaskFactoryOfT { get; }
        public INamedTypeSymbol? ThreadPool { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? ExecutionContext { get; }
        public INamedTypeSymbol? Exception { get; }
        public INamedTypeSymbol? IOException { get; }
        public INamedTypeSymbol? EndOfStreamException { get; }
    }
}
