// A small HTTP/1.1 server with keep-alive. It answers every request on a connection and closes only when the client
// has closed its side (ReadAsync returns 0), so the client keeps the TIME_WAIT (fact 9).
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Http
{
    public sealed class KeepAliveServer
    {
        private readonly TcpListener _listener;

        public KeepAliveServer(int port)
        {
            _listener = new TcpListener(IPAddress.IPv6Any, port);
            _listener.Server.DualMode = true;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _listener.Start();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    TcpClient client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                    _ = HandleAsync(client, cancellationToken);
                }
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
                client.NoDelay = true;
                NetworkStream stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
                while (true)
                {
                    string? requestLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    if (requestLine is null)
                    {
                        return; // EOF from the client: close after it
                    }

                    string? header;
                    while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                    {
                        // Headers are read and ignored; every request gets the same small answer.
                    }

                    byte[] body = Encoding.UTF8.GetBytes("hello\n");
                    string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
                    await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
                    if (header is null)
                    {
                        return;
                    }
                }
            }
        }
    }
}
