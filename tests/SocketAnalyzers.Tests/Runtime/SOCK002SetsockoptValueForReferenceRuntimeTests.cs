using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK002's premise (fact 17): an option value passed where setsockopt/getsockopt expect its address makes the
    /// kernel use the number as an address: -1, EFAULT, the option unchanged. The declaration the fix writes (ref) and
    /// the address the call fix passes (&amp;value) set it.
    /// </summary>
    public unsafe class SOCK002SetsockoptValueForReferenceRuntimeTests
    {
        private const int SolSocket = 1;
        private const int SoReuseAddr = 2;
        private const int Efault = 14;

        // The C bug `setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)reuse, sizeof(reuse))` in C#: the value by value.
        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        private static extern int SetByValue(int fd, int level, int name, int optval, int optlen);

        // What the SOCK002 declaration fix writes.
        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        private static extern int SetByRef(int fd, int level, int name, ref int optval, int optlen);

        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        private static extern int SetIntPtr(int fd, int level, int name, IntPtr optval, int optlen);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        private static extern int GetIntPtr(int fd, int level, int name, IntPtr optval, ref int optlen);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        private static extern int GetByRef(int fd, int level, int name, out int optval, ref int optlen);

        private static int ReuseAddress(int fd)
        {
            int length = sizeof(int);
            Assert.Equal(0, GetByRef(fd, SolSocket, SoReuseAddr, out int value, ref length));
            return value;
        }

        [LinuxFact]
        public void By_value_option_fails_with_EFAULT_and_ref_sets_it()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;
            Assert.Equal(0, ReuseAddress(fd));

            int reuse = 1;
            Assert.Equal(-1, SetByValue(fd, SolSocket, SoReuseAddr, reuse, sizeof(int)));
            Assert.Equal(Efault, Marshal.GetLastPInvokeError());
            Assert.Equal(0, ReuseAddress(fd));

            Assert.Equal(0, SetByRef(fd, SolSocket, SoReuseAddr, ref reuse, sizeof(int)));
            Assert.Equal(1, ReuseAddress(fd));
        }

        [LinuxFact]
        public void Number_cast_to_IntPtr_fails_and_its_address_works()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;

            int reuse = 1;
            Assert.Equal(-1, SetIntPtr(fd, SolSocket, SoReuseAddr, (IntPtr)reuse, sizeof(int)));
            Assert.Equal(Efault, Marshal.GetLastPInvokeError());
            Assert.Equal(-1, SetIntPtr(fd, SolSocket, SoReuseAddr, new IntPtr(reuse), sizeof(int)));
            Assert.Equal(Efault, Marshal.GetLastPInvokeError());
            Assert.Equal(0, ReuseAddress(fd));

            Assert.Equal(0, SetIntPtr(fd, SolSocket, SoReuseAddr, (IntPtr)(&reuse), sizeof(int)));
            Assert.Equal(1, ReuseAddress(fd));
        }

        [LinuxFact]
        public void Getsockopt_into_a_number_made_address_fails_with_EFAULT()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;

            int value = 1, length = sizeof(int);
            Assert.Equal(-1, GetIntPtr(fd, SolSocket, SoReuseAddr, (IntPtr)value, ref length));
            Assert.Equal(Efault, Marshal.GetLastPInvokeError());

            length = sizeof(int);
            value = -1;
            Assert.Equal(0, GetIntPtr(fd, SolSocket, SoReuseAddr, (IntPtr)(&value), ref length));
            Assert.Equal(0, value);
        }
    }
}
