using System;
using System.Net.Sockets;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK013's premise (fact 16): SetRawSocketOption/GetRawSocketOption pass the numbers unchanged, and the .NET enum
    /// numbers are Winsock's: (0xffff, 4) fails with errno 92 on Linux, (1, 4) is SO_ERROR there, and
    /// (IP, HeaderIncluded) = (0, 2) is Linux's IP_TTL. The typed overloads translate the numbers.
    /// </summary>
    public class SOCK013RawSocketOptionWindowsNumbersRuntimeTests
    {
        private const int LinuxSolSocket = 1;
        private const int LinuxSoReuseAddr = 2;
        private const int Enoprotoopt = 92;
        private const int Eopnotsupp = 95;

        [LinuxFact]
        public void Enum_numbers_for_SO_REUSEADDR_fail_with_ENOPROTOOPT()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            var error = Assert.Throws<SocketException>(() => socket.SetRawSocketOption(
                (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1)));
            Assert.Equal(SocketError.ProtocolOption, error.SocketErrorCode);
            Assert.Equal(0, ReadInt(socket, LinuxSolSocket, LinuxSoReuseAddr));

            // Linux's SOL_SOCKET with the Winsock number of SO_REUSEADDR is SO_ERROR, which cannot be set.
            error = Assert.Throws<SocketException>(() => socket.SetRawSocketOption(
                LinuxSolSocket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1)));
            Assert.Equal(SocketError.ProtocolOption, error.SocketErrorCode);
            Assert.Equal(0, ReadInt(socket, LinuxSolSocket, LinuxSoReuseAddr));
        }

        [LinuxFact]
        public void Udp_socket_level_0xffff_fails_the_same_way()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var error = Assert.Throws<SocketException>(() => socket.SetRawSocketOption(
                (int)SocketOptionLevel.Socket, (int)SocketOptionName.Broadcast, BitConverter.GetBytes(1)));
            Assert.Equal(SocketError.ProtocolOption, error.SocketErrorCode);
            Assert.False(socket.EnableBroadcast);
        }

        [LinuxFact]
        public void Winsock_HeaderIncluded_number_sets_the_TTL_on_Linux()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            short before = socket.Ttl;
            Assert.NotEqual(5, before);

            socket.SetRawSocketOption((int)SocketOptionLevel.IP, (int)SocketOptionName.HeaderIncluded, BitConverter.GetBytes(5));
            Assert.Equal(5, socket.Ttl);
        }

        [LinuxFact]
        public void Typed_overload_translates_the_numbers()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            Assert.Equal(1, ReadInt(socket, LinuxSolSocket, LinuxSoReuseAddr));
        }

        [LinuxTheory]
        [InlineData(ProtocolType.Tcp)]
        [InlineData(ProtocolType.Udp)]
        public void Native_errors_are_ENOPROTOOPT_for_set_and_EOPNOTSUPP_for_get(ProtocolType protocol)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, protocol == ProtocolType.Tcp ? SocketType.Stream : SocketType.Dgram, protocol);
            var set = Assert.Throws<SocketException>(() => socket.SetRawSocketOption(
                (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1)));
            var get = Assert.Throws<SocketException>(() => socket.GetRawSocketOption(
                (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, new byte[4]));
            Assert.Equal((SocketError.ProtocolOption, Enoprotoopt), (set.SocketErrorCode, set.NativeErrorCode));
            Assert.Equal((SocketError.OperationNotSupported, Eopnotsupp), (get.SocketErrorCode, get.NativeErrorCode));
        }

        private static int ReadInt(Socket socket, int level, int name)
        {
            var value = new byte[4];
            Assert.Equal(4, socket.GetRawSocketOption(level, name, value));
            return BitConverter.ToInt32(value);
        }
    }
}
