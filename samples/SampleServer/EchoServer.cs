using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace SampleServer
{
    /// <summary>A small TCP server written the way C examples teach it, with the mistakes that follows.</summary>
    public sealed class EchoServer
    {
        private readonly int _port;

        public EchoServer(int port) => _port = port;

        public async Task RunAsync(int maxConnections)
        {
            // SOCK001: ProtocolType.IP gets no SO_REUSEADDR from .NET: the restart fails during TIME_WAIT.
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, _port));
            listener.Listen(64);

            for (int served = 0; served < maxConnections; served++)
            {
                var connection = await listener.AcceptAsync();
                // SOCK009: NoDelay is a TCP option; at Socket level it sets SO_DEBUG instead.
                connection.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);
                // SOCK010: LingerState returns a copy; this changes nothing.
                connection.LingerState.Enabled = false;
                await ServeAsync(connection);
            }
        }

        private static async Task ServeAsync(Socket connection)
        {
            var buffer = new byte[1024];
            int read = await connection.ReceiveAsync(buffer, SocketFlags.None);
            await connection.SendAsync(Encoding.ASCII.GetBytes("echo: " + Encoding.ASCII.GetString(buffer, 0, read)), SocketFlags.None);
            // SOCK003: the server closes first and keeps one TIME_WAIT socket per connection.
            connection.Close();
        }

        public static TcpListener CreateSharedListener(int port)
        {
            var listener = new TcpListener(IPAddress.Any, port);
            // SOCK007: on Linux this also sets SO_REUSEPORT: another process can bind the port and take connections.
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            return listener;
        }

        public static void DropConnection(Socket connection)
        {
            // SOCK014: linger 0 sends RST: data still in flight is lost.
            connection.LingerState = new LingerOption(true, 0);
            connection.Close();
        }

        public static void ConfigureLinger(Socket connection)
        {
            // SOCK005: Linger needs a LingerOption; an int throws InvalidArgument on Linux.
            connection.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5);
        }
    }
}
