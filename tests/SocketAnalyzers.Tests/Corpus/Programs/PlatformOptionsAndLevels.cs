// Option code of a cross-platform networking library: levels chosen from the address family (as Socket.Ttl does),
// protocol options at the levels that own them, a raw SO_NOSIGPIPE / SO_REUSEPORT only inside platform checks,
// a LingerOption read-modify-write, and a bind retry loop that configures each new socket before its Bind.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.PlatformOptions
{
    public static class SocketConfigurator
    {
        public static void SetHopLimit(Socket socket, int hops)
        {
            SocketOptionLevel level = socket.AddressFamily == AddressFamily.InterNetworkV6
                ? SocketOptionLevel.IPv6
                : SocketOptionLevel.IP;
            socket.SetSocketOption(level, SocketOptionName.IpTimeToLive, hops);
            socket.SetSocketOption(
                socket.AddressFamily == AddressFamily.InterNetworkV6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP,
                SocketOptionName.MulticastTimeToLive,
                hops);
        }

        public static void ConfigureUdp(Socket socket)
        {
            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, false);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IpTimeToLive, 64);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DontFragment, true);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0x10);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            }

            byte[] one = BitConverter.GetBytes(1);
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(1, 15, one); // SOL_SOCKET, SO_REUSEPORT (Linux)
            }
            else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            {
                socket.SetRawSocketOption(0xffff, 0x0200, one); // SOL_SOCKET, SO_REUSEPORT (BSD)
            }
        }

        public static void ConfigureTcp(Socket socket, int idleSeconds)
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idleSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendTimeout, 30_000);

            if (OperatingSystem.IsMacOS())
            {
                socket.SetRawSocketOption(0xffff, 0x1022, BitConverter.GetBytes(1)); // SO_NOSIGPIPE
            }

            // TCP_NODELAY is 1 at IPPROTO_TCP (6) on Linux, BSD and Winsock alike.
            socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, (int)SocketOptionName.NoDelay, BitConverter.GetBytes(1));

            LingerOption linger = socket.LingerState;
            linger.Enabled = true;
            linger.LingerTime = 5;
            socket.LingerState = linger;
        }

        public static Socket BindFirstFree(IPAddress address, int firstPort, int count)
        {
            Socket? socket = null;
            for (int i = 0; i < count; i++)
            {
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.ExclusiveAddressUse = true;
                try
                {
                    socket.Bind(new IPEndPoint(address, firstPort + i));
                    socket.Listen(128);
                    return socket;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    socket.Dispose();
                }
            }

            throw new InvalidOperationException($"no free port in {firstPort}..{firstPort + count - 1}");
        }

        public static (TcpListener Service, Socket Discovery) OpenServiceWithDiscovery(int port)
        {
            var service = new TcpListener(IPAddress.Any, port);
            service.ExclusiveAddressUse = true;
            service.Start();

            var discovery = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            discovery.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            discovery.Bind(new IPEndPoint(IPAddress.Any, 5353));
            discovery.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership,
                new MulticastOption(IPAddress.Parse("224.0.0.251")));
            return (service, discovery);
        }
    }
}
