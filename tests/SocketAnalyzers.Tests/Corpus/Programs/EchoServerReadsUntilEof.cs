// A line-oriented echo server. The client decides when the conversation ends: the server reads until Receive returns 0
// (the client's FIN), and only then closes, so TIME_WAIT stays on the client (facts 9).
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.EchoServer
{
    public sealed class EchoServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stopping = new();

        public EchoServer(IPAddress address, int port)
        {
            // ProtocolType.Tcp: .NET sets SO_REUSEADDR before Bind, so a restart during TIME_WAIT works (fact 1).
            _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(address, port));
            _listener.Listen(backlog: 512);
        }

        public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

        public async Task RunAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                _ = Task.Run(() => ServeAsync(connection, _stopping.Token));
            }
        }

        private static async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
        {
            var buffer = new byte[8192];
            try
            {
                while (true)
                {
                    int received = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (received == 0)
                    {
                        break; // the client closed its side: it owns TIME_WAIT
                    }

                    int sent = 0;
                    while (sent < received)
                    {
                        sent += await connection.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (SocketException)
            {
                // The peer reset the connection; nothing left to do.
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                connection.Dispose();
            }
        }

        public void Dispose()
        {
            _stopping.Cancel();
            _listener.Dispose();
            _stopping.Dispose();
        }
    }
}
