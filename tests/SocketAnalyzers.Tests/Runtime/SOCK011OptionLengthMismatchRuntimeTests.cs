using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK011's premises (fact 19): an optlen smaller than the option fails with EINVAL; a larger one makes the kernel
    /// read (setsockopt) or write (getsockopt) the bytes past the value as part of the option; getsockopt with a short
    /// optlen returns a truncated value.
    /// </summary>
    public class SOCK011OptionLengthMismatchRuntimeTests
    {
        private const int SolSocket = 1;
        private const int SoReuseAddr = 2;
        private const int SoLinger = 13;
        private const int Einval = 22;

        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        private static extern int SetInt(int fd, int level, int name, ref int optval, int optlen);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        private static extern int GetInt(int fd, int level, int name, ref int optval, ref int optlen);

        private static int Get(int fd, int name)
        {
            int value = 0, length = sizeof(int);
            Assert.Equal(0, GetInt(fd, SolSocket, name, ref value, ref length));
            return value;
        }

        [LinuxTheory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void Optlen_smaller_than_an_int_option_fails_with_EINVAL(int optlen)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;

            int one = 1;
            Assert.Equal(-1, SetInt(fd, SolSocket, SoReuseAddr, ref one, optlen));
            Assert.Equal(Einval, Marshal.GetLastPInvokeError());
            Assert.Equal(0, Get(fd, SoReuseAddr));

            Assert.Equal(0, SetInt(fd, SolSocket, SoReuseAddr, ref one, sizeof(int)));
            Assert.Equal(1, Get(fd, SoReuseAddr));
        }

        [LinuxFact]
        public void Optlen_larger_than_the_value_makes_setsockopt_read_the_bytes_after_it()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;

            // An int "l_onoff = 1" with optlen 8 for SO_LINGER (struct linger, 8 bytes): the kernel takes the next
            // four bytes in memory, here a neighbour holding 7, as l_linger.
            int[] memory = { 1, 7 };
            Assert.Equal(0, SetInt(fd, SolSocket, SoLinger, ref memory[0], 8));
            Assert.True(socket.LingerState!.Enabled);
            Assert.Equal(7, socket.LingerState!.LingerTime);

            // With the matching optlen (4) the call is rejected: SO_LINGER needs 8 bytes.
            Assert.Equal(-1, SetInt(fd, SolSocket, SoLinger, ref memory[0], sizeof(int)));
            Assert.Equal(Einval, Marshal.GetLastPInvokeError());
        }

        [LinuxFact]
        public void Optlen_larger_than_the_value_makes_getsockopt_write_past_it()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.LingerState = new LingerOption(true, 5);
            int fd = (int)socket.Handle;

            int[] memory = { -1, -1 };
            int length = 8;
            Assert.Equal(0, GetInt(fd, SolSocket, SoLinger, ref memory[0], ref length));
            Assert.Equal(8, length);
            Assert.Equal(1, memory[0]);
            Assert.Equal(5, memory[1]); // the neighbour was overwritten with l_linger
        }

        [LinuxFact]
        public void Getsockopt_with_a_short_optlen_truncates_the_value()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;
            int one = 1;
            Assert.Equal(0, SetInt(fd, SolSocket, SoReuseAddr, ref one, sizeof(int)));

            int value = -1, length = 2;
            Assert.Equal(0, GetInt(fd, SolSocket, SoReuseAddr, ref value, ref length));
            Assert.Equal(2, length);
            Assert.Equal(unchecked((int)0xFFFF0001), value); // two bytes written, the other two left as they were
        }
    }
}
