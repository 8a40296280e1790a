using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The System.Net.Sockets types the analyzers look for, resolved once per compilation through its
    /// <see cref="TypeLookup"/>. <see cref="SocketSymbols.Types"/> is null when the compilation cannot see
    /// <c>System.Net.Sockets.Socket</c>, so analyzers that need it register nothing and cost nothing there.
    /// </summary>
    internal sealed class SocketTypes
    {
        private readonly TypeLookup _lookup;
        private ConnectionTypes? _connections;

        private SocketTypes(TypeLookup lookup, INamedTypeSymbol socket)
        {
            _lookup = lookup;
            Socket = socket;
            TcpListener = lookup.Find("System.Net.Sockets.TcpListener");
            TcpClient = lookup.Find("System.Net.Sockets.TcpClient");
            UdpClient = lookup.Find("System.Net.Sockets.UdpClient");
            NetworkStream = lookup.Find("System.Net.Sockets.NetworkStream");
            AddressFamily = lookup.Find("System.Net.Sockets.AddressFamily");
            SocketType = lookup.Find("System.Net.Sockets.SocketType");
            ProtocolType = lookup.Find("System.Net.Sockets.ProtocolType");
            SocketOptionLevel = lookup.Find("System.Net.Sockets.SocketOptionLevel");
            SocketOptionName = lookup.Find("System.Net.Sockets.SocketOptionName");
            SocketShutdown = lookup.Find("System.Net.Sockets.SocketShutdown");
            LingerOption = lookup.Find("System.Net.Sockets.LingerOption");
            MulticastOption = lookup.Find("System.Net.Sockets.MulticastOption");
            IPv6MulticastOption = lookup.Find("System.Net.Sockets.IPv6MulticastOption");
            UnixDomainSocketEndPoint = lookup.Find("System.Net.Sockets.UnixDomainSocketEndPoint");
            IPEndPoint = lookup.Find("System.Net.IPEndPoint");
            EndPoint = lookup.Find("System.Net.EndPoint");
            IPAddress = lookup.Find("System.Net.IPAddress");
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
        public ConnectionTypes Connections => _connections ??= new ConnectionTypes(_lookup);

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

        /// <summary>The types of a compilation whose Socket is already resolved.</summary>
        public static SocketTypes Create(TypeLookup lookup, INamedTypeSymbol socket) => new(lookup, socket);
    }

    /// <summary>
    /// The non-socket framework types a connection is read, written, handed off and ended through: streams and their
    /// readers and writers, the Task/ThreadPool/Thread entry points that run a handler, and the exceptions a read
    /// throws at the end of the stream. Compared by identity (of the original definition for generic types).
    /// </summary>
    internal sealed class ConnectionTypes
    {
        internal ConnectionTypes(TypeLookup lookup)
        {
            Stream = lookup.Find("System.IO.Stream");
            StreamReader = lookup.Find("System.IO.StreamReader");
            StreamWriter = lookup.Find("System.IO.StreamWriter");
            BinaryReader = lookup.Find("System.IO.BinaryReader");
            BinaryWriter = lookup.Find("System.IO.BinaryWriter");
            TextReader = lookup.Find("System.IO.TextReader");
            TextWriter = lookup.Find("System.IO.TextWriter");
            BufferedStream = lookup.Find("System.IO.BufferedStream");
            SslStream = lookup.Find("System.Net.Security.SslStream");
            NegotiateStream = lookup.Find("System.Net.Security.NegotiateStream");
            Task = lookup.Find("System.Threading.Tasks.Task");
            TaskOfT = lookup.Find("System.Threading.Tasks.Task`1");
            TaskFactory = lookup.Find("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = lookup.Find("System.Threading.Tasks.TaskFactory`1");
            ThreadPool = lookup.Find("System.Threading.ThreadPool");
            Thread = lookup.Find("System.Threading.Thread");
            ExecutionContext = lookup.Find("System.Threading.ExecutionContext");
            Exception = lookup.Find("System.Exception");
            IOException = lookup.Find("System.IO.IOException");
            EndOfStreamException = lookup.Find("System.IO.EndOfStreamException");
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
