// Clients that choose the local interface but let the OS choose the port (port 0), so each connection gets a fresh
// ephemeral port and TIME_WAIT of an earlier connection never blocks the next one (fact 12 is about fixed ports).
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Clients
{
    public static class InterfaceBoundClient
    {
        public static async Task<Socket> ConnectFromAsync(IPAddress localAddress, IPEndPoint server, CancellationToken cancellationToken)
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public static TcpClient ConnectWithTcpClient(IPAddress localAddress, string host, int port)
        {
            var client = new TcpClient(new IPEndPoint(localAddress, 0));
            client.Connect(host, port);
            return client;
        }

        public static async Task<byte[]> RequestAsync(IPEndPoint server, byte[] request, CancellationToken cancellationToken)
        {
            var local = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(local);
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send); // the client ends the request: it takes the TIME_WAIT, as it should

            var response = new System.IO.MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                response.Write(buffer, 0, read);
            }

            return response.ToArray();
        }
    }
}
