// Options .NET has no enum member for, set with SetRawSocketOption using each platform's own numbers (not the
// SocketOptionLevel/SocketOptionName values, fact 16). On Linux IPPROTO_TCP is 6 and TCP_KEEPIDLE 4, TCP_KEEPINTVL 5,
// TCP_KEEPCNT 6; on macOS TCP_KEEPALIVE is 0x10.
using System;
using System.Net.Sockets;

namespace Corpus.RawOptions
{
    public static class KeepAliveTuning
    {
        private const int IPPROTO_TCP = 6;
        private const int LINUX_TCP_KEEPIDLE = 4;
        private const int LINUX_TCP_KEEPINTVL = 5;
        private const int LINUX_TCP_KEEPCNT = 6;
        private const int MACOS_TCP_KEEPALIVE = 0x10;
        private const int LINUX_SOL_SOCKET = 1;
        private const int LINUX_SO_BUSY_POLL = 46;

        public static void Apply(Socket socket, int idleSeconds, int intervalSeconds, int probes)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            if (OperatingSystem.IsLinux())
            {
                SetInt(socket, IPPROTO_TCP, LINUX_TCP_KEEPIDLE, idleSeconds);
                SetInt(socket, IPPROTO_TCP, LINUX_TCP_KEEPINTVL, intervalSeconds);
                SetInt(socket, IPPROTO_TCP, LINUX_TCP_KEEPCNT, probes);
            }
            else if (OperatingSystem.IsMacOS())
            {
                SetInt(socket, IPPROTO_TCP, MACOS_TCP_KEEPALIVE, idleSeconds);
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idleSeconds);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, intervalSeconds);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, probes);
            }
        }

        public static void EnableBusyPoll(Socket socket, int microseconds)
        {
            if (OperatingSystem.IsLinux())
            {
                SetInt(socket, LINUX_SOL_SOCKET, LINUX_SO_BUSY_POLL, microseconds);
            }
        }

        private static void SetInt(Socket socket, int level, int name, int value)
        {
            Span<byte> buffer = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(buffer, value); // native byte order, as the kernel reads it
            socket.SetRawSocketOption(level, name, buffer);
        }

        public static int GetInt(Socket socket, int level, int name)
        {
            Span<byte> buffer = stackalloc byte[sizeof(int)];
            int length = socket.GetRawSocketOption(level, name, buffer);
            return length == sizeof(int) ? BitConverter.ToInt32(buffer) : -1;
        }
    }
}
