// A TCP port forwarder (for instance in front of a database during a migration). Each direction is pumped until
// its source reports EOF, and that EOF is forwarded with Shutdown(Send), so both ends see exactly the half-closes the
// other end made; the sockets are disposed only after both directions have ended.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Relay
{
    public sealed class PortForwarder
    {
        private readonly IPEndPoint _listenOn;
        private readonly DnsEndPoint _target;

        public PortForwarder(IPEndPoint listenOn, DnsEndPoint target)
        {
            _listenOn = listenOn;
            _target = target;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var listener = new Socket(_listenOn.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(_listenOn);
            listener.Listen(256);

            while (!cancellationToken.IsCancellationRequested)
            {
                Socket inbound = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                _ = Task.Run(() => ForwardAsync(inbound, cancellationToken), cancellationToken);
            }
        }

        private async Task ForwardAsync(Socket inbound, CancellationToken cancellationToken)
        {
            using (inbound)
            using (var outbound = new Socket(SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    outbound.NoDelay = true;
                    inbound.NoDelay = true;
                    await outbound.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    return; // upstream down: nothing was written to the client, just drop it
                }

                Task upstream = PumpAsync(inbound, outbound, cancellationToken);
                Task downstream = PumpAsync(outbound, inbound, cancellationToken);
                try
                {
                    await Task.WhenAll(upstream, downstream).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
        {
            var buffer = new byte[32 * 1024];
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                int sent = 0;
                while (sent < n)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }

            to.Shutdown(SocketShutdown.Send); // forward the EOF we just saw
        }
    }
}
