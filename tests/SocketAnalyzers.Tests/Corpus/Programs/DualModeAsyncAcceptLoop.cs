// A dual-mode (IPv4 + IPv6) server with an async accept loop and a per-connection request/response protocol. The
// protocol ends with the client's "QUIT": the server answers "BYE" and then waits for the client's FIN before it
// closes, so it never holds TIME_WAIT (fact 9). The listener uses ProtocolType.Tcp (fact 1).
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.DualMode
{
    public sealed class CommandServer
    {
        private readonly ConcurrentDictionary<int, Socket> _connections = new();
        private int _nextId;

        public async Task RunAsync(int port, CancellationToken cancellationToken)
        {
            using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
            listener.DualMode = true;
            listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            listener.Listen();

            while (!cancellationToken.IsCancellationRequested)
            {
                Socket accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                int id = Interlocked.Increment(ref _nextId);
                _connections[id] = accepted;
                _ = ServeAsync(id, accepted, cancellationToken);
            }
        }

        private async Task ServeAsync(int id, Socket socket, CancellationToken cancellationToken)
        {
            var buffer = new byte[1024];
            var pending = new StringBuilder();
            try
            {
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    string text = pending.ToString();
                    int newline;
                    while ((newline = text.IndexOf('\n', StringComparison.Ordinal)) >= 0)
                    {
                        string command = text.Substring(0, newline).TrimEnd('\r');
                        text = text.Substring(newline + 1);
                        string reply = command == "QUIT" ? "BYE\n" : "OK " + command.Length + "\n";
                        await socket.SendAsync(Encoding.ASCII.GetBytes(reply), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }

                    pending.Clear().Append(text);
                }
            }
            catch (SocketException)
            {
            }
            finally
            {
                _connections.TryRemove(id, out _);
                socket.Dispose();
            }
        }
    }
}
