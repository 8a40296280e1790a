namespace SocketAnalyzers
{
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

            internal const int ReuseAddress = 4;
            internal const int ExclusiveAddressUse = ~ReuseAddress;
            internal const int KeepAlive = 8;
            internal const int Broadcast = 0x20;
            internal const int Linger = 0x80;
            internal const int DontLinger = ~Linger;
            internal const int SendBuffer = 0x1001;
            internal const int ReceiveBuffer = 0x1002;
            internal const int SendTimeout = 0x1005;
            internal const int ReceiveTimeout = 0x1006;
            internal const int NoDelay = 1; // at LevelTcp
        }

        /// <summary>Linux: SOL_SOCKET and the SO_* names at it.</summary>
        internal static class Linux
        {
            internal const int SolSocket = 1;
            internal const int SoReuseAddr = 2;
            internal const int SoBroadcast = 6;
            internal const int SoSndBuf = 7;
            internal const int SoRcvBuf = 8;
            internal const int SoKeepAlive = 9;
            internal const int SoLinger = 13;
            internal const int SoReusePort = 15;
            internal const int SoRcvTimeo = 20;
            internal const int SoSndTimeo = 21;
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
    }
}
