using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SampleServer
{
    /// <summary>A client that binds a reserved local port, as rresvport-style protocols do.</summary>
    public static class ReservedPortClient
    {
        public static string Ask(string host, int port, string question)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // SOCK004: with reuse, a reconnect from this port to the same peer fails during TIME_WAIT.
            client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            client.Bind(new IPEndPoint(IPAddress.Any, 1010));
            client.Connect(IPAddress.Parse(host), port);
            client.Send(Encoding.ASCII.GetBytes(question));
            var buffer = new byte[1024];
            int read = client.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }

        public static Socket Exclusive(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // SOCK008: exclusive and shared at once; on Linux the last one silently wins.
            socket.ExclusiveAddressUse = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            // SOCK006: too late: the bind has happened; the setter throws InvalidOperationException.
            socket.ExclusiveAddressUse = false;
            return socket;
        }
    }
}
