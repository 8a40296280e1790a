// A listener whose socket options come from configuration (a settings object bound from appsettings or the command
// line). Every option is set before Bind. Sharing the port between worker processes (SO_REUSEPORT load balancing)
// is an operator decision, so ReuseAddress is whatever the configuration says.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.Configuration
{
    public sealed class ListenerSettings
    {
        public string Address { get; set; } = "0.0.0.0";

        public int Port { get; set; } = 8080;

        public int Backlog { get; set; } = 511;

        public bool ShareAcrossWorkers { get; set; }

        public bool NoDelay { get; set; } = true;

        public int ReceiveBufferBytes { get; set; }

        public int SendBufferBytes { get; set; }

        public int KeepAliveSeconds { get; set; } = 60;
    }

    public static class ConfiguredListener
    {
        public static Socket Open(ListenerSettings settings)
        {
            if (settings is null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            var address = IPAddress.Parse(settings.Address);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, settings.ShareAcrossWorkers);
                socket.NoDelay = settings.NoDelay;
                if (settings.ReceiveBufferBytes > 0)
                {
                    socket.ReceiveBufferSize = settings.ReceiveBufferBytes;
                }

                if (settings.SendBufferBytes > 0)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendBuffer, settings.SendBufferBytes);
                }

                if (settings.KeepAliveSeconds > 0)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, settings.KeepAliveSeconds);
                }

                socket.Bind(new IPEndPoint(address, settings.Port));
                socket.Listen(settings.Backlog);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
