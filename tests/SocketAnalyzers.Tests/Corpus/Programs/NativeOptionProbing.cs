// Native option probing on Linux: getsockopt with a ref length that the kernel updates, a buffer probe for a
// variable-size option, and setsockopt reached through a `delegate* unmanaged` function pointer resolved with
// NativeLibrary (not a DllImport, so errno is read with the runtime's own helper right after the call).
using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Corpus.NativeProbing
{
    internal static unsafe partial class Native
    {
        public const int SOL_SOCKET = 1;
        public const int SO_RCVBUF = 8;
        public const int SO_LINGER = 13;
        public const int SO_BINDTODEVICE = 25;
        public const int IPPROTO_TCP = 6;
        public const int TCP_CONGESTION = 13;

        [StructLayout(LayoutKind.Sequential)]
        public struct Linger
        {
            public int OnOff;
            public int Seconds;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int name, out int value, ref int length);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        public static extern int getsockopt_linger(int fd, int level, int name, out Linger value, ref int length);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        public static extern int getsockopt_bytes(int fd, int level, int name, byte* value, ref int length);

        private static readonly delegate* unmanaged<int, int, int, void*, uint, int> s_setsockopt =
            (delegate* unmanaged<int, int, int, void*, uint, int>)NativeLibrary.GetExport(
                NativeLibrary.Load("libc.so.6"), "setsockopt");

        public static int SetInt(int fd, int level, int name, int value)
        {
            Marshal.SetLastPInvokeError(0);
            int rc = s_setsockopt(fd, level, name, &value, sizeof(int));
            return rc;
        }
    }

    public static class OptionProbe
    {
        public static int ReceiveBufferSize(Socket socket)
        {
            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            int length = sizeof(int);
            if (Native.getsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, out int value, ref length) != 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            if (length != sizeof(int))
            {
                throw new InvalidOperationException($"kernel returned {length} bytes for SO_RCVBUF");
            }

            return value;
        }

        public static (bool Enabled, int Seconds) Linger(Socket socket)
        {
            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            int length = Marshal.SizeOf<Native.Linger>();
            if (Native.getsockopt_linger(fd, Native.SOL_SOCKET, Native.SO_LINGER, out Native.Linger linger, ref length) != 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            return (linger.OnOff != 0, linger.Seconds);
        }

        public static unsafe string CongestionControl(Socket socket)
        {
            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            byte* name = stackalloc byte[16];
            int length = 16;
            if (Native.getsockopt_bytes(fd, Native.IPPROTO_TCP, Native.TCP_CONGESTION, name, ref length) != 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            int end = 0;
            while (end < length && name[end] != 0)
            {
                end++;
            }

            return System.Text.Encoding.ASCII.GetString(name, end);
        }

        public static void Tune(Socket socket, int receiveBuffer)
        {
            if (!OperatingSystem.IsLinux())
            {
                socket.ReceiveBufferSize = receiveBuffer;
                return;
            }

            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            if (Native.SetInt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, receiveBuffer) != 0)
            {
                throw new SocketException(Marshal.GetLastSystemError());
            }

            socket.LingerState = new LingerOption(false, 0);
        }

        public static void Main()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Tune(socket, 1 << 20);
            Console.WriteLine($"{ReceiveBufferSize(socket)} {Linger(socket)} {CongestionControl(socket)}");
        }
    }
}
