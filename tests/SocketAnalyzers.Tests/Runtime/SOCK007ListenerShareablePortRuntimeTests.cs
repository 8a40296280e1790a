using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>SOCK007's premise (facts 1, 4, 5): ReuseAddress on a listener lets a second socket bind the same port and take its connections.</summary>
    public class SOCK007ListenerShareablePortRuntimeTests
    {
        [LinuxFact]
        public async Task Two_listeners_with_ReuseAddress_share_a_port_and_the_more_specific_one_takes_every_connection()
        {
            using var wildcard = Loopback.TcpSocket();
            Loopback.AllowReuse(wildcard);
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(wildcard, new IPEndPoint(IPAddress.Any, 0)));
            int port = Loopback.PortOf(wildcard);

            using var specific = Loopback.TcpSocket();
            Loopback.AllowReuse(specific);
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(specific, new IPEndPoint(IPAddress.Loopback, port)));

            var accepted = await Loopback.CountAcceptsAsync(port, 20, wildcard, specific);
            Assert.Equal(0, accepted[0]);
            Assert.Equal(20, accepted[1]);
        }

        [LinuxFact]
        public void A_default_listener_blocks_a_second_bind_even_with_ReuseAddress()
        {
            using var first = Loopback.TcpSocket();
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(first, new IPEndPoint(IPAddress.Any, 0)));

            using var second = Loopback.TcpSocket();
            Loopback.AllowReuse(second);
            Assert.Equal(SocketError.AddressAlreadyInUse, Loopback.TryBindListen(second, new IPEndPoint(IPAddress.Loopback, Loopback.PortOf(first))));
        }

        [LinuxFact]
        public void ExclusiveAddressUse_false_shares_the_port_like_ReuseAddress()
        {
            using var first = Loopback.TcpSocket();
            first.ExclusiveAddressUse = false;
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(first, new IPEndPoint(IPAddress.Loopback, 0)));

            using var second = Loopback.TcpSocket();
            second.ExclusiveAddressUse = false;
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(second, new IPEndPoint(IPAddress.Loopback, Loopback.PortOf(first))));
        }

        [LinuxFact]
        public void TcpListener_restarts_on_a_port_in_TIME_WAIT_without_any_reuse_option()
        {
            // .NET sets SO_REUSEADDR before every bind of a Tcp socket (fact 1): removing ReuseAddress costs nothing for restarts.
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
                using var client = Loopback.TcpSocket();
                client.Connect(new IPEndPoint(IPAddress.Loopback, port));
                Assert.True(listener.Server.Poll(5_000_000, SelectMode.SelectRead));
                using var server = listener.AcceptSocket();
                server.Shutdown(SocketShutdown.Both); // the server closes first: its side keeps TIME_WAIT
                server.Close();
                listener.Stop();
                client.Close(); // the client's FIN completes the close: the server side is now in TIME_WAIT
            }

            Assert.True(Loopback.PollTimeWaitCount(port) > 0, "expected a TIME_WAIT connection on the listener's port");

            using var restarted = new TcpListener(IPAddress.Loopback, port);
            restarted.Start();
            Assert.Equal(port, ((IPEndPoint)restarted.LocalEndpoint).Port);
        }
    }
}
