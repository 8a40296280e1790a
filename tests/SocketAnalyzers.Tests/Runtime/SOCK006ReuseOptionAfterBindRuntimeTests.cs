using System;
using System.Net;
using System.Net.Sockets;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>SOCK006's premise (fact 6): after Bind the ExclusiveAddressUse setter throws, and ReuseAddress set after Listen opens the port.</summary>
    public class SOCK006ReuseOptionAfterBindRuntimeTests
    {
        [LinuxFact]
        public void ExclusiveAddressUse_setter_after_Bind_throws()
        {
            using var socket = Loopback.TcpSocket();
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var e = Assert.Throws<InvalidOperationException>(() => socket.ExclusiveAddressUse = true);
            Assert.Equal("The socket must not be bound or connected.", e.Message);
        }

        [LinuxFact]
        public void TcpListener_ExclusiveAddressUse_after_Start_throws()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var e = Assert.Throws<InvalidOperationException>(() => listener.ExclusiveAddressUse = true);
                Assert.Equal("The TcpListener must not be listening before performing this operation.", e.Message);
            }
            finally
            {
                listener.Stop();
            }
        }

        [LinuxFact]
        public void ReuseAddress_set_after_Listen_opens_the_port_to_a_second_listener()
        {
            using var first = Loopback.TcpSocket();
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(first, new IPEndPoint(IPAddress.Loopback, 0)));
            int port = Loopback.PortOf(first);

            using (var before = Loopback.TcpSocket())
            {
                Loopback.AllowReuse(before);
                Assert.Equal(SocketError.AddressAlreadyInUse, Loopback.TryBindListen(before, new IPEndPoint(IPAddress.Loopback, port)));
            }

            Loopback.AllowReuse(first); // succeeds silently after Listen

            using var second = Loopback.TcpSocket();
            Loopback.AllowReuse(second);
            Assert.Equal(SocketError.Success, Loopback.TryBindListen(second, new IPEndPoint(IPAddress.Loopback, port)));
        }
    }
}
