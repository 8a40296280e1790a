using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK014 flags <c>Close(0)</c>: on the real runtime a zero close timeout resets the connection (the peer gets the
    /// bytes already sent, then ConnectionReset), while <c>Close(1)</c> and <c>Close()</c> end it with FIN (EOF).
    /// </summary>
    public class SOCK014CloseTimeoutRuntimeTests
    {
        private enum Ending
        {
            Eof,
            Reset,
        }

        [LinuxFact]
        public async Task Close_zero_resets_the_connection_and_Close_one_sends_FIN()
        {
            var (zeroBytes, zeroEnding) = await CloseAndReadAsync(s => s.Close(0));
            var (oneBytes, oneEnding) = await CloseAndReadAsync(s => s.Close(1));
            var (plainBytes, plainEnding) = await CloseAndReadAsync(s => s.Close());

            Assert.Equal((100, Ending.Reset), (zeroBytes, zeroEnding));
            Assert.Equal((100, Ending.Eof), (oneBytes, oneEnding));
            Assert.Equal((100, Ending.Eof), (plainBytes, plainEnding));
        }

        /// <summary>The server sends 100 bytes on an accepted connection and closes it; the client reads to the end.</summary>
        private static async Task<(int Bytes, Ending Ending)> CloseAndReadAsync(Action<Socket> close)
        {
            using var cts = new CancellationTokenSource(Loopback.Timeout);
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Loopback.PortOf(listener)), cts.Token);
            var accepted = await listener.AcceptAsync(cts.Token);
            await accepted.SendAsync(new byte[100], SocketFlags.None, cts.Token);
            await Task.Delay(50, cts.Token); // let the bytes reach the client's receive queue before the close
            close(accepted);

            int total = 0;
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    int n = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                    if (n == 0)
                    {
                        return (total, Ending.Eof);
                    }

                    total += n;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return (total, Ending.Reset);
            }
        }
    }
}
