using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

    /// <summary>
    /// Which <c>SocketOptionLevel</c> owns which <c>SocketOptionName</c> member, by member NAME (several members share
    /// a number: NoDelay == Debug == IPOptions == NoChecksum == 1, ReuseAddress == IpTimeToLive == 4, ...).
    /// Sources: the level groups of the SocketOptionName declaration in .NET, the level/name table of the runtime's
    /// Unix layer (TryGetPlatformSocketOption in System.Native), .NET's own calls (Socket.Ttl, MulticastLoopback,
    /// DualMode, SetIPProtectionLevel) and the Winsock headers. Members that are valid at several levels list them all.
    /// Members not in the table (newer or unknown ones) are never reported.
    /// </summary>
    internal static class SocketOptionTable
    {
        internal const int LevelSocket = SocketNumbers.DotNet.LevelSocket;
        internal const int LevelIP = SocketNumbers.DotNet.LevelIP;
        internal const int LevelIPv6 = SocketNumbers.DotNet.LevelIPv6;
        internal const int LevelTcp = SocketNumbers.DotNet.LevelTcp;
        internal const int LevelUdp = SocketNumbers.DotNet.LevelUdp;

        private const OptionLevels IPAndIPv6 = OptionLevels.IP | OptionLevels.IPv6;

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

        internal static OptionLevels FromValue(long value) => value switch
        {
            LevelSocket => OptionLevels.Socket,
            LevelIP => OptionLevels.IP,
            LevelIPv6 => OptionLevels.IPv6,
            LevelTcp => OptionLevels.Tcp,
            LevelUdp => OptionLevels.Udp,
            _ => OptionLevels.None,
        };

        /// <summary>The SocketOptionLevel member name of a single level.</summary>
        internal static string Name(OptionLevels level) => level switch
        {
            OptionLevels.Socket => "Socket",
            OptionLevels.IP => "IP",
            OptionLevels.IPv6 => "IPv6",
            OptionLevels.Tcp => "Tcp",
            OptionLevels.Udp => "Udp",
            _ => level.ToString(),
        };

        /// <summary>The single levels in a set, in declaration order.</summary>
        internal static IEnumerable<OptionLevels> Each(OptionLevels levels)
        {
            foreach (var level in new[] { OptionLevels.Socket, OptionLevels.IP, OptionLevels.IPv6, OptionLevels.Tcp, OptionLevels.Udp })
            {
                if ((levels & level) != 0)
                {
                    yield return level;
                }
            }
        }

        /// <summary>"Socket", "IP or IPv6", ...</summary>
        internal static string Describe(OptionLevels levels)
            => string.Join(" or ", System.Linq.Enumerable.Select(Each(levels), Name));

        /// <summary>
        /// The level an argument names: a constant SocketOptionLevel value (levels have distinct numbers), or None.
        /// </summary>
        internal static OptionLevels LevelOf(IOperation value)
            => NativeSocketApi.ConstantInt(value) is { } number ? FromValue(number) : OptionLevels.None;

        /// <summary>
        /// The SocketOptionName member(s) an argument may stand for. A member written in the code
        /// (<c>SocketOptionName.NoDelay</c>, through <c>using static</c> or an alias) gives exactly that member; any
        /// other constant (a const local or field, a cast number) gives every member with that number; anything else
        /// (a variable, a parameter) gives nothing.
        /// </summary>
        internal static ImmutableArray<string> NamesOf(IOperation value, INamedTypeSymbol socketOptionName, out bool written)
        {
            written = false;
            if (LocalValues.Resolve(value) is IFieldReferenceOperation field
                && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, socketOptionName)
                && field.Field.HasConstantValue)
            {
                written = true;
                return ImmutableArray.Create(field.Field.Name);
            }

            if (NativeSocketApi.ConstantInt(value) is not { } number)
            {
                return ImmutableArray<string>.Empty;
            }

            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var member in socketOptionName.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } constant
                    && constant.ConstantValue is int memberValue
                    && memberValue == number)
                {
                    names.Add(constant.Name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names.ToImmutable();
        }

        /// <summary>Every SocketOptionName member with a given number that the level owns.</summary>
        internal static ImmutableArray<string> MembersAt(INamedTypeSymbol socketOptionName, long number, OptionLevels level)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var member in socketOptionName.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } constant
                    && constant.ConstantValue is int memberValue
                    && memberValue == number
                    && Owners.TryGetValue(constant.Name, out var owners)
                    && (owners & level) != 0)
                {
                    names.Add(constant.Name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names.ToImmutable();
        }
    }
}
