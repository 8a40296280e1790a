using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// Premise of SOCK009 (fact 15): SocketOptionName members share numbers, so at the wrong level .NET passes another
    /// option to the kernel or fails. The kernel's view is read with GetRawSocketOption (Linux numbers).
    /// </summary>
    public class SOCK009SocketOptionLevelRuntimeTests
    {
        private const int SolSocket = 1, SoDebug = 1;
        private const int IpProtoIp = 0, IpTtl = 2;
        private const int IpProtoTcp = 6, TcpNoDelay = 1;

        private static int Raw(Socket socket, int level, int name)
        {
            var buffer = new byte[4];
            socket.GetRawSocketOption(level, name, buffer);
            return BitConverter.ToInt32(buffer, 0);
        }

        [LinuxFact]
        public void NoDelay_at_socket_level_leaves_tcp_nodelay_off_and_targets_so_debug()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.Equal(0, Raw(socket, IpProtoTcp, TcpNoDelay));
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);
                // With CAP_NET_ADMIN the kernel accepts SO_DEBUG: no error, the wrong option is on.
                Assert.Equal(1, Raw(socket, SolSocket, SoDebug));
            }
            catch (SocketException e)
            {
                // Without CAP_NET_ADMIN Linux refuses SO_DEBUG with EACCES: still SO_DEBUG, never TCP_NODELAY.
                Assert.Equal(SocketError.AccessDenied, e.SocketErrorCode);
            }

            Assert.Equal(0, Raw(socket, IpProtoTcp, TcpNoDelay));
            Assert.False(socket.NoDelay);

            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            Assert.Equal(1, Raw(socket, IpProtoTcp, TcpNoDelay));
        }

        [LinuxFact]
        public async Task NoDelay_at_socket_level_on_a_connected_loopback_socket_leaves_nagle_on()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(5));
            using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));

            try
            {
                client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
            {
                // No CAP_NET_ADMIN: the kernel refused SO_DEBUG; TCP_NODELAY is untouched either way.
            }

            Assert.Equal(0, Raw(client, IpProtoTcp, TcpNoDelay));
            Assert.False(client.NoDelay);
        }

        [LinuxFact]
        public void ReuseAddress_at_ip_level_sets_the_ttl_to_one()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int before = Raw(socket, IpProtoIp, IpTtl);
            Assert.NotEqual(1, before);

            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.ReuseAddress, true);

            Assert.Equal(1, Raw(socket, IpProtoIp, IpTtl));
            Assert.Equal(1, socket.Ttl);
            Assert.Equal(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
        }

        [LinuxFact]
        public void ReuseAddress_at_tcp_level_throws_operation_not_supported()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var e = Assert.Throws<SocketException>(() => socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.ReuseAddress, true));
            Assert.Equal(SocketError.OperationNotSupported, e.SocketErrorCode);
        }

        [LinuxTheory]
        [InlineData(SocketOptionLevel.IP)]
        [InlineData(SocketOptionLevel.Tcp)]
        [InlineData(SocketOptionLevel.Udp)]
        public void Error_is_read_at_any_level_so_the_rule_leaves_it_alone(SocketOptionLevel level)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var buffer = new byte[4];
            socket.GetSocketOption(level, SocketOptionName.Error, buffer);
            Assert.Equal(0, BitConverter.ToInt32(buffer, 0));
        }
    
        /// <summary>
        /// The analyzer's tables against the runtime: for every level and every SocketOptionName number, the rule's
        /// claim "this level reads the number as member X" (or "has no option with this number on Linux, so the call
        /// throws OperationNotSupported") must match what .NET does on Linux.
        /// </summary>
        [LinuxTheory]
        [InlineData(SocketOptionLevel.Socket, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)]
        [InlineData(SocketOptionLevel.IP, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)]
        [InlineData(SocketOptionLevel.IPv6, AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp)]
        [InlineData(SocketOptionLevel.Tcp, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)]
        [InlineData(SocketOptionLevel.Udp, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)]
        public void Level_table_matches_the_linux_runtime(SocketOptionLevel level, AddressFamily family, SocketType type, ProtocolType protocol)
        {
            var flag = SocketNumbers.LevelOf((int)level);
            var mismatches = new List<string>();
            foreach (int number in Enum.GetValues<SocketOptionName>().Select(n => (int)n).Distinct())
            {
                if (number == (int)SocketOptionName.Error)
                {
                    continue; // read at any level on Linux; the rule never reports Error.
                }

                var members = Enum.GetNames<SocketOptionName>().Where(n => (int)Enum.Parse<SocketOptionName>(n) == number).ToList();
                bool claimedMapped = members.Any(m =>
                    SocketNumbers.Owners.TryGetValue(m, out var owners) && (owners & flag) != 0
                    && SocketOptionLevelAnalyzer.LinuxMapped.TryGetValue(m, out var mapped) && (mapped & flag) != 0);

                using var socket = new Socket(family, type, protocol);
                bool notSupported;
                try
                {
                    socket.GetSocketOption(level, (SocketOptionName)number, new byte[64]);
                    notSupported = false;
                }
                catch (SocketException e)
                {
                    notSupported = e.SocketErrorCode == SocketError.OperationNotSupported;
                }

                if (claimedMapped == notSupported)
                {
                    mismatches.Add($"{level}/{string.Join("=", members)} ({number}): table says {(claimedMapped ? "mapped" : "unmapped")}, runtime {(notSupported ? "OperationNotSupported" : "mapped")}");
                }
            }

            Assert.Empty(mismatches);
        }
    }
}
