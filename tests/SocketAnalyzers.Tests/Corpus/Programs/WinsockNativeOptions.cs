// Winsock declarations for a Windows build of a tool: SOCKET is a pointer-sized handle, SOL_SOCKET is 0xffff and
// SO_REUSEADDR is 4 there (fact 3). The option value goes by reference with sizeof(int); errors come from
// Marshal.GetLastPInvokeError because SetLastError is on. A byte[] overload passes a buffer with its own length.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Winsock
{
    internal static class Ws2
    {
        public const int SOL_SOCKET = 0xffff;
        public const int SO_REUSEADDR = 0x0004;
        public const int SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
        public const int SO_KEEPALIVE = 0x0008;
        public const int SO_RCVBUF = 0x1002;

        [DllImport("ws2_32.dll", SetLastError = true)]
        public static extern int setsockopt(IntPtr s, int level, int optname, ref int optval, int optlen);

        [DllImport("ws2_32.dll", EntryPoint = "setsockopt", SetLastError = true)]
        public static extern int setsockoptBuffer(IntPtr s, int level, int optname, byte[] optval, int optlen);

        [DllImport("ws2_32.dll", SetLastError = true)]
        public static extern int getsockopt(IntPtr s, int level, int optname, ref int optval, ref int optlen);
    }

    public static class WinsockTuning
    {
        /// <summary>Makes the port exclusive on Windows, where another process could otherwise bind it too.</summary>
        public static void MakeExclusive(IntPtr handle)
        {
            int one = 1;
            if (Ws2.setsockopt(handle, Ws2.SOL_SOCKET, Ws2.SO_EXCLUSIVEADDRUSE, ref one, sizeof(int)) != 0)
            {
                throw new InvalidOperationException("SO_EXCLUSIVEADDRUSE failed: " + Marshal.GetLastPInvokeError());
            }
        }

        public static void EnableKeepAlive(IntPtr handle)
        {
            byte[] value = BitConverter.GetBytes(1);
            if (Ws2.setsockoptBuffer(handle, Ws2.SOL_SOCKET, Ws2.SO_KEEPALIVE, value, value.Length) != 0)
            {
                throw new InvalidOperationException("SO_KEEPALIVE failed: " + Marshal.GetLastPInvokeError());
            }
        }

        public static int ReceiveBuffer(IntPtr handle)
        {
            int size = 0;
            int length = sizeof(int);
            return Ws2.getsockopt(handle, Ws2.SOL_SOCKET, Ws2.SO_RCVBUF, ref size, ref length) == 0 ? size : -1;
        }
    }
}
