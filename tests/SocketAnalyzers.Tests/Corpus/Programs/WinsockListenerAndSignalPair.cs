// Two correct shapes real servers use that the reuse rules must leave alone:
// - A Windows-only listener on Winsock imports (bind imported under another name with EntryPoint). It sets no
//   SO_REUSEADDR on purpose: since Windows 2000 a listener rebinds its port while old connections are in TIME_WAIT
//   without it (Microsoft KB 307175), and Winsock's SO_REUSEADDR would let another socket bind the same port and take
//   its traffic. SOCK001's raw check is for libc-style stacks only.
// - An internal wake-up listener on loopback bound to port 0: the OS picks a fresh, short-lived port, so nothing can be
//   waiting to share it (SOCK001 and SOCK007 both exempt constant port 0).
using System;
using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Corpus.WinsockListener
{
    internal static class Winsock
    {
        [DllImport("ws2_32.dll", SetLastError = true)]
        internal static extern IntPtr socket(int af, int type, int protocol);

        [DllImport("ws2_32.dll", EntryPoint = "bind", SetLastError = true)]
        internal static extern int BindSocket(IntPtr s, byte[] name, int namelen);

        [DllImport("ws2_32.dll", SetLastError = true)]
        internal static extern int listen(IntPtr s, int backlog);

        [DllImport("ws2_32.dll", SetLastError = true)]
        internal static extern int closesocket(IntPtr s);
    }

    public static class NativeListener
    {
        private const int AfInet = 2;
        private const int SockStream = 1;
        private const int IpProtoTcp = 6;

        /// <summary>Opens a listening socket on the given sockaddr_in bytes (Windows only).</summary>
        public static IntPtr Open(byte[] sockaddrIn, int backlog)
        {
            IntPtr s = Winsock.socket(AfInet, SockStream, IpProtoTcp);
            if (s == new IntPtr(-1))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            if (Winsock.BindSocket(s, sockaddrIn, sockaddrIn.Length) != 0 || Winsock.listen(s, backlog) != 0)
            {
                int error = Marshal.GetLastWin32Error();
                Winsock.closesocket(s);
                throw new Win32Exception(error);
            }

            return s;
        }
    }

    /// <summary>A loopback listener whose only job is to give a peer something to connect to, on a port the OS picks.</summary>
    public sealed class WakeupListener : IDisposable
    {
        private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public WakeupListener()
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(1);
        }

        public EndPoint? EndPoint => _listener.LocalEndPoint;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The same with a TcpListener.</summary>
    public sealed class LoopbackSignal : IDisposable
    {
        private readonly TcpListener _listener;

        public LoopbackSignal()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0) { ExclusiveAddressUse = false };
            _listener.Start(1);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose() => _listener.Stop();
    }
}
