using System;
using System.Net;
using System.Runtime.InteropServices;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>The few Linux libc socket calls the runtime tests make directly.</summary>
    internal static class LibC
    {
        public const int AF_INET = 2;
        public const int SOCK_STREAM = 1;
        public const int SOL_SOCKET = 1;
        public const int SO_REUSEADDR = 2;
        public const int SO_REUSEPORT = 15;
        public const int EADDRINUSE = 98;

        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int bind(int fd, byte[] address, uint length);

        [DllImport("libc", SetLastError = true)]
        public static extern int listen(int fd, int backlog);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int name, ref int value, uint length);

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int name, out int value, ref uint length);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        /// <summary>A Linux struct sockaddr_in for an IPv4 address and port.</summary>
        public static byte[] SockaddrIn(IPAddress address, int port)
        {
            var bytes = new byte[16];
            BitConverter.GetBytes((ushort)AF_INET).CopyTo(bytes, 0); // sa_family, host order
            bytes[2] = (byte)(port >> 8); // sin_port, network order
            bytes[3] = (byte)port;
            address.GetAddressBytes().CopyTo(bytes, 4);
            return bytes;
        }
    }
}
