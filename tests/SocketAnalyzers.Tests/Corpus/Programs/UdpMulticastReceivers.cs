// Service-discovery receivers: several processes on one host listen to the same multicast group and port on purpose,
// so every socket sets ReuseAddress (SO_REUSEADDR + SO_REUSEPORT, fact 4) before Bind. UDP has no TIME_WAIT and no
// listening state (fact 8); sharing the port is the point.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Multicast
{
    public static class DiscoveryReceiver
    {
        public static readonly IPAddress GroupV4 = IPAddress.Parse("239.255.42.99");
        public static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::4299");
        public const int Port = 42999;

        public static Socket OpenV4(IPAddress localInterface)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(GroupV4, localInterface));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            return socket;
        }

        public static Socket OpenV6(int interfaceIndex)
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp)
            {
                ExclusiveAddressUse = false,
            };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, Port));
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(GroupV6, interfaceIndex));
            return socket;
        }

        public static UdpClient OpenClient()
        {
            var client = new UdpClient(AddressFamily.InterNetwork);
            client.ExclusiveAddressUse = false;
            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            client.Client.Bind(new IPEndPoint(IPAddress.Any, Port));
            client.JoinMulticastGroup(GroupV4);
            return client;
        }

        public static async Task ListenAsync(Action<IPEndPoint, byte[]> onAnnouncement, CancellationToken cancellationToken)
        {
            using var client = OpenClient();
            while (!cancellationToken.IsCancellationRequested)
            {
                UdpReceiveResult result = await client.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                onAnnouncement(result.RemoteEndPoint, result.Buffer);
            }

            client.DropMulticastGroup(GroupV4);
        }
    }
}
