using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>Small helpers for the loopback runtime tests: every wait is bounded.</summary>
    internal static class Loopback
    {
        internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

        internal static Socket TcpSocket(AddressFamily family = AddressFamily.InterNetwork, ProtocolType protocol = ProtocolType.Tcp)
            => new Socket(family, SocketType.Stream, protocol);

        internal static void AllowReuse(Socket socket)
            => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

        internal static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

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

        /// <summary>
        /// How many TCP connections with local port <paramref name="port"/> are in TIME_WAIT (state 06 in
        /// /proc/net/tcp and /proc/net/tcp6), polling up to two seconds for at least one.
        /// </summary>
        internal static int TimeWaitCount(int port)
        {
            string portHex = ":" + port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (true)
            {
                int count = 0;
                foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
                {
                    if (!System.IO.File.Exists(file))
                    {
                        continue;
                    }

                    foreach (var line in System.IO.File.ReadLines(file))
                    {
                        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (fields.Length > 3 && fields[1].EndsWith(portHex, StringComparison.Ordinal) && fields[3] == "06")
                        {
                            count++;
                        }
                    }
                }

                if (count > 0 || DateTime.UtcNow > deadline)
                {
                    return count;
                }

                Thread.Sleep(20);
            }
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
