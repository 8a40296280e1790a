using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK001's premise on the real runtime (facts 1-3): a listener restarted on a port whose previous connection sits
    /// in TIME_WAIT fails with AddressAlreadyInUse unless its bind allows address reuse.
    /// </summary>
    public class SOCK001RestartRuntimeTests
    {
        [LinuxFact]
        public async Task Unspecified_protocol_listener_cannot_restart_during_TIME_WAIT()
        {
            int port = await Loopback.ServeOneConnectionClosingFirstAsync(
                () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified));
            Assert.True(await Loopback.WaitForTimeWaitAsync(port) >= 1, "no TIME_WAIT on the server's port");

            using var restarted = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
            var error = Assert.Throws<SocketException>(() => restarted.Bind(new IPEndPoint(IPAddress.Loopback, port)));
            Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        }

        [LinuxFact]
        public async Task Tcp_protocol_listener_restarts_during_TIME_WAIT()
        {
            int port = await Loopback.ServeOneConnectionClosingFirstAsync(
                () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            Assert.True(await Loopback.WaitForTimeWaitAsync(port) >= 1, "no TIME_WAIT on the server's port");

            using var restarted = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            restarted.Bind(new IPEndPoint(IPAddress.Loopback, port));
            restarted.Listen(1);
            Assert.Equal(port, Loopback.PortOf(restarted));
        }

        [LinuxFact]
        public async Task Raw_bind_fails_during_TIME_WAIT_without_SO_REUSEADDR_and_succeeds_with_it()
        {
            // The TIME_WAIT connection comes from a .NET Tcp listener, which sets SO_REUSEADDR (fact 1), so only the
            // new socket's own option decides.
            int port = await Loopback.ServeOneConnectionClosingFirstAsync(
                () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            Assert.True(await Loopback.WaitForTimeWaitAsync(port) >= 1, "no TIME_WAIT on the server's port");

            byte[] address = LibC.SockaddrIn(IPAddress.Loopback, port);
            int without = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM, 0);
            Assert.True(without >= 0);
            try
            {
                Assert.Equal(-1, LibC.bind(without, address, (uint)address.Length));
                Assert.Equal(LibC.EADDRINUSE, Marshal.GetLastPInvokeError());
            }
            finally
            {
                LibC.close(without);
            }

            int with = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM, 0);
            Assert.True(with >= 0);
            try
            {
                int one = 1;
                Assert.Equal(0, LibC.setsockopt(with, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, ref one, sizeof(int)));
                Assert.Equal(0, LibC.bind(with, address, (uint)address.Length));
                Assert.Equal(0, LibC.listen(with, 1));
            }
            finally
            {
                LibC.close(with);
            }
        }
    }
}
