// A request/response server with a 4-byte big-endian length prefix. The client sends one request and closes once it
// has the whole reply (it knows the length from the prefix). The server replies, then waits, bounded, for the client's
// EOF before disposing, so TIME_WAIT stays on the client (fact 9).
using System;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.LengthPrefixed
{
    public sealed class LengthPrefixedRequestServer
    {
        private const int MaxRequestBytes = 64 * 1024;
        private static readonly TimeSpan ClientCloseTimeout = TimeSpan.FromSeconds(5);

        private readonly TcpListener _listener;

        public LengthPrefixedRequestServer(int port)
        {
            _listener = new TcpListener(IPAddress.IPv6Any, port);
            _listener.Server.DualMode = true;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _listener.Start(backlog: 256);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    TcpClient client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                    client.NoDelay = true;
                    _ = Task.Run(() => HandleAsync(client, cancellationToken), cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _listener.Stop();
            }
        }

        private static async Task HandleAsync(TcpClient client, CancellationToken cancellationToken)
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                try
                {
                    var header = new byte[4];
                    int got = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (got < 4)
                    {
                        return; // the client went away before sending a request; nothing was written
                    }

                    int length = BinaryPrimitives.ReadInt32BigEndian(header);
                    if (length < 0 || length > MaxRequestBytes)
                    {
                        return; // protocol violation: drop without a reply
                    }

                    var body = new byte[length];
                    await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);

                    byte[] reply = Encoding.UTF8.GetBytes(Process(Encoding.UTF8.GetString(body)));
                    var replyHeader = new byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(replyHeader, reply.Length);
                    await stream.WriteAsync(replyHeader, cancellationToken).ConfigureAwait(false);
                    await stream.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

                    // Let the client close first: read and discard until EOF, or give up after the timeout.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(ClientCloseTimeout);
                    var drain = new byte[256];
                    while (true)
                    {
                        int n = await stream.ReadAsync(drain, timeout.Token).ConfigureAwait(false);
                        if (n is 0)
                        {
                            break; // the client's FIN
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (EndOfStreamException)
                {
                }
                catch (IOException)
                {
                    // reset by the peer
                }
            }
        }

        private static string Process(string request)
            => request.Length == 0 ? "EMPTY" : "OK " + request.ToUpperInvariant();
    }
}
