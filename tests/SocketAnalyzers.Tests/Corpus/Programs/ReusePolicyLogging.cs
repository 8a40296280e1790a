// Startup code that logs the address-reuse policy it ended up with: it reads ExclusiveAddressUse and
// GetSocketOption(ReuseAddress) after Bind/Start (reading changes nothing), pins an exclusive listener with
// ReuseAddress explicitly off, and passes linger settings through the object overload as real LingerOption objects.
using System;
using System.Net;
using System.Net.Sockets;

namespace Corpus.ReusePolicyLogging
{
    public sealed record LingerSettings(bool Enabled, int Seconds)
    {
        public object ToOptionValue() => new LingerOption(enable: Enabled, seconds: Seconds);
    }

    public static class ReusePolicy
    {
        public static Socket OpenExclusive(int port, Action<string> log)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.ExclusiveAddressUse = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen(100);
            bool exclusive = socket.ExclusiveAddressUse;
            object reuse = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!;
            log($"listening on {socket.LocalEndPoint}, exclusive={exclusive}, SO_REUSEPORT={reuse}");
            return socket;
        }

        public static TcpListener OpenListener(int port, Action<string> log)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            if (listener.ExclusiveAddressUse)
            {
                log("admin listener is exclusive");
            }

            int reuse = (int)listener.Server.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!;
            log($"admin listener reuse flag: {reuse}");
            return listener;
        }

        public static void ApplyLinger(Socket connection, LingerSettings settings)
        {
            connection.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, settings.ToOptionValue());
            connection.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, (object)new LingerOption(true, 5));
            connection.LingerState = new LingerOption(seconds: 0, enable: false);
        }
    }
}
