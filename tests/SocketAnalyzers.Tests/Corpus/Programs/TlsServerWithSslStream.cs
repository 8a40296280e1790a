// A TLS echo server: TcpListener + SslStream with a certificate loaded from disk. The server lets the client finish
// the TLS session and close first (ReadAsync returns 0), then disposes the stream and the connection.
using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Tls
{
    public sealed class TlsEchoServer
    {
        private readonly X509Certificate2 _certificate;
        private readonly TcpListener _listener;

        public TlsEchoServer(string pfxPath, string? password, int port)
        {
            _certificate = new X509Certificate2(pfxPath, password);
            _listener = new TcpListener(IPAddress.Any, port);
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _listener.Start(backlog: 256);
            using var registration = cancellationToken.Register(() => _listener.Stop());
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    break;
                }

                _ = ServeAsync(client, cancellationToken);
            }
        }

        private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
        {
            using (client)
            using (var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
            {
                var options = new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                };
                try
                {
                    await tls.AuthenticateAsServerAsync(options, cancellationToken).ConfigureAwait(false);
                    var buffer = new byte[16 * 1024];
                    int read;
                    while ((read = await tls.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await tls.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (AuthenticationException)
                {
                    // Handshake failed: the client is told by the TLS alert already sent.
                }
                catch (System.IO.IOException)
                {
                }
            }
        }
    }
}
