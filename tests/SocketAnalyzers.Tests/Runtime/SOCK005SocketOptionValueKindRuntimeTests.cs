using System;
using System.Net;
using System.Net.Sockets;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// Premise of SOCK005 (fact 13): options that need an object fail when given a number or bool, and the object
    /// overload rejects boxed numbers.
    /// </summary>
    public class SOCK005SocketOptionValueKindRuntimeTests
    {
        [LinuxTheory]
        [InlineData(5)]
        [InlineData(0)]
        public void Linger_with_an_int_throws_invalid_argument(int value)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var e = Assert.Throws<SocketException>(() => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, value));
            Assert.Equal(SocketError.InvalidArgument, e.SocketErrorCode);
            Assert.False(socket.LingerState!.Enabled);
        }

        [LinuxTheory]
        [InlineData(true)]
        [InlineData(false)]
        public void Linger_with_a_bool_throws_invalid_argument(bool value)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var e = Assert.Throws<SocketException>(() => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, value));
            Assert.Equal(SocketError.InvalidArgument, e.SocketErrorCode);
        }

        [LinuxFact]
        public void The_fix_for_linger_sets_it()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.LingerState = new LingerOption(true, 5);
            Assert.True(socket.LingerState!.Enabled);
            Assert.Equal(5, socket.LingerState!.LingerTime);
        }

        [LinuxFact]
        public void Linger_through_the_object_overload_with_a_boxed_int_throws_argument_exception()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var e = Assert.Throws<ArgumentException>(() => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, (object)5));
            Assert.Contains("LingerOption", e.Message, StringComparison.Ordinal);
        }

        [LinuxTheory]
        [InlineData(true)]
        [InlineData(1)]
        public void Numeric_option_through_the_object_overload_throws_argument_exception(object value)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var e = Assert.Throws<ArgumentException>(() => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value));
            Assert.Equal("optionValue", e.ParamName);

            // The typed overload the fix calls works.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
        }

        [LinuxFact]
        public void AddMembership_with_an_int_fails_on_udp_and_tcp()
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var e = Assert.Throws<SocketException>(() => udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, 1));
            Assert.Equal(SocketError.InvalidArgument, e.SocketErrorCode);

            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.Throws<SocketException>(() => tcp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, 1));
        }

        [LinuxFact]
        public void Ipv6_and_source_membership_with_an_int_fail()
        {
            using var udp6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            Assert.Throws<SocketException>(() => udp6.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, 1));

            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var e = Assert.Throws<SocketException>(() => udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddSourceMembership, 1));
            Assert.Equal(SocketError.InvalidArgument, e.SocketErrorCode);
        }

        [LinuxFact]
        public void AddMembership_with_a_boxed_int_throws_argument_exception_and_a_MulticastOption_works()
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var e = Assert.Throws<ArgumentException>(() => udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, (object)1));
            Assert.Contains("MulticastOption", e.Message, StringComparison.Ordinal);

            // Joining on the loopback interface needs no network.
            udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership,
                new MulticastOption(IPAddress.Parse("239.255.42.99"), IPAddress.Loopback));
        }
    }
}
