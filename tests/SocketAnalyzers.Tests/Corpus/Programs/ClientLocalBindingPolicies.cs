// Clients that must present a particular local address. Port 0 lets the system pick a free port (reuse is then
// harmless); a fixed or reserved local port is bound WITHOUT reuse on a ProtocolType.Unspecified socket, so a port
// still in TIME_WAIT fails fast with AddressAlreadyInUse and the search moves on (facts 2, 12).
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.ClientBinding
{
    public static class SourceAddressedClients
    {
        private const int AnyPort = 0;
        private const int FirstReservedPort = 1023;
        private const int LastReservedPort = 600;

        // Multi-homed host: the connection must leave through a given interface address; any port will do.
        public static async Task<Socket> ConnectFromAsync(IPAddress localAddress, IPEndPoint server, CancellationToken cancellationToken)
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(localAddress, AnyPort));
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        // A legacy peer that checks the source port (rsh-style): search the reserved range, no reuse.
        public static Socket ConnectFromReservedPort(IPEndPoint server)
        {
            for (int port = FirstReservedPort; port >= LastReservedPort; port--)
            {
                var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    socket.ExclusiveAddressUse = true;
                    socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, port));
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
                {
                    socket.Dispose();
                    continue;
                }

                try
                {
                    socket.Connect(server);
                    return socket;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
                {
                    socket.Dispose();
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw new InvalidOperationException("no free reserved port");
        }

        // A firewall rule only lets this one source port through. ProtocolType.Unspecified and no reuse: while the
        // previous connection from that port sits in TIME_WAIT the bind fails fast instead of the connect (fact 12).
        public static Socket ConnectFromPinnedPort(IPEndPoint server, int pinnedPort)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, pinnedPort));
                socket.Connect(server);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        // TcpClient bound to port 0 on the loopback interface only.
        public static async Task<TcpClient> ConnectLoopbackAsync(int serverPort)
        {
            var client = new TcpClient(AddressFamily.InterNetwork) { ExclusiveAddressUse = false };
            client.Client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            await client.ConnectAsync(IPAddress.Loopback, serverPort).ConfigureAwait(false);
            return client;
        }
    }
}
