// A minimal WebSocket push server on TcpListener: an HTTP/1.1 upgrade handshake, then server-to-client messages.
// RFC 6455 section 7.1.1: after the closing handshake the server closes the TCP connection first, so here the server
// legitimately sends the first FIN (and keeps the TIME_WAIT).
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.WebSocketPush
{
    public sealed class WebSocketPushServer
    {
        private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
        private readonly TcpListener _listener;

        public WebSocketPushServer(int port) => _listener = new TcpListener(IPAddress.Any, port);

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _listener.Start();
            try
            {
                while (true)
                {
                    TcpClient client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            NetworkStream stream = client.GetStream();
                            if (await AcceptUpgradeAsync(stream, cancellationToken).ConfigureAwait(false))
                            {
                                await PushAsync(stream, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }, cancellationToken);
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

        private static async Task<bool> AcceptUpgradeAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            string? key = null;
            string? line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || !line.StartsWith("GET ", StringComparison.Ordinal))
            {
                return false;
            }

            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
            {
                if (line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
                {
                    key = line.Substring("Sec-WebSocket-Key:".Length).Trim();
                }
            }

            if (key is null)
            {
                return false; // not an upgrade request: drop it without a reply
            }

            string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid)));
            byte[] response = Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n");
            await stream.WriteAsync(response, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private static async Task PushAsync(Stream stream, CancellationToken cancellationToken)
        {
            using WebSocket socket = WebSocket.CreateFromStream(stream, isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.FromSeconds(30));
            for (int i = 0; i < 10 && socket.State == WebSocketState.Open; i++)
            {
                byte[] message = Encoding.UTF8.GetBytes("tick " + i);
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }

            // Closing handshake: send Close, wait for the client's Close frame; the server then drops TCP (RFC 6455).
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken).ConfigureAwait(false);
        }
    }
}
