// Connection code that resets on purpose: an Abort operation of a connection type, a fault injector used by a
// resilience harness, and a socket recycled with Disconnect(true) before it was ever connected. Nothing the program
// wrote is waiting to be delivered in any of them, so SOCK014 must stay silent.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.DeliberateAborts
{
    public sealed class Connection : IDisposable
    {
        private readonly Socket _socket;

        public Connection(Socket socket) => _socket = socket;

        public void Send(byte[] data) => _socket.Send(data);

        /// <summary>Drops the connection at once: the caller gave up on it (protocol violation, timeout).</summary>
        public void Abort()
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }

        /// <summary>Same, written with the close timeout.</summary>
        public void AbortNow() => _socket.Close(0);

        public void Dispose()
        {
            _socket.Shutdown(SocketShutdown.Send);
            _socket.Close();
        }
    }

    /// <summary>Chaos testing: resets a share of the connections it is given.</summary>
    public sealed class FaultInjector
    {
        private readonly Random _random = new Random(42);

        public bool MaybeDrop(Socket socket)
        {
            if (_random.Next(100) >= 5)
            {
                return false;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
            socket.Close();
            return true;
        }
    }

    public static class Recycling
    {
        /// <summary>Prepares a socket for reuse with SocketAsyncEventArgs; it has never carried a connection.</summary>
        public static Socket Prepare(AddressFamily family)
        {
            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            socket.Disconnect(true);
            return socket;
        }
    }
}
