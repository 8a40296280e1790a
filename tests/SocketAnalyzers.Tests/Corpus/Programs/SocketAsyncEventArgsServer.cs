// A SocketAsyncEventArgs server (the allocation-free pattern of high-throughput servers). A receive completing with
// BytesTransferred == 0 is the client's FIN; the connection is closed only then.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.Saea
{
    public sealed class SaeaServer : IDisposable
    {
        private readonly Socket _listener;

        public SaeaServer(IPEndPoint endPoint)
        {
            _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(endPoint);
            _listener.Listen(1024);
        }

        public void Start()
        {
            var accept = new SocketAsyncEventArgs();
            accept.Completed += (_, e) => OnAccepted(e);
            StartAccept(accept);
        }

        private void StartAccept(SocketAsyncEventArgs e)
        {
            e.AcceptSocket = null;
            if (!_listener.AcceptAsync(e))
            {
                OnAccepted(e);
            }
        }

        private void OnAccepted(SocketAsyncEventArgs e)
        {
            if (e.SocketError == SocketError.Success && e.AcceptSocket is { } client)
            {
                var receive = new SocketAsyncEventArgs();
                receive.SetBuffer(new byte[4096], 0, 4096);
                receive.UserToken = client;
                receive.Completed += (_, args) => OnReceived(args);
                if (!client.ReceiveAsync(receive))
                {
                    OnReceived(receive);
                }
            }

            if (e.SocketError != SocketError.OperationAborted)
            {
                StartAccept(e);
            }
        }

        private static void OnReceived(SocketAsyncEventArgs e)
        {
            var client = (Socket)e.UserToken!;
            while (true)
            {
                if (e.SocketError != SocketError.Success || e.BytesTransferred == 0)
                {
                    client.Close();
                    e.Dispose();
                    return;
                }

                client.Send(e.Buffer!, e.Offset, e.BytesTransferred, SocketFlags.None);
                if (client.ReceiveAsync(e))
                {
                    return; // completes on another thread
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
