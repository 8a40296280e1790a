// A Windows-style server that claims its port exclusively (ExclusiveAddressUse = true, no ReuseAddress anywhere),
// with buffer and TTL settings read from configuration, plus an IPv6 multicast announcer/listener that joins its
// group with IPv6MulticastOption.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Corpus.ExclusiveServer
{
    public interface IConfigurationLike
    {
        string? this[string key] { get; }
    }

    public sealed class DictionaryConfiguration(IReadOnlyDictionary<string, string> values) : IConfigurationLike
    {
        public string? this[string key] => values.TryGetValue(key, out var v) ? v : null;
    }

    public sealed class ExclusiveListener
    {
        private readonly IConfigurationLike _config;

        public ExclusiveListener(IConfigurationLike config) => _config = config;

        public Socket Open()
        {
            int port = int.Parse(_config["Server:Port"] ?? "8443");
            int receiveBuffer = int.Parse(_config["Server:ReceiveBuffer"] ?? "65536");
            bool keepAlive = bool.Parse(_config["Server:KeepAlive"] ?? "true");
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.ExclusiveAddressUse = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, receiveBuffer);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, keepAlive);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen(256);
            return socket;
        }

        public TcpListener OpenListener()
        {
            int port = int.Parse(_config["Admin:Port"] ?? "8444");
            var listener = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
            listener.Start();
            return listener;
        }
    }

    public sealed class Ipv6Announcer : IDisposable
    {
        private static readonly IPAddress Group = IPAddress.Parse("ff02::1:3");
        private readonly Socket _socket;
        private readonly int _port;

        public Ipv6Announcer(IConfigurationLike config)
        {
            _port = int.Parse(config["Discovery:Port"] ?? "5355");
            int hops = int.Parse(config["Discovery:Hops"] ?? "1");
            long interfaceIndex = long.Parse(config["Discovery:Interface"] ?? "0");
            _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, _port));
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership,
                new IPv6MulticastOption(Group, interfaceIndex));
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, hops);
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, false);
            if (interfaceIndex != 0)
            {
                _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, (int)interfaceIndex);
            }
        }

        public void Announce(string name) =>
            _socket.SendTo(Encoding.UTF8.GetBytes(name), new IPEndPoint(Group, _port));

        public string? Listen(CancellationToken ct)
        {
            var buffer = new byte[1500];
            EndPoint from = new IPEndPoint(IPAddress.IPv6Any, 0);
            while (!ct.IsCancellationRequested)
            {
                if (!_socket.Poll(200_000, SelectMode.SelectRead))
                {
                    continue;
                }

                int n = _socket.ReceiveFrom(buffer, ref from);
                if (from is IPEndPoint { Address.IsIPv6LinkLocal: true })
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }
            }

            return null;
        }

        public void Dispose()
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.DropMembership, new IPv6MulticastOption(Group));
            _socket.Dispose();
        }
    }
}
