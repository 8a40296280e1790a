// Two kinds of native bindings next to BSD sockets. ZeroMQ's API also has bind/connect/setsockopt/getsockopt, with
// different signatures (a void* socket, no level, size_t length), imported under C#-friendly names through
// EntryPoint; errors are read with zmq_errno(), not errno. And a Linux AF_PACKET capture socket that joins
// promiscuous mode with PACKET_ADD_MEMBERSHIP, whose struct packet_mreq holds a fixed buffer.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Corpus.ZeroMqBindings
{
    internal static unsafe class LibZmq
    {
        public const int ZMQ_REP = 4;
        public const int ZMQ_LINGER = 17;
        public const int ZMQ_RCVTIMEO = 27;
        public const int ZMQ_SNDHWM = 23;

        [DllImport("libzmq", EntryPoint = "zmq_ctx_new")]
        public static extern IntPtr ContextNew();

        [DllImport("libzmq", EntryPoint = "zmq_socket")]
        public static extern IntPtr socket(IntPtr context, int type);

        [DllImport("libzmq", EntryPoint = "zmq_bind")]
        public static extern int bind(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);

        [DllImport("libzmq", EntryPoint = "zmq_connect")]
        public static extern int connect(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);

        [DllImport("libzmq", EntryPoint = "zmq_setsockopt")]
        public static extern int setsockopt(IntPtr socket, int option, ref int value, nuint length);

        [DllImport("libzmq", EntryPoint = "zmq_getsockopt")]
        public static extern int getsockopt(IntPtr socket, int option, out int value, ref nuint length);

        [DllImport("libzmq", EntryPoint = "zmq_send")]
        public static extern int send(IntPtr socket, byte* buffer, nuint length, int flags);

        [DllImport("libzmq", EntryPoint = "zmq_recv")]
        public static extern int recv(IntPtr socket, byte* buffer, nuint length, int flags);

        [DllImport("libzmq", EntryPoint = "zmq_errno")]
        public static extern int Errno();

        [DllImport("libzmq", EntryPoint = "zmq_close")]
        public static extern int Close(IntPtr socket);
    }

    public static unsafe class ReplyServer
    {
        public static void Run(string endpoint, int iterations)
        {
            IntPtr context = LibZmq.ContextNew();
            IntPtr socket = LibZmq.socket(context, LibZmq.ZMQ_REP);
            int linger = 0;
            if (LibZmq.setsockopt(socket, LibZmq.ZMQ_LINGER, ref linger, sizeof(int)) != 0)
            {
                throw new InvalidOperationException("zmq_setsockopt failed: " + LibZmq.Errno());
            }

            int timeout = 1000;
            LibZmq.setsockopt(socket, LibZmq.ZMQ_RCVTIMEO, ref timeout, (nuint)sizeof(int));
            nuint length = sizeof(int);
            LibZmq.getsockopt(socket, LibZmq.ZMQ_SNDHWM, out int highWater, ref length);
            Console.WriteLine($"send high-water mark {highWater}");
            if (LibZmq.bind(socket, endpoint) != 0)
            {
                throw new InvalidOperationException("zmq_bind failed: " + LibZmq.Errno());
            }

            byte* buffer = stackalloc byte[256];
            for (int i = 0; i < iterations; i++)
            {
                int n = LibZmq.recv(socket, buffer, 256, 0);
                if (n < 0)
                {
                    continue;
                }

                LibZmq.send(socket, buffer, (nuint)Math.Min(n, 256), 0);
            }

            LibZmq.Close(socket);
        }
    }

    internal static unsafe class PacketSocket
    {
        public const int AF_PACKET = 17;
        public const int SOCK_RAW = 3;
        public const int SOL_PACKET = 263;
        public const int PACKET_ADD_MEMBERSHIP = 1;
        public const int PACKET_MR_PROMISC = 1;

        [StructLayout(LayoutKind.Sequential)]
        public struct PacketMreq
        {
            public int Ifindex;
            public ushort Type;
            public ushort AddressLength;
            public fixed byte Address[8];
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int name, ref PacketMreq value, uint length);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        public static int OpenPromiscuous(int ifindex)
        {
            int fd = socket(AF_PACKET, SOCK_RAW, 0x0300); // htons(ETH_P_ALL)
            if (fd < 0)
            {
                throw new InvalidOperationException("socket failed: " + Marshal.GetLastPInvokeError());
            }

            var request = new PacketMreq { Ifindex = ifindex, Type = PACKET_MR_PROMISC };
            if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, ref request, 16) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                close(fd);
                throw new InvalidOperationException("PACKET_ADD_MEMBERSHIP failed: " + errno);
            }

            return fd;
        }

        public static string Describe(in PacketMreq request) =>
            new StringBuilder().Append(request.Ifindex).Append('/').Append(request.Type).ToString();
    }
}
