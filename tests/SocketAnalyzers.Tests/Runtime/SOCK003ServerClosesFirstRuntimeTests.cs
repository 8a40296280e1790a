using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// The premise of SOCK003 and of its fix on the real runtime (fact 9): whoever sends the first FIN keeps TIME_WAIT.
    /// A loopback server answers a few dozen short requests; when it closes right after replying (the flagged
    /// pattern) every connection leaves TIME_WAIT on the server's port, Shutdown(Send) first changes nothing, and with
    /// the helpers the fix inserts (copied verbatim below) the clients close first, so none is left on the server's
    /// port and the clients hold them instead. The helpers also give up after their timeout when a client never closes.
    /// </summary>
    public class SOCK003ServerClosesFirstRuntimeTests
    {
        private const int Connections = 50;
        private const int RequestSize = 16;
        private const int ReplySize = 64;

        public enum ServerClose
        {
            CloseAtOnce,
            ShutdownSendThenClose,
            WaitForClientCloseThenClose,
        }

        [LinuxTheory]
        [InlineData(ServerClose.CloseAtOnce, false)]
        [InlineData(ServerClose.CloseAtOnce, true)]
        [InlineData(ServerClose.ShutdownSendThenClose, false)]
        [InlineData(ServerClose.WaitForClientCloseThenClose, false)]
        [InlineData(ServerClose.WaitForClientCloseThenClose, true)]
        public async Task Time_wait_stays_with_whoever_closes_first(ServerClose mode, bool asyncServer)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(Connections);
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                var server = asyncServer
                    ? Task.Run(() => AsyncServerAsync(listener, mode, cts.Token))
                    : Task.Factory.StartNew(() => SyncServer(listener, mode), TaskCreationOptions.LongRunning);

                int serverClosedFirst = 0;
                for (int i = 0; i < Connections; i++)
                {
                    if (await ClientAsync(port, cts.Token))
                    {
                        serverClosedFirst++;
                    }
                }

                await server.WaitAsync(cts.Token);
                var (onServer, onClients) = await CountTimeWaitAsync(port, mode == ServerClose.WaitForClientCloseThenClose ? 0 : Connections);
                if (mode == ServerClose.WaitForClientCloseThenClose)
                {
                    Assert.Equal(0, serverClosedFirst);
                    Assert.Equal(0, onServer);
                    Assert.Equal(Connections, onClients);
                }
                else
                {
                    Assert.Equal(Connections, serverClosedFirst);
                    Assert.Equal(Connections, onServer);
                    Assert.Equal(0, onClients);
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        [LinuxFact]
        public async Task The_helpers_give_up_after_the_timeout_when_the_client_never_closes()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(2);
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var silentClient1 = new TcpClient();
            using var silentClient2 = new TcpClient();
            try
            {
                await silentClient1.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                using var accepted1 = await listener.AcceptSocketAsync(cts.Token);
                await silentClient2.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                using var accepted2 = await listener.AcceptTcpClientAsync(cts.Token);

                var watch = Stopwatch.StartNew();
                var sync = Task.Factory.StartNew(() => WaitForClientClose(accepted1), TaskCreationOptions.LongRunning);
                var asynchronous = WaitForClientCloseAsync(accepted2.GetStream(), cts.Token);
                await Task.WhenAll(sync, asynchronous).WaitAsync(cts.Token);
                watch.Stop();

                Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(ClientCloseTimeoutMilliseconds - 200), TimeSpan.FromMilliseconds(ClientCloseTimeoutMilliseconds + 4000));
                Assert.True(silentClient1.Connected && silentClient2.Connected);
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>
        /// Connects, sends the request, reads the whole reply, then looks 50 ms for the server's EOF and closes.
        /// True when the server's EOF came first.
        /// </summary>
        private static async Task<bool> ClientAsync(int port, CancellationToken cancellationToken)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            await client.SendAsync(new byte[RequestSize], SocketFlags.None, cancellationToken);
            var buffer = new byte[ReplySize];
            int got = 0;
            while (got < ReplySize)
            {
                int n = await client.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cancellationToken);
                Assert.NotEqual(0, n);
                got += n;
            }

            bool eof = client.Poll(50_000, SelectMode.SelectRead) && client.Receive(buffer) == 0;
            client.Close();
            return eof;
        }

        private static void SyncServer(TcpListener listener, ServerClose mode)
        {
            var reply = new byte[ReplySize];
            for (int i = 0; i < Connections; i++)
            {
                Socket client = listener.AcceptSocket();
                var request = new byte[RequestSize];
                int got = 0;
                while (got < RequestSize)
                {
                    got += client.Receive(request, got, RequestSize - got, SocketFlags.None);
                }

                client.Send(reply);
                if (mode == ServerClose.ShutdownSendThenClose)
                {
                    client.Shutdown(SocketShutdown.Send);
                }
                else if (mode == ServerClose.WaitForClientCloseThenClose)
                {
                    WaitForClientClose(client);
                }

                client.Close();
            }
        }

        private static async Task AsyncServerAsync(TcpListener listener, ServerClose mode, CancellationToken ct)
        {
            var reply = new byte[ReplySize];
            for (int i = 0; i < Connections; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(ct);
                var stream = client.GetStream();
                await stream.ReadExactlyAsync(new byte[RequestSize], ct);
                await stream.WriteAsync(reply, ct);
                if (mode == ServerClose.WaitForClientCloseThenClose)
                {
                    await WaitForClientCloseAsync(stream, ct);
                }
            }
        }

        /// <summary>TIME_WAIT entries with the server's port as local port (server side) and as remote port (client side).</summary>
        private static async Task<(int OnServer, int OnClients)> CountTimeWaitAsync(int port, int expectedOnServer)
        {
            // The last connection's states settle a moment after its close: look again briefly until they do.
            (int, int) counts = default;
            for (int attempt = 0; attempt < 20; attempt++)
            {
                var connections = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
                    .Where(c => c.State == TcpState.TimeWait)
                    .ToList();
                counts = (connections.Count(c => c.LocalEndPoint.Port == port), connections.Count(c => c.RemoteEndPoint.Port == port));
                if (counts.Item1 == expectedOnServer && counts.Item1 + counts.Item2 == Connections)
                {
                    break;
                }

                await Task.Delay(50);
            }

            return counts;
        }

        // ---- The members the SOCK003 fix writes (tests/.../Rules/SOCK003Helpers.cs), verbatim.

        private const int ClientCloseTimeoutMilliseconds = 5000;

        /// <summary>
        /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
        /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
        /// A reset or an already closed connection also ends the wait.
        /// </summary>
        private static void WaitForClientClose(Socket socket)
        {
            var buffer = new byte[1024];
            var deadline = DateTime.UtcNow.AddMilliseconds(ClientCloseTimeoutMilliseconds);
            try
            {
                while (true)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !socket.Poll((int)(left.Ticks / 10), SelectMode.SelectRead))
                    {
                        return;
                    }

                    if (socket.Receive(buffer) == 0)
                    {
                        return;
                    }
                }
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>
        /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
        /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
        /// A reset or an already closed connection also ends the wait.
        /// </summary>
        private static async Task WaitForClientCloseAsync(Stream stream, CancellationToken cancellationToken = default)
        {
            var buffer = new byte[1024];
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(ClientCloseTimeoutMilliseconds);
                try
                {
                    while (await stream.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false) > 0)
                    {
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (IOException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }
}
