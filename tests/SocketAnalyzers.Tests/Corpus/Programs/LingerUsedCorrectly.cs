// Linger used as intended: a bounded graceful close (Enabled with a timeout > 0), LingerOption(false, 0) which is the
// default FIN close and not an abort, and the copy returned by LingerState (fact 14) changed and assigned back.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.Linger
{
    public static class LingerSettings
    {
        public static void BoundedGracefulClose(Socket socket)
        {
            socket.LingerState = new LingerOption(true, 10);
        }

        public static void DefaultClose(Socket socket)
        {
            // Enabled = false: Close returns at once and the kernel still sends the remaining data and a FIN.
            socket.LingerState = new LingerOption(false, 0);
        }

        public static void DisableLinger(TcpClient client)
        {
            LingerOption linger = client.LingerState!;
            linger.Enabled = false;
            client.LingerState = linger;
        }

        public static void Adjust(Socket socket, int seconds)
        {
            var current = socket.LingerState!;
            current.LingerTime = Math.Max(1, seconds);
            current.Enabled = true;
            socket.LingerState = current;
        }

        public static void ViaSetSocketOption(Socket socket)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));
        }

        public static bool IsLingering(Socket socket)
        {
            var linger = (LingerOption?)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger);
            return linger is { Enabled: true, LingerTime: > 0 };
        }

        public static Socket ConnectedClient(IPEndPoint server)
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                LingerState = new LingerOption(true, 3),
                NoDelay = true,
            };
            socket.Connect(server);
            return socket;
        }
    }
}
