// Options with their matching level (fact 15: level and name must be read together) and values of the type each
// option needs (fact 13): int/bool for flags and sizes, LingerOption for Linger, MulticastOption for memberships.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.Options
{
    public static class SocketTuning
    {
        public static Socket CreateTunedTcp(AddressFamily family)
        {
            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, 1 << 20);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, 1 << 20);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveTimeout, 30_000);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, false);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.HopLimit, 64);
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 64);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0x10);
            }

            return socket;
        }

        public static Socket CreateMulticastSender(IPAddress group, IPAddress localInterface)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 2);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, localInterface.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, localInterface));
            socket.SetSocketOption(SocketOptionLevel.Udp, SocketOptionName.NoChecksum, false);
            return socket;
        }

        public static (bool NoDelay, int ReceiveBuffer) Read(Socket socket)
        {
            bool noDelay = (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay)! != 0;
            int receiveBuffer = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer)!;
            return (noDelay, receiveBuffer);
        }

        public static void Broadcast(Socket udp)
        {
            udp.EnableBroadcast = true;
            udp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
            udp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.DontRoute, false);
        }
    }
}
