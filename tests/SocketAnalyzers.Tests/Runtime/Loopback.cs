using System;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>Small, bounded loopback helpers for the runtime premise tests (127.0.0.1 only, OS-chosen ports).</summary>
    public static class Loopback
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

        /// <summary>Number of TIME_WAIT connections whose local port is <paramref name="port"/>.</summary>
        public static int TimeWaitCount(int port)
            => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
                .Count(c => c.State == TcpState.TimeWait && c.LocalEndPoint.Port == port);

        /// <summary>Waits (bounded) until at least <paramref name="expected"/> TIME_WAIT connections sit on the port.</summary>
        public static async Task<int> WaitForTimeWaitAsync(int port, int expected = 1)
        {
            var deadline = DateTime.UtcNow + Timeout;
            int count;
            while ((count = TimeWaitCount(port)) < expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            return count;
        }

        /// <summary>
        /// Runs a listener made by <paramref name="createListener"/> on 127.0.0.1 with an OS-chosen port, serves one
        /// connection by closing it first (the server sends the first FIN), closes the listener and returns the port,
        /// which then has the server side's connection in TIME_WAIT.
        /// </summary>
        public static async Task<int> ServeOneConnectionClosingFirstAsync(Func<Socket> createListener)
        {
            using var cts = new CancellationTokenSource(Timeout);
            int port;
            using (var listener = createListener())
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(1);
                port = PortOf(listener);
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
                using (var accepted = await listener.AcceptAsync(cts.Token))
                {
                    await accepted.SendAsync(new byte[] { 42 }, SocketFlags.None, cts.Token);
                    accepted.Close(); // the server closes first
                }

                var buffer = new byte[16];
                while (await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
                {
                }
            }

            return port;
        }

        internal static Socket TcpSocket(AddressFamily family = AddressFamily.InterNetwork, ProtocolType protocol = ProtocolType.Tcp)
            => new Socket(family, SocketType.Stream, protocol);

        internal static void AllowReuse(Socket socket)
            => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

        /// <summary>Binds and listens; returns the SocketError of a failure, or Success.</summary>
        internal static SocketError TryBindListen(Socket socket, EndPoint endpoint)
        {
            try
            {
                socket.Bind(endpoint);
                socket.Listen(64);
                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        }

        internal static SocketError TryBind(Socket socket, EndPoint endpoint)
        {
            try
            {
                socket.Bind(endpoint);
                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        }

        /// <summary>TIME_WAIT connections on the local port, polling (bounded, two seconds) until there is at least one.</summary>
        internal static int PollTimeWaitCount(int port)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            int count;
            while ((count = TimeWaitCount(port)) == 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            return count;
        }

        /// <summary>Connects with a timeout.</summary>
        internal static async Task ConnectAsync(Socket client, EndPoint endpoint)
        {
            using var cts = new CancellationTokenSource(Timeout);
            await client.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }

        /// <summary>
        /// Makes <paramref name="count"/> connections to 127.0.0.1:<paramref name="port"/> and returns how many each
        /// listener accepted (each accepted connection is closed by the client first).
        /// </summary>
        internal static async Task<int[]> CountAcceptsAsync(int port, int count, params Socket[] listeners)
        {
            var accepted = new int[listeners.Length];
            for (int i = 0; i < count; i++)
            {
                using var client = TcpSocket();
                await ConnectAsync(client, new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
                bool found = false;
                var deadline = DateTime.UtcNow + Timeout;
                while (!found && DateTime.UtcNow < deadline)
                {
                    for (int l = 0; l < listeners.Length && !found; l++)
                    {
                        if (listeners[l].Poll(1000, SelectMode.SelectRead))
                        {
                            using var server = listeners[l].Accept();
                            accepted[l]++;
                            found = true;
                        }
                    }
                }

                if (!found)
                {
                    throw new TimeoutException("no listener accepted connection " + i);
                }
            }

            return accepted;
        }
    }
}
