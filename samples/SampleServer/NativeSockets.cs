using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SampleServer
{
    /// <summary>Hand-written libc socket calls with the C mistakes carried over into C#.</summary>
    public static class NativeSockets
    {
        private const int SOL_SOCKET = 1;
        private const int SO_REUSEADDR = 2;

        [DllImport("libc", SetLastError = true)]
        private static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        private static extern int bind(int fd, byte[] address, uint length);

        [DllImport("libc", SetLastError = true)]
        private static extern int listen(int fd, int backlog);

        // SOCK002: the option value is passed by value: the kernel reads it as an address (EFAULT).
        [DllImport("libc", SetLastError = true)]
        private static extern int setsockopt(int fd, int level, int name, int value, uint length);

        // SOCK012: without SetLastError the errno of a failed call is lost.
        [DllImport("libc")]
        private static extern int getsockopt(int fd, int level, int name, ref long value, ref uint length);

        public static int Listen(byte[] sockaddr)
        {
            int fd = socket(2, 1, 0);
            // SOCK001: no SO_REUSEADDR before bind: the restart fails during TIME_WAIT.
            bind(fd, sockaddr, (uint)sockaddr.Length);
            listen(fd, 64);
            return fd;
        }

        public static int EnableReuse(int fd) => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(int));

        public static long ReadReuse(int fd)
        {
            long value = 0;
            // SOCK011: optlen 4 for an 8-byte value.
            uint length = 4;
            getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ref value, ref length);
            return value;
        }

        public static void RawReuse(Socket socket)
        {
            // SOCK013: these are Winsock numbers (0xffff, 4); on Linux the call fails with ENOPROTOOPT.
            socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));
        }
    }
}
