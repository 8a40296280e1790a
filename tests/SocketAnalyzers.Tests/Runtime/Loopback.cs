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
    }
}
