using System.Net;
using System.Net.Sockets;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK004's premises (facts 1, 2, 12): without address reuse, binding a client port that has a connection in
    /// TIME_WAIT fails with AddressAlreadyInUse (so a port search moves on); with reuse the same port is taken again;
    /// and a ProtocolType.Tcp socket gets SO_REUSEADDR from .NET anyway.
    /// </summary>
    public class SOCK004ClientFixedPortWithReuseRuntimeTests
    {
        /// <summary>Connects a client from an OS-chosen port, lets the client close first, returns the port now in TIME_WAIT.</summary>
        private static int ClientPortInTimeWait(ProtocolType protocol, bool reuse)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ClientPortInTimeWait(listener, protocol, reuse);
            }
            finally
            {
                listener.Stop();
            }
        }

        private static int ClientPortInTimeWait(TcpListener listener, ProtocolType protocol, bool reuse)
        {
            {
                int port;
                using (var client = Loopback.TcpSocket(AddressFamily.InterNetwork, protocol))
                {
                    if (reuse)
                    {
                        Loopback.AllowReuse(client);
                    }

                    client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    port = Loopback.PortOf(client);
                    client.Connect(listener.LocalEndpoint);
                    Assert.True(listener.Server.Poll(5_000_000, SelectMode.SelectRead), "the connection was not accepted in time");
                    using var server = listener.AcceptSocket();
                    client.Shutdown(SocketShutdown.Send); // the client sends the first FIN: TIME_WAIT stays on its side
                    server.ReceiveTimeout = 5000;
                    Assert.Equal(0, server.Receive(new byte[1]));
                    server.Close();
                    client.ReceiveTimeout = 5000;
                    Assert.Equal(0, client.Receive(new byte[1]));
                }

                Assert.True(Loopback.PollTimeWaitCount(port) > 0, "expected the client's old connection in TIME_WAIT");
                return port;
            }
        }

        [LinuxFact]
        public void Without_reuse_binding_a_client_port_in_TIME_WAIT_fails_with_AddressAlreadyInUse()
        {
            int port = ClientPortInTimeWait(ProtocolType.Unspecified, reuse: false);
            using var again = Loopback.TcpSocket(AddressFamily.InterNetwork, ProtocolType.Unspecified);
            Assert.Equal(SocketError.AddressAlreadyInUse, Loopback.TryBind(again, new IPEndPoint(IPAddress.Loopback, port)));
        }

        [LinuxFact]
        public void With_reuse_the_same_client_port_is_bound_again()
        {
            int port = ClientPortInTimeWait(ProtocolType.Unspecified, reuse: true);
            using var again = Loopback.TcpSocket(AddressFamily.InterNetwork, ProtocolType.Unspecified);
            Loopback.AllowReuse(again);
            Assert.Equal(SocketError.Success, Loopback.TryBind(again, new IPEndPoint(IPAddress.Loopback, port)));
        }

        [LinuxFact]
        public void A_Tcp_protocol_socket_binds_the_port_in_TIME_WAIT_without_any_reuse_statement()
        {
            int port = ClientPortInTimeWait(ProtocolType.Tcp, reuse: false);
            using var again = Loopback.TcpSocket(AddressFamily.InterNetwork, ProtocolType.Tcp);
            Assert.Equal(SocketError.Success, Loopback.TryBind(again, new IPEndPoint(IPAddress.Loopback, port)));
        }
    

        [LinuxFact]
        public void Reconnecting_from_the_reused_port_to_the_same_peer_depends_on_TCP_timestamps()
        {
            // Fact 12: with timestamps off on the old connection the reconnect fails with errno 99; Linux peers with
            // timestamps (the default here) let it through. Assert whichever this host is configured for.
            string timestamps = System.IO.File.ReadAllText("/proc/sys/net/ipv4/tcp_timestamps").Trim();
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ClientPortInTimeWait(listener, ProtocolType.Tcp, reuse: true);
                using var again = Loopback.TcpSocket();
                Loopback.AllowReuse(again);
                Assert.Equal(SocketError.Success, Loopback.TryBind(again, new IPEndPoint(IPAddress.Loopback, port)));
                SocketError result;
                try
                {
                    Loopback.ConnectAsync(again, listener.LocalEndpoint).GetAwaiter().GetResult();
                    result = SocketError.Success;
                }
                catch (SocketException e)
                {
                    result = e.SocketErrorCode;
                }

                Assert.Equal(timestamps == "0" ? SocketError.AddressNotAvailable : SocketError.Success, result);
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
