// The classic APM server: BeginAccept/EndAccept and BeginReceive/EndReceive. A connection is closed when EndReceive
// returns 0, i.e. after the client's FIN.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.Apm
{
    public sealed class ApmServer
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        private sealed class Connection
        {
            public Connection(Socket socket) => Socket = socket;

            public Socket Socket { get; }

            public byte[] Buffer { get; } = new byte[4096];

            public long Total { get; set; }
        }

        public void Start(int port)
        {
            _listener.Bind(new IPEndPoint(IPAddress.Any, port));
            _listener.Listen(100);
            _listener.BeginAccept(OnAccept, null);
        }

        private void OnAccept(IAsyncResult result)
        {
            Socket accepted;
            try
            {
                accepted = _listener.EndAccept(result);
            }
            catch (ObjectDisposedException)
            {
                return; // stopped
            }

            _listener.BeginAccept(OnAccept, null);
            var connection = new Connection(accepted);
            connection.Socket.BeginReceive(connection.Buffer, 0, connection.Buffer.Length, SocketFlags.None, OnReceive, connection);
        }

        private static void OnReceive(IAsyncResult result)
        {
            var connection = (Connection)result.AsyncState!;
            int received;
            try
            {
                received = connection.Socket.EndReceive(result);
            }
            catch (SocketException)
            {
                connection.Socket.Dispose();
                return;
            }

            if (received == 0)
            {
                connection.Socket.Close(); // the client finished first
                return;
            }

            connection.Total += received;
            connection.Socket.Send(connection.Buffer, 0, received, SocketFlags.None);
            connection.Socket.BeginReceive(connection.Buffer, 0, connection.Buffer.Length, SocketFlags.None, OnReceive, connection);
        }

        public void Stop() => _listener.Close();
    }
}
