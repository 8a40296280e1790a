// A TCP forwarder. Each direction is copied until EOF and then propagated with Shutdown(Send), so the side that
// closed first (the client) stays the one that closes first end to end. Both sockets are disposed when both
// directions are done.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Proxy
{
    public sealed class Forwarder
    {
        private readonly IPEndPoint _upstream;

        public Forwarder(IPEndPoint upstream) => _upstream = upstream;

        public async Task RunAsync(IPEndPoint listenOn, CancellationToken cancellationToken)
        {
            var listener = new TcpListener(listenOn);
            listener.Start();
            try
            {
                while (true)
                {
                    Socket downstream = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
                    _ = ForwardAsync(downstream, cancellationToken);
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        private async Task ForwardAsync(Socket downstream, CancellationToken cancellationToken)
        {
            using (downstream)
            using (var upstream = new Socket(_upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                await upstream.ConnectAsync(_upstream, cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(
                    PumpAsync(downstream, upstream, cancellationToken),
                    PumpAsync(upstream, downstream, cancellationToken)).ConfigureAwait(false);
            }
        }

        private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
        {
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }

                to.Shutdown(SocketShutdown.Send); // 'from' sent its FIN: pass it on
            }
            catch (SocketException)
            {
            }
        }
    }
}
