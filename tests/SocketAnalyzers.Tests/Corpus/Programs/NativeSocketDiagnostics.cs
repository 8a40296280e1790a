// Connection diagnostics and tuning that .NET has no API for. Linux libc imports with SetLastError = true (fact 18),
// option values passed by reference or pointer (fact 17) with their real sizes (fact 19); raw options use each
// platform's own numbers under an OS guard (fact 16: Linux SOL_SOCKET is 1; BSD/macOS and Winsock use 0xffff).
using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Corpus.NativeDiagnostics
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    internal unsafe struct InterfaceName
    {
        public const int Size = 16; // IFNAMSIZ
        public fixed byte Bytes[Size];
    }

    internal static unsafe class LinuxSockets
    {
        public const int SOL_SOCKET = 1;
        public const int SO_RCVBUF = 8;
        public const int SO_LINGER = 13;
        public const int SO_BINDTODEVICE = 25;
        public const int IPPROTO_TCP = 6;
        public const int TCP_INFO = 11;
        public const int TCP_USER_TIMEOUT = 18;
        public const int TcpInfoBytes = 232;

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int optname, out int optval, ref uint optlen);

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int optname, out Linger optval, ref uint optlen);

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockopt(int fd, int level, int optname, byte* optval, ref uint optlen);

        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        public static extern int SetLinger(int fd, int level, int optname, in Linger optval, uint optlen);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int optname, byte* optval, uint optlen);

        public static void ThrowIfFailed(int result, string what)
        {
            if (result == -1)
            {
                throw new SocketException(Marshal.GetLastPInvokeError()) { Source = what };
            }
        }
    }

    public static unsafe class ConnectionDiagnostics
    {
        private const int MACOS_SO_NET_SERVICE_TYPE = 0x1116;
        private const int MACOS_NET_SERVICE_TYPE_RD = 8;
        private const int WINSOCK_SOL_SOCKET = 0xffff;
        private const int WINSOCK_SO_PORT_SCALABILITY = 0x3006;

        public static int ReceiveBufferSize(Socket socket)
        {
            int fd = (int)socket.Handle;
            uint length = sizeof(int);
            LinuxSockets.ThrowIfFailed(LinuxSockets.getsockopt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_RCVBUF, out int value, ref length), "getsockopt(SO_RCVBUF)");
            return value;
        }

        public static (bool Enabled, int Seconds) ReadLinger(Socket socket)
        {
            uint length = (uint)Marshal.SizeOf<Linger>();
            LinuxSockets.ThrowIfFailed(LinuxSockets.getsockopt((int)socket.Handle, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_LINGER, out Linger linger, ref length), "getsockopt(SO_LINGER)");
            return (linger.OnOff != 0, linger.Seconds);
        }

        // A graceful close that waits up to `seconds` for unsent data (not the zero-linger abort).
        public static void SetGracefulLinger(Socket socket, int seconds)
        {
            var linger = new Linger { OnOff = 1, Seconds = seconds };
            LinuxSockets.ThrowIfFailed(LinuxSockets.SetLinger((int)socket.Handle, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_LINGER, in linger, (uint)Marshal.SizeOf<Linger>()), "setsockopt(SO_LINGER)");
        }

        public static void BindToDevice(Socket socket, string device)
        {
            byte[] name = Encoding.ASCII.GetBytes(device + "\0");
            if (name.Length > InterfaceName.Size)
            {
                throw new ArgumentException("interface name too long", nameof(device));
            }

            fixed (byte* p = name)
            {
                LinuxSockets.ThrowIfFailed(LinuxSockets.setsockopt((int)socket.Handle, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_BINDTODEVICE, p, (uint)name.Length), "setsockopt(SO_BINDTODEVICE)");
            }
        }

        public static string BoundDevice(Socket socket)
        {
            InterfaceName name;
            uint length = InterfaceName.Size;
            LinuxSockets.ThrowIfFailed(LinuxSockets.getsockopt((int)socket.Handle, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_BINDTODEVICE, name.Bytes, ref length), "getsockopt(SO_BINDTODEVICE)");
            return Encoding.ASCII.GetString(name.Bytes, (int)length).TrimEnd('\0');
        }

        // tcp_info: tcpi_state is the first byte, tcpi_rtt (microseconds) the u32 at offset 68.
        public static (byte State, uint RttMicroseconds) TcpInfo(Socket socket)
        {
            byte* info = stackalloc byte[LinuxSockets.TcpInfoBytes];
            uint length = LinuxSockets.TcpInfoBytes;
            LinuxSockets.ThrowIfFailed(LinuxSockets.getsockopt((int)socket.Handle, LinuxSockets.IPPROTO_TCP, LinuxSockets.TCP_INFO, info, ref length), "getsockopt(TCP_INFO)");
            return (info[0], length >= 72 ? *(uint*)(info + 68) : 0);
        }

        // Call before Bind/Connect (SO_PORT_SCALABILITY only affects the later bind).
        public static void ApplyPlatformTuning(Socket socket, int userTimeoutMilliseconds)
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(LinuxSockets.IPPROTO_TCP, LinuxSockets.TCP_USER_TIMEOUT, BitConverter.GetBytes(userTimeoutMilliseconds));
            }
            else if (OperatingSystem.IsMacOS())
            {
                // Apple's SOL_SOCKET really is 0xffff.
                socket.SetRawSocketOption(0xffff, MACOS_SO_NET_SERVICE_TYPE, BitConverter.GetBytes(MACOS_NET_SERVICE_TYPE_RD));
            }
            else if (OperatingSystem.IsWindows())
            {
                socket.SetRawSocketOption(WINSOCK_SOL_SOCKET, WINSOCK_SO_PORT_SCALABILITY, BitConverter.GetBytes(1));
            }
        }
    }

    // One factory for IP and Unix-domain listeners. Unix-domain sockets need ProtocolType.Unspecified, and the IP case
    // uses it too, so .NET sets no SO_REUSEADDR (fact 2): the factory sets the platform's SO_REUSEADDR itself, and only
    // that flag (not SO_REUSEPORT, so the port is never shared; facts 3-5).
    public static class ListenerFactory
    {
        private const int LINUX_SOL_SOCKET = 1;
        private const int LINUX_SO_REUSEADDR = 2;
        private const int BSD_SOL_SOCKET = 0xffff;
        private const int BSD_SO_REUSEADDR = 4;

        public static Socket Listen(EndPoint endPoint, int backlog)
        {
            var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                if (endPoint is IPEndPoint)
                {
                    AllowRestartDuringTimeWait(listener);
                }

                listener.Bind(endPoint);
                listener.Listen(backlog);
                return listener;
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        }

        private static void AllowRestartDuringTimeWait(Socket listener)
        {
            if (OperatingSystem.IsLinux())
            {
                listener.SetRawSocketOption(LINUX_SOL_SOCKET, LINUX_SO_REUSEADDR, BitConverter.GetBytes(1));
            }
            else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            {
                listener.SetRawSocketOption(BSD_SOL_SOCKET, BSD_SO_REUSEADDR, BitConverter.GetBytes(1));
            }

            // Windows: SO_REUSEADDR there would let another socket take over the port; keep the default.
        }
    }
}
