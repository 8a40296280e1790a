using System;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// The premise of SOCK014 on the real runtime (facts 10, 11): linger on with a zero timeout makes the server's close
    /// send RST, so the client gets ConnectionReset instead of EOF, nothing is left in TIME_WAIT, and a large reply still
    /// in flight is cut short. The counterpart (a normal close) gives EOF and the whole reply.
    /// </summary>
    public class SOCK014AbortiveCloseRuntimeTests
    {
        private const int Connections = 40;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        [LinuxTheory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Zero_linger_gives_the_client_ConnectionReset_and_leaves_no_TIME_WAIT(bool zeroLinger)
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(Connections);
            int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            var reply = new byte[64];

            var server = Task.Run(async () =>
            {
                for (int i = 0; i < Connections; i++)
                {
                    using var accepted = await listener.AcceptAsync(cts.Token);
                    if (zeroLinger)
                    {
                        accepted.LingerState = new LingerOption(true, 0);
                    }

                    await accepted.SendAsync(reply, SocketFlags.None, cts.Token);
                    accepted.Close();
                }
            });

            int resets = 0, eofs = 0;
            for (int i = 0; i < Connections; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var buffer = new byte[256];
                try
                {
                    // The reset can already be there when the connect completes (the server is that fast); otherwise
                    // wait until the server has closed, then read: the reply and then EOF, or a reset.
                    await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
                    await Task.Delay(5, cts.Token);
                    while (await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
                    {
                    }

                    eofs++;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    resets++;
                }
            }

            await server.WaitAsync(cts.Token);
            int serverTimeWait = CountTimeWait(port);
            if (zeroLinger)
            {
                Assert.Equal(Connections, resets);
                Assert.Equal(0, serverTimeWait);
            }
            else
            {
                Assert.Equal(Connections, eofs);
                Assert.Equal(Connections, serverTimeWait);
            }
        }

        [LinuxTheory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Zero_linger_cuts_a_reply_in_flight_short(bool zeroLinger)
        {
            const int ReplySize = 2 * 1024 * 1024;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

            var server = Task.Run(async () =>
            {
                using var accepted = await listener.AcceptAsync(cts.Token);

                // Fixed buffers instead of autotuning, so the result does not depend on this machine's tcp_rmem: the
                // whole reply fits in the server's send buffer (Send returns at once) but not in the client's window,
                // so most of it is still in flight, unread by a client that is busy for 300 ms, when the server closes.
                accepted.SendBufferSize = 4 * 1024 * 1024;
                if (zeroLinger)
                {
                    accepted.LingerState = new LingerOption(true, 0);
                }

                // Reply only once the client's one-byte request is in: the client is connected by then.
                await accepted.ReceiveAsync(new byte[1], SocketFlags.None, cts.Token);
                await accepted.SendAsync(new byte[ReplySize], SocketFlags.None, cts.Token);
                accepted.Close();
            });

            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.ReceiveBufferSize = 64 * 1024;
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            await client.SendAsync(new byte[1], SocketFlags.None, cts.Token);
            await Task.Delay(300, cts.Token); // The client reads late, as in the measurement (fact 10).
            long received = 0;
            bool reset = false;
            var buffer = new byte[64 * 1024];
            try
            {
                int n;
                while ((n = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
                {
                    received += n;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                reset = true;
            }

            await server.WaitAsync(cts.Token);
            if (zeroLinger)
            {
                Assert.True(reset, "the client should see ConnectionReset");
                Assert.True(received < ReplySize, $"the reply should arrive short, got {received} of {ReplySize} bytes");
            }
            else
            {
                Assert.False(reset);
                Assert.Equal(ReplySize, received);
            }
        }

        private static int CountTimeWait(int port)
            => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
                .Count(c => c.State == TcpState.TimeWait && c.LocalEndPoint.Port == port);
    }
}
