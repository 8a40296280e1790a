using System.Net;
using System.Net.Sockets;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>SOCK008's premise (fact 4): with both ExclusiveAddressUse = true and ReuseAddress = true, the last one silently wins on Linux.</summary>
    public class SOCK008ContradictoryReusePolicyRuntimeTests
    {
        [LinuxFact]
        public void ExclusiveAddressUse_then_ReuseAddress_leaves_the_port_sharable()
        {
            using var first = Loopback.TcpSocket();
            first.ExclusiveAddressUse = true;
            Loopback.AllowReuse(first); // no exception: the contradiction is silent
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(first, new IPEndPoint(IPAddress.Loopback, 0)));

            using var second = Loopback.TcpSocket();
            Loopback.AllowReuse(second);
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(second, new IPEndPoint(IPAddress.Loopback, Loopback.PortOf(first))));
        }

        [LinuxFact]
        public void ReuseAddress_then_ExclusiveAddressUse_keeps_the_port_exclusive()
        {
            using var first = Loopback.TcpSocket();
            Loopback.AllowReuse(first);
            first.ExclusiveAddressUse = true;
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(first, new IPEndPoint(IPAddress.Loopback, 0)));

            using var second = Loopback.TcpSocket();
            Loopback.AllowReuse(second);
            Assert.Equal(SocketError.AddressAlreadyInUse, Loopback.TryBindListen(second, new IPEndPoint(IPAddress.Loopback, Loopback.PortOf(first))));
        }
    }
}
