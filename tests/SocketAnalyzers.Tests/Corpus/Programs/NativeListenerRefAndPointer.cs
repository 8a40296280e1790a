// A Linux listener written against libc directly (as in a high-performance server that hands the descriptor to its
// own event loop). Every declaration has SetLastError = true (fact 18); setsockopt receives the option by reference
// or by pointer with its real size (facts 17, 19); SO_REUSEADDR is set before bind (fact 3).
using System;
using System.Runtime.InteropServices;

namespace Corpus.Native
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;     // network byte order
        public uint Address;    // network byte order
        public ulong Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    internal static unsafe class Libc
    {
        public const int AF_INET = 2;
        public const int SOCK_STREAM = 1;
        public const int SOL_SOCKET = 1;
        public const int SO_REUSEADDR = 2;
        public const int SO_RCVBUF = 8;
        public const int SO_RCVTIMEO = 20;
        public const int IPPROTO_TCP = 6;
        public const int TCP_NODELAY = 1;

        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int optname, ref int optval, uint optlen);

        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        public static extern int setsockopt_ptr(int fd, int level, int optname, void* optval, uint optlen);

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int optname, out int optval, ref uint optlen);

        [DllImport("libc", SetLastError = true)]
        public static extern int bind(int fd, ref SockAddrIn address, uint addressLength);

        [DllImport("libc", SetLastError = true)]
        public static extern int listen(int fd, int backlog);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }

    public static unsafe class NativeListener
    {
        public static int Open(ushort port, int backlog)
        {
            int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM, 0);
            if (fd < 0)
            {
                throw new InvalidOperationException("socket failed, errno " + Marshal.GetLastPInvokeError());
            }

            int one = 1;
            if (Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, ref one, sizeof(int)) != 0)
            {
                Fail(fd, "setsockopt(SO_REUSEADDR)");
            }

            int nodelay = 1;
            if (Libc.setsockopt_ptr(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, &nodelay, (uint)sizeof(int)) != 0)
            {
                Fail(fd, "setsockopt(TCP_NODELAY)");
            }

            var timeout = new TimeVal { Seconds = 5, Microseconds = 0 };
            if (Libc.setsockopt_ptr(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, &timeout, (uint)sizeof(TimeVal)) != 0)
            {
                Fail(fd, "setsockopt(SO_RCVTIMEO)");
            }

            var address = new SockAddrIn
            {
                Family = Libc.AF_INET,
                Port = (ushort)((port >> 8) | (port << 8)),
                Address = 0,
            };
            if (Libc.bind(fd, ref address, (uint)sizeof(SockAddrIn)) != 0)
            {
                Fail(fd, "bind");
            }

            if (Libc.listen(fd, backlog) != 0)
            {
                Fail(fd, "listen");
            }

            return fd;
        }

        public static int ReceiveBufferSize(int fd)
        {
            uint length = sizeof(int);
            return Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, out int size, ref length) == 0 ? size : -1;
        }

        private static void Fail(int fd, string call)
        {
            int errno = Marshal.GetLastPInvokeError();
            Libc.close(fd);
            throw new InvalidOperationException(call + " failed, errno " + errno);
        }
    }
}
