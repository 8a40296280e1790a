using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SocketAnalyzers
{
    /// <summary>The five <c>SocketOptionLevel</c> members, as flags so a member can belong to several.</summary>
    [Flags]
    internal enum OptionLevels
    {
        None = 0,
        Socket = 1,
        IP = 2,
        IPv6 = 4,
        Tcp = 8,
        Udp = 16,
    }

    /// <summary>Whose numbers an option call uses.</summary>
    internal enum OptionPlatform
    {
        /// <summary>Not known: the numbers match no platform's table, or are not constants.</summary>
        Unknown,

        /// <summary>The .NET <c>SocketOptionLevel</c>/<c>SocketOptionName</c> enums (their values are Winsock's).</summary>
        DotNet,

        /// <summary>Linux (glibc, musl): SOL_SOCKET = 1.</summary>
        Linux,

        /// <summary>macOS and the BSDs, and Winsock at the socket level: SOL_SOCKET = 0xffff.</summary>
        Bsd,
    }

    /// <summary>The options the rules care about, whatever numbers or API name them.</summary>
    internal enum KnownOption
    {
        Other,
        ReuseAddress,
        ReusePort,
        ExclusiveAddressUse,
        Linger,
        DontLinger,
        KeepAlive,
        Broadcast,
        SendBuffer,
        ReceiveBuffer,
        SendTimeout,
        ReceiveTimeout,
        NoDelay,
    }

    /// <summary>
    /// The one table of socket numbers: option levels and names per platform, and the AddressFamily, SocketType and
    /// ProtocolType values of .NET. Sources: the .NET enums (System.Net.Sockets), Linux asm-generic/socket.h and
    /// netinet/in.h, macOS/FreeBSD sys/socket.h, Winsock winsock2.h/ws2def.h.
    /// </summary>
    internal static class SocketNumbers
    {
        // ------------------------------------------------------------ .NET enums (AddressFamily, SocketType, ProtocolType)
        internal const int AddressFamilyUnix = 1;
        internal const int AddressFamilyInterNetwork = 2;
        internal const int AddressFamilyInterNetworkV6 = 23;
        internal const int SocketTypeStream = 1;
        internal const int SocketTypeDgram = 2;
        internal const int ProtocolTypeUnspecified = 0;
        internal const int ProtocolTypeTcp = 6;
        internal const int ProtocolTypeUdp = 17;

        /// <summary>SocketOptionLevel and SocketOptionName values (Winsock's numbers, ExclusiveAddressUse = ~ReuseAddress).</summary>
        internal static class DotNet
        {
            internal const int LevelSocket = 0xffff;
            internal const int LevelIP = 0;
            internal const int LevelIPv6 = 41;
            internal const int LevelTcp = 6;
            internal const int LevelUdp = 17;

            internal const int Debug = 1;
            internal const int AcceptConnection = 2;
            internal const int ReuseAddress = 4;
            internal const int ExclusiveAddressUse = ~ReuseAddress;
            internal const int KeepAlive = 8;
            internal const int DontRoute = 0x10;
            internal const int Broadcast = 0x20;
            internal const int UseLoopback = 0x40;
            internal const int Linger = 0x80;
            internal const int DontLinger = ~Linger;
            internal const int OutOfBandInline = 0x100;
            internal const int SendBuffer = 0x1001;
            internal const int ReceiveBuffer = 0x1002;
            internal const int SendLowWater = 0x1003;
            internal const int ReceiveLowWater = 0x1004;
            internal const int SendTimeout = 0x1005;
            internal const int ReceiveTimeout = 0x1006;
            internal const int Error = 0x1007;
            internal const int Type = 0x1008;
            internal const int NoDelay = 1; // at LevelTcp

            /// <summary>SocketOptionName members at the socket level (0xffff), by number: to name a raw call's typed equivalent.</summary>
            internal static readonly ImmutableDictionary<long, string> SocketLevelMembers = new Dictionary<long, string>
            {
                [Debug] = "Debug",
                [AcceptConnection] = "AcceptConnection",
                [ReuseAddress] = "ReuseAddress",
                [KeepAlive] = "KeepAlive",
                [DontRoute] = "DontRoute",
                [Broadcast] = "Broadcast",
                [UseLoopback] = "UseLoopback",
                [Linger] = "Linger",
                [OutOfBandInline] = "OutOfBandInline",
                [SendBuffer] = "SendBuffer",
                [ReceiveBuffer] = "ReceiveBuffer",
                [SendLowWater] = "SendLowWater",
                [ReceiveLowWater] = "ReceiveLowWater",
                [SendTimeout] = "SendTimeout",
                [ReceiveTimeout] = "ReceiveTimeout",
                [Error] = "Error",
                [Type] = "Type",
            }.ToImmutableDictionary();
        }

        /// <summary>Linux: SOL_SOCKET and the SO_* names at it.</summary>
        internal static class Linux
        {
            internal const int SolSocket = 1;
            internal const int SoDebug = 1; // the same number as Winsock's SO_DEBUG
            internal const int SoReuseAddr = 2;
            internal const int SoError = 4;
            internal const int SoBroadcast = 6;
            internal const int SoSndBuf = 7;
            internal const int SoRcvBuf = 8;
            internal const int SoKeepAlive = 9;
            internal const int SoLinger = 13;
            internal const int SoReusePort = 15;
            internal const int SoPassCred = 16;
            internal const int SoRcvTimeo = 20;
            internal const int SoSndTimeo = 21;
            internal const int SoSndBufForce = 32;

            /// <summary>
            /// The Linux SOL_SOCKET options whose numbers are those of SocketOptionName's socket-level members
            /// (Winsock's): what <c>setsockopt(fd, SOL_SOCKET, (int)SocketOptionName.X, ...)</c> really sets on Linux.
            /// </summary>
            internal static readonly ImmutableDictionary<long, string> SocketLevelNames = new Dictionary<long, string>
            {
                [SoReuseAddr] = "SO_REUSEADDR",
                [SoError] = "SO_ERROR",
                [SoRcvBuf] = "SO_RCVBUF",
                [SoPassCred] = "SO_PASSCRED",
                [SoSndBufForce] = "SO_SNDBUFFORCE",
            }.ToImmutableDictionary();

            /// <summary>
            /// Per protocol level (IP 0, Tcp 6, Udp 17, IPv6 41: the same level numbers on every platform), the option
            /// numbers where SocketOptionName (Winsock's numbers) and Linux disagree: the member with that number and the
            /// Linux option with that number at that level (null: none). NoDelay (1) is TCP_NODELAY on Linux too.
            /// </summary>
            internal static readonly ImmutableDictionary<long, ImmutableDictionary<long, (string Member, string? Linux)>> DifferingFromWinsock =
                new Dictionary<long, ImmutableDictionary<long, (string Member, string? Linux)>>
                {
                    [DotNet.LevelIP] = new Dictionary<long, (string Member, string? Linux)>
                    {
                        [1] = ("IPOptions", "IP_TOS"),
                        [2] = ("HeaderIncluded", "IP_TTL"),
                        [3] = ("TypeOfService", "IP_HDRINCL"),
                        [4] = ("IpTimeToLive", "IP_OPTIONS"),
                        [9] = ("MulticastInterface", "IP_PKTOPTIONS"),
                        [10] = ("MulticastTimeToLive", "IP_MTU_DISCOVER"),
                        [11] = ("MulticastLoopback", "IP_RECVERR"),
                        [12] = ("AddMembership", "IP_RECVTTL"),
                        [13] = ("DropMembership", "IP_RECVTOS"),
                        [14] = ("DontFragment", "IP_MTU"),
                        [15] = ("AddSourceMembership", "IP_FREEBIND"),
                        [16] = ("DropSourceMembership", "IP_IPSEC_POLICY"),
                        [17] = ("BlockSource", "IP_XFRM_POLICY"),
                        [18] = ("UnblockSource", "IP_PASSSEC"),
                        [19] = ("PacketInformation", "IP_TRANSPARENT"),
                        [23] = ("IPProtectionLevel", "IP_CHECKSUM"),
                    }.ToImmutableDictionary(),
                    [DotNet.LevelIPv6] = new Dictionary<long, (string Member, string? Linux)>
                    {
                        [2] = ("HeaderIncluded", "IPV6_2292PKTINFO"),
                        [4] = ("IpTimeToLive", "IPV6_2292DSTOPTS"),
                        [9] = ("MulticastInterface", "IPV6_NEXTHOP"),
                        [10] = ("MulticastTimeToLive", "IPV6_AUTHHDR"),
                        [11] = ("MulticastLoopback", "IPV6_FLOWINFO"),
                        [12] = ("AddMembership", null),
                        [13] = ("DropMembership", null),
                        [19] = ("PacketInformation", "IPV6_MULTICAST_LOOP"),
                        [21] = ("HopLimit", "IPV6_DROP_MEMBERSHIP"),
                        [23] = ("IPProtectionLevel", "IPV6_MTU_DISCOVER"),
                        [27] = ("IPv6Only", "IPV6_JOIN_ANYCAST"),
                    }.ToImmutableDictionary(),
                    [DotNet.LevelTcp] = new Dictionary<long, (string Member, string? Linux)>
                    {
                        [2] = ("Expedited", "TCP_MAXSEG"),
                        [3] = ("TcpKeepAliveTime", "TCP_CORK"),
                        [15] = ("FastOpen", null),
                        [16] = ("TcpKeepAliveRetryCount", "TCP_THIN_LINEAR_TIMEOUTS"),
                        [17] = ("TcpKeepAliveInterval", "TCP_THIN_DUPACK"),
                    }.ToImmutableDictionary(),
                    [DotNet.LevelUdp] = new Dictionary<long, (string Member, string? Linux)>
                    {
                        [1] = ("NoChecksum", "UDP_CORK"),
                        [20] = ("ChecksumCoverage", null),
                    }.ToImmutableDictionary(),
                }.ToImmutableDictionary();
        }

        /// <summary>macOS/BSD (and Winsock, whose socket-level numbers are the same, except SO_REUSEPORT).</summary>
        internal static class Bsd
        {
            internal const int SolSocket = 0xffff;
            internal const int SoReuseAddr = 4;
            internal const int SoKeepAlive = 8;
            internal const int SoBroadcast = 0x20;
            internal const int SoLinger = 0x80;
            internal const int SoReusePort = 0x200;
            internal const int SoSndBuf = 0x1001;
            internal const int SoRcvBuf = 0x1002;
            internal const int SoSndTimeo = 0x1005;
            internal const int SoRcvTimeo = 0x1006;

            /// <summary>Winsock only: SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR.</summary>
            internal const int WinsockExclusiveAddrUse = ~SoReuseAddr;
        }

        /// <summary>IPPROTO_TCP and TCP_NODELAY: the same on every platform.</summary>
        internal const int IpProtoTcp = 6;
        internal const int TcpNoDelay = 1;

        /// <summary>
        /// The option a pair of numbers names, and whose numbers they are. .NET enum numbers are read as
        /// <see cref="OptionPlatform.DotNet"/> only when <paramref name="dotNet"/> is set (the call takes the enums).
        /// Raw numbers are read against Linux and BSD/Winsock; the socket levels differ (1 and 0xffff), so a pair
        /// never matches both.
        /// </summary>
        internal static (KnownOption Option, OptionPlatform Platform) Identify(long? level, long? name, bool dotNet)
        {
            if (level is not { } l || name is not { } n)
            {
                return (KnownOption.Other, OptionPlatform.Unknown);
            }

            if (dotNet)
            {
                if (l == DotNet.LevelSocket)
                {
                    return (n switch
                    {
                        DotNet.ReuseAddress => KnownOption.ReuseAddress,
                        DotNet.ExclusiveAddressUse => KnownOption.ExclusiveAddressUse,
                        DotNet.KeepAlive => KnownOption.KeepAlive,
                        DotNet.Broadcast => KnownOption.Broadcast,
                        DotNet.Linger => KnownOption.Linger,
                        DotNet.DontLinger => KnownOption.DontLinger,
                        DotNet.SendBuffer => KnownOption.SendBuffer,
                        DotNet.ReceiveBuffer => KnownOption.ReceiveBuffer,
                        DotNet.SendTimeout => KnownOption.SendTimeout,
                        DotNet.ReceiveTimeout => KnownOption.ReceiveTimeout,
                        _ => KnownOption.Other,
                    }, OptionPlatform.DotNet);
                }

                return (l == DotNet.LevelTcp && n == DotNet.NoDelay ? KnownOption.NoDelay : KnownOption.Other, OptionPlatform.DotNet);
            }

            if (l == Linux.SolSocket)
            {
                return (n switch
                {
                    Linux.SoReuseAddr => KnownOption.ReuseAddress,
                    Linux.SoReusePort => KnownOption.ReusePort,
                    Linux.SoKeepAlive => KnownOption.KeepAlive,
                    Linux.SoBroadcast => KnownOption.Broadcast,
                    Linux.SoLinger => KnownOption.Linger,
                    Linux.SoSndBuf => KnownOption.SendBuffer,
                    Linux.SoRcvBuf => KnownOption.ReceiveBuffer,
                    Linux.SoSndTimeo => KnownOption.SendTimeout,
                    Linux.SoRcvTimeo => KnownOption.ReceiveTimeout,
                    _ => KnownOption.Other,
                }, OptionPlatform.Linux);
            }

            if (l == Bsd.SolSocket)
            {
                return (n switch
                {
                    Bsd.SoReuseAddr => KnownOption.ReuseAddress,
                    Bsd.SoReusePort => KnownOption.ReusePort,
                    Bsd.WinsockExclusiveAddrUse => KnownOption.ExclusiveAddressUse,
                    Bsd.SoKeepAlive => KnownOption.KeepAlive,
                    Bsd.SoBroadcast => KnownOption.Broadcast,
                    Bsd.SoLinger => KnownOption.Linger,
                    Bsd.SoSndBuf => KnownOption.SendBuffer,
                    Bsd.SoRcvBuf => KnownOption.ReceiveBuffer,
                    Bsd.SoSndTimeo => KnownOption.SendTimeout,
                    Bsd.SoRcvTimeo => KnownOption.ReceiveTimeout,
                    _ => KnownOption.Other,
                }, OptionPlatform.Bsd);
            }

            if (l == IpProtoTcp && n == TcpNoDelay)
            {
                return (KnownOption.NoDelay, OptionPlatform.Unknown);
            }

            return (KnownOption.Other, OptionPlatform.Unknown);
        }

        // ------------------------------------------------------------ SocketOptionLevel members and the names they own

        /// <summary>The level a SocketOptionLevel number names (levels have distinct numbers), or None.</summary>
        internal static OptionLevels LevelOf(long value) => value switch
        {
            DotNet.LevelSocket => OptionLevels.Socket,
            DotNet.LevelIP => OptionLevels.IP,
            DotNet.LevelIPv6 => OptionLevels.IPv6,
            DotNet.LevelTcp => OptionLevels.Tcp,
            DotNet.LevelUdp => OptionLevels.Udp,
            _ => OptionLevels.None,
        };

        /// <summary>The SocketOptionLevel member name of a single level.</summary>
        internal static string LevelName(OptionLevels level) => level switch
        {
            OptionLevels.Socket => "Socket",
            OptionLevels.IP => "IP",
            OptionLevels.IPv6 => "IPv6",
            OptionLevels.Tcp => "Tcp",
            OptionLevels.Udp => "Udp",
            _ => level.ToString(),
        };

        /// <summary>The single levels in a set, in declaration order.</summary>
        internal static IEnumerable<OptionLevels> EachLevel(OptionLevels levels)
        {
            foreach (var level in new[] { OptionLevels.Socket, OptionLevels.IP, OptionLevels.IPv6, OptionLevels.Tcp, OptionLevels.Udp })
            {
                if ((levels & level) != 0)
                {
                    yield return level;
                }
            }
        }

        private const OptionLevels IPAndIPv6 = OptionLevels.IP | OptionLevels.IPv6;

        /// <summary>
        /// Which SocketOptionLevel owns which SocketOptionName member, by member NAME (several members share a number:
        /// NoDelay == Debug == IPOptions == NoChecksum == 1, ReuseAddress == IpTimeToLive == 4, ...). Sources: the level
        /// groups of the SocketOptionName declaration in .NET, the level/name table of the runtime's Unix layer
        /// (TryGetPlatformSocketOption in System.Native), .NET's own calls (Socket.Ttl, MulticastLoopback, DualMode,
        /// SetIPProtectionLevel) and the Winsock headers. Members valid at several levels list them all; members not in
        /// the table (newer or unknown ones) are never judged.
        /// </summary>
        internal static readonly ImmutableDictionary<string, OptionLevels> Owners = new Dictionary<string, OptionLevels>(StringComparer.Ordinal)
        {
            // SOL_SOCKET
            ["Debug"] = OptionLevels.Socket,
            ["AcceptConnection"] = OptionLevels.Socket,
            ["ReuseAddress"] = OptionLevels.Socket,
            ["KeepAlive"] = OptionLevels.Socket,
            ["DontRoute"] = OptionLevels.Socket,
            ["Broadcast"] = OptionLevels.Socket,
            ["UseLoopback"] = OptionLevels.Socket,
            ["Linger"] = OptionLevels.Socket,
            ["OutOfBandInline"] = OptionLevels.Socket,
            ["DontLinger"] = OptionLevels.Socket,
            ["ExclusiveAddressUse"] = OptionLevels.Socket,
            ["SendBuffer"] = OptionLevels.Socket,
            ["ReceiveBuffer"] = OptionLevels.Socket,
            ["SendLowWater"] = OptionLevels.Socket,
            ["ReceiveLowWater"] = OptionLevels.Socket,
            ["SendTimeout"] = OptionLevels.Socket,
            ["ReceiveTimeout"] = OptionLevels.Socket,
            ["Type"] = OptionLevels.Socket,
            ["MaxConnections"] = OptionLevels.Socket,
            ["ReuseUnicastPort"] = OptionLevels.Socket,
            ["UpdateAcceptContext"] = OptionLevels.Socket,
            ["UpdateConnectContext"] = OptionLevels.Socket,

            // IPPROTO_IP (several also exist at IPPROTO_IPV6)
            ["IPOptions"] = OptionLevels.IP,
            ["HeaderIncluded"] = IPAndIPv6,
            ["TypeOfService"] = OptionLevels.IP,
            ["IpTimeToLive"] = IPAndIPv6,
            ["MulticastInterface"] = IPAndIPv6,
            ["MulticastTimeToLive"] = IPAndIPv6,
            ["MulticastLoopback"] = IPAndIPv6,
            ["AddMembership"] = IPAndIPv6,
            ["DropMembership"] = IPAndIPv6,
            ["DontFragment"] = IPAndIPv6,
            ["AddSourceMembership"] = OptionLevels.IP,
            ["DropSourceMembership"] = OptionLevels.IP,
            ["BlockSource"] = OptionLevels.IP,
            ["UnblockSource"] = OptionLevels.IP,
            ["PacketInformation"] = IPAndIPv6,
            ["IPProtectionLevel"] = IPAndIPv6,

            // IPPROTO_IPV6
            ["HopLimit"] = OptionLevels.IPv6,
            ["IPv6Only"] = OptionLevels.IPv6,

            // IPPROTO_TCP
            ["NoDelay"] = OptionLevels.Tcp,
            ["BsdUrgent"] = OptionLevels.Tcp,
            ["Expedited"] = OptionLevels.Tcp,
            ["TcpKeepAliveTime"] = OptionLevels.Tcp,
            ["TcpKeepAliveInterval"] = OptionLevels.Tcp,
            ["TcpKeepAliveRetryCount"] = OptionLevels.Tcp,
            ["FastOpen"] = OptionLevels.Tcp,

            // IPPROTO_UDP
            ["NoChecksum"] = OptionLevels.Udp,
            ["ChecksumCoverage"] = OptionLevels.Udp,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        /// <summary>
        /// Per member, the levels at which .NET's Unix layer passes it to setsockopt (System.Native
        /// TryGetPlatformSocketOption); a (level, member) pair outside it fails with OperationNotSupported on Linux.
        /// </summary>
        internal static readonly ImmutableDictionary<string, OptionLevels> LinuxMapped = new (string Name, OptionLevels Levels)[]
        {
            // Socket (ReuseAddress and ExclusiveAddressUse are handled before the table, as SO_REUSEADDR + SO_REUSEPORT)
            ("Debug", OptionLevels.Socket), ("AcceptConnection", OptionLevels.Socket), ("ReuseAddress", OptionLevels.Socket),
            ("ExclusiveAddressUse", OptionLevels.Socket), ("KeepAlive", OptionLevels.Socket), ("DontRoute", OptionLevels.Socket),
            ("Broadcast", OptionLevels.Socket), ("Linger", OptionLevels.Socket), ("OutOfBandInline", OptionLevels.Socket),
            ("SendBuffer", OptionLevels.Socket), ("ReceiveBuffer", OptionLevels.Socket), ("SendLowWater", OptionLevels.Socket),
            ("ReceiveLowWater", OptionLevels.Socket), ("SendTimeout", OptionLevels.Socket), ("ReceiveTimeout", OptionLevels.Socket),
            ("Type", OptionLevels.Socket),

            // IP
            ("IPOptions", OptionLevels.IP), ("HeaderIncluded", OptionLevels.IP), ("TypeOfService", OptionLevels.IP),
            ("AddMembership", OptionLevels.IP), ("DropMembership", OptionLevels.IP), ("DontFragment", OptionLevels.IP),
            ("AddSourceMembership", OptionLevels.IP), ("DropSourceMembership", OptionLevels.IP), ("BlockSource", OptionLevels.IP),
            ("UnblockSource", OptionLevels.IP),

            // IP and IPv6
            ("IpTimeToLive", IPAndIPv6), ("MulticastInterface", IPAndIPv6), ("MulticastTimeToLive", IPAndIPv6),
            ("MulticastLoopback", IPAndIPv6), ("PacketInformation", IPAndIPv6),

            // IPv6
            ("HopLimit", OptionLevels.IPv6), ("IPv6Only", OptionLevels.IPv6),

            // Tcp
            ("NoDelay", OptionLevels.Tcp), ("TcpKeepAliveTime", OptionLevels.Tcp), ("TcpKeepAliveInterval", OptionLevels.Tcp),
            ("TcpKeepAliveRetryCount", OptionLevels.Tcp), ("FastOpen", OptionLevels.Tcp),
        }.ToImmutableDictionary(e => e.Name, e => e.Levels, StringComparer.Ordinal);
    }
}
