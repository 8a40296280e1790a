using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK013: <c>Socket.SetRawSocketOption</c>/<c>GetRawSocketOption</c> called with the numbers of the .NET enums,
    /// which are Winsock's: the level 0xffff (SocketOptionLevel.Socket, or any constant 0xffff), which Linux does not
    /// have, or a <c>(int)SocketOptionName</c> member whose number means another option, or none, at that level on
    /// Linux (fact 16). Protocol levels (IP 0, Tcp 6, Udp 17, IPv6 41) are the same everywhere and are not flagged by
    /// themselves. Code under a Windows or BSD platform check is left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RawSocketOptionWindowsNumbersAnalyzer : DiagnosticAnalyzer
    {
        private const int WinsockSolSocket = 0xffff;
        private const int IpLevel = 0;
        private const int TcpLevel = 6;
        private const int UdpLevel = 17;
        private const int IPv6Level = 41;

        /// <summary>Per level: Winsock option number, its SocketOptionName member, the Linux option with that number (null: none).</summary>
        private static readonly Dictionary<int, Dictionary<int, (string Member, string? Linux)>> Differing = new()
        {
            [IpLevel] = new()
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
            },
            [IPv6Level] = new()
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
            },
            [TcpLevel] = new()
            {
                // NoDelay (1) is TCP_NODELAY on Linux too.
                [2] = ("Expedited", "TCP_MAXSEG"),
                [3] = ("TcpKeepAliveTime", "TCP_CORK"),
                [15] = ("FastOpen", null),
                [16] = ("TcpKeepAliveRetryCount", "TCP_THIN_LINEAR_TIMEOUTS"),
                [17] = ("TcpKeepAliveInterval", "TCP_THIN_DUPACK"),
            },
            [UdpLevel] = new()
            {
                [1] = ("NoChecksum", "UDP_CORK"),
                [20] = ("ChecksumCoverage", null),
            },
        };

        /// <summary>SocketOptionName members at the Winsock socket level (0xffff), to name the typed call in the message.</summary>
        private static readonly Dictionary<int, string> SocketLevelMembers = new()
        {
            [0x1] = "Debug",
            [0x2] = "AcceptConnection",
            [0x4] = "ReuseAddress",
            [0x8] = "KeepAlive",
            [0x10] = "DontRoute",
            [0x20] = "Broadcast",
            [0x40] = "UseLoopback",
            [0x80] = "Linger",
            [0x100] = "OutOfBandInline",
            [0x1001] = "SendBuffer",
            [0x1002] = "ReceiveBuffer",
            [0x1003] = "SendLowWater",
            [0x1004] = "ReceiveLowWater",
            [0x1005] = "SendTimeout",
            [0x1006] = "ReceiveTimeout",
            [0x1007] = "Error",
            [0x1008] = "Type",
        };

        private static readonly Dictionary<int, string> LevelMembers = new()
        {
            [IpLevel] = "IP",
            [TcpLevel] = "Tcp",
            [UdpLevel] = "Udp",
            [IPv6Level] = "IPv6",
            [WinsockSolSocket] = "Socket",
        };

        private static readonly ImmutableHashSet<string> OtherPlatformChecks = ImmutableHashSet.Create(
            "IsWindows", "IsWindowsVersionAtLeast", "IsMacOS", "IsMacOSVersionAtLeast", "IsIOS", "IsIOSVersionAtLeast",
            "IsMacCatalyst", "IsMacCatalystVersionAtLeast", "IsTvOS", "IsTvOSVersionAtLeast", "IsWatchOS", "IsFreeBSD",
            "IsFreeBSDVersionAtLeast");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK013_RawOptionWithWindowsNumbers);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionName is null)
                {
                    return;
                }

                // Per type, only where an option call or a native socket import is named (SocketVocabulary).
                SocketSymbols.RegisterPerType(start, SocketWords.Options, nativeCalls: true,
                    perType => perType.RegisterOperationAction(c => AnalyzeCall(c, types), OperationKind.Invocation));
            });
        }

        private static void AnalyzeCall(OperationAnalysisContext context, SocketTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.IsStatic && method.Parameters.Length == 5
                && NativeSocketImports.IsSocketOptionImport(method, out bool importIsGet))
            {
                AnalyzeImportCall(context, invocation, importIsGet, types);
                return;
            }

            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Socket)
                || method.Name is not ("SetRawSocketOption" or "GetRawSocketOption")
                || NativeSocketImports.ArgumentFor(invocation, 0) is not { } levelArgument
                || NativeSocketImports.ArgumentFor(invocation, 1) is not { } nameArgument
                || NativeSocketApi.ConstantInt(levelArgument.Value) is not { } level)
            {
                return;
            }

            long? name = NativeSocketApi.ConstantInt(nameArgument.Value);
            string? nameMember = EnumMember(nameArgument.Value, types.SocketOptionName);
            (string Member, string? Linux) pair = default;
            bool differingPair = nameMember != null && name is { } n
                && Differing.TryGetValue((int)level, out var options) && options.TryGetValue((int)n, out pair);
            if ((level != WinsockSolSocket && !differingPair) || IsUnderOtherPlatformCheck(invocation, context.ContainingSymbol))
            {
                return;
            }

            bool isSet = method.Name == "SetRawSocketOption";
            string typed = isSet ? "SetSocketOption" : "GetSocketOption";
            string member = nameMember ?? (differingPair ? pair.Member : null)
                ?? (level == WinsockSolSocket && name is { } socketName && SocketLevelMembers.TryGetValue((int)socketName, out var socketMember) ? socketMember : null)
                ?? string.Empty;
            string levelMember = EnumMember(levelArgument.Value, types.SocketOptionLevel)
                ?? (LevelMembers.TryGetValue((int)level, out var known) ? known : string.Empty);
            string suggestion = member.Length > 0 && levelMember.Length > 0
                ? $"{typed}(SocketOptionLevel.{levelMember}, SocketOptionName.{member}{(isSet ? ", value" : string.Empty)})"
                : $"{typed} with SocketOptionLevel and SocketOptionName members";

            IArgumentOperation reported;
            string what, linuxMeaning, effect;
            if (level == WinsockSolSocket)
            {
                reported = levelArgument;
                what = "option level 0xffff (SOL_SOCKET on Windows)";
                linuxMeaning = "no level has that number";
                effect = $"{method.Name} fails ({(isSet ? "ENOPROTOOPT" : "EOPNOTSUPP")})";
            }
            else
            {
                reported = nameArgument;
                string numbers = "(" + level.ToString(CultureInfo.InvariantCulture) + ", " + name!.Value.ToString(CultureInfo.InvariantCulture) + ")";
                what = $"option number {name.Value.ToString(CultureInfo.InvariantCulture)} ({pair.Member})";
                linuxMeaning = pair.Linux is { } linuxName ? $"{numbers} is {linuxName}" : $"no option is {numbers}";
                effect = pair.Linux is null ? $"{method.Name} fails" : $"{method.Name} {(isSet ? "sets" : "reads")} that option instead or fails";
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK013_RawOptionWithWindowsNumbers, reported.Value.Syntax.GetLocation(),
                reported.Value.Syntax.ToString(), what, linuxMeaning, effect, suggestion));
        }

        /// <summary>Linux SOL_SOCKET options with the numbers of SocketOptionName's socket-level members (Winsock's).</summary>
        private static readonly Dictionary<int, string> LinuxSocketLevelOptions = new()
        {
            [0x2] = "SO_REUSEADDR",
            [0x4] = "SO_ERROR",
            [0x8] = "SO_RCVBUF",
            [0x10] = "SO_PASSCRED",
            [0x20] = "SO_SNDBUFFORCE",
        };

        /// <summary>
        /// An imported libc <c>setsockopt</c>/<c>getsockopt</c> (not Winsock, whose numbers the .NET enums are) called
        /// with <c>(int)SocketOptionLevel.Socket</c> as the level, or a <c>(int)SocketOptionName</c> member whose number
        /// means another option (or none) at the Linux level given.
        /// </summary>
        private static void AnalyzeImportCall(OperationAnalysisContext context, IInvocationOperation invocation, bool isGet, SocketTypes types)
        {
            var method = invocation.TargetMethod;
            string? library = NativeSocketApi.LibraryName(method.PartialDefinitionPart ?? method);
            if (NativeSocketApi.IsWinsock(library)
                || NativeSocketImports.ArgumentFor(invocation, 1) is not { } levelArgument
                || NativeSocketImports.ArgumentFor(invocation, 2) is not { } nameArgument)
            {
                return;
            }

            string native = isGet ? "getsockopt" : "setsockopt";
            string typed = isGet ? "GetSocketOption" : "SetSocketOption";
            string? levelMember = EnumMember(levelArgument.Value, types.SocketOptionLevel);
            string? nameMember = EnumMember(nameArgument.Value, types.SocketOptionName);
            long? level = NativeSocketApi.ConstantInt(levelArgument.Value);
            long? name = NativeSocketApi.ConstantInt(nameArgument.Value);
            if (levelMember is null && nameMember is null)
            {
                return;
            }

            IArgumentOperation reported;
            string what, linuxMeaning, effect, remedy;
            string suggestion = nameMember != null && levelMember != null
                ? $"the typed {typed}(SocketOptionLevel.{levelMember}, SocketOptionName.{nameMember}{(isGet ? string.Empty : ", value")})"
                : $"the typed {typed} with SocketOptionLevel and SocketOptionName members";
            if (level == WinsockSolSocket && levelMember != null)
            {
                reported = levelArgument;
                what = "option level 0xffff";
                linuxMeaning = "no level has that number";
                effect = $"'{method.Name}' (the C library's {native}) fails with ENOPROTOOPT";
                remedy = "the platform's SOL_SOCKET or " + suggestion;
            }
            else if (nameMember != null && name is { } n && level is { } l
                && (l == 1 ? n != 1 && SocketLevelMembers.ContainsKey((int)n)
                    : Differing.TryGetValue((int)l, out var options) && options.ContainsKey((int)n)))
            {
                reported = nameArgument;
                string meaning = l == 1
                    ? (LinuxSocketLevelOptions.TryGetValue((int)n, out var linuxName) ? "is " + linuxName : "is no option")
                    : (Differing[(int)l][(int)n].Linux is { } protocolName ? "is " + protocolName : "is no option");
                string numbers = "(" + l.ToString(CultureInfo.InvariantCulture) + ", " + n.ToString(CultureInfo.InvariantCulture) + ")";
                what = $"option number {n.ToString(CultureInfo.InvariantCulture)}";
                linuxMeaning = numbers + " " + meaning;
                effect = $"'{method.Name}' (the C library's {native}) {(isGet ? "reads" : "sets")} that instead or fails";
                remedy = "the platform's constant or " + suggestion;
            }
            else
            {
                return;
            }

            if (IsUnderOtherPlatformCheck(invocation, context.ContainingSymbol))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK013_RawOptionWithWindowsNumbers, reported.Value.Syntax.GetLocation(),
                reported.Value.Syntax.ToString(), what, linuxMeaning, effect, remedy));
        }

        /// <summary>The member name when the argument is a cast of a member of the enum, e.g. <c>(int)SocketOptionName.ReuseAddress</c>.</summary>
        private static string? EnumMember(IOperation argument, INamedTypeSymbol? enumType)
        {
            var operand = LocalValues.Resolve(argument);
            return enumType != null
                && operand is IFieldReferenceOperation field
                && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, enumType)
                ? field.Field.Name
                : null;
        }

        /// <summary>
        /// True inside the true branch of an <c>if</c> or conditional that checks for Windows, macOS, iOS or FreeBSD
        /// (OperatingSystem.IsXxx, RuntimeInformation.IsOSPlatform with anything but Linux), or in a member marked
        /// [SupportedOSPlatform] for such platforms only.
        /// </summary>
        private static bool IsUnderOtherPlatformCheck(IOperation operation, ISymbol containingSymbol)
        {
            for (IOperation current = operation; current.Parent is { } parent; current = parent)
            {
                if (parent is IConditionalOperation conditional
                    && ((conditional.WhenTrue == current && ChecksPlatform(conditional.Condition, linux: false))
                        || (conditional.WhenFalse == current && ChecksPlatform(conditional.Condition, linux: true))))
                {
                    return true;
                }

                if (parent is IBlockOperation block && FollowsPlatformGuard(block, current))
                {
                    return true;
                }
            }

            for (ISymbol? symbol = containingSymbol; symbol != null; symbol = symbol.ContainingSymbol)
            {
                bool supportedElsewhere = false, supportedOnLinux = false;
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (FrameworkTypes.IsAttribute(attribute, FrameworkTypes.Versioning, "SupportedOSPlatformAttribute")
                        && attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0].Value is string platform)
                    {
                        if (platform.StartsWith("linux", System.StringComparison.OrdinalIgnoreCase)
                            || platform.StartsWith("android", System.StringComparison.OrdinalIgnoreCase))
                        {
                            supportedOnLinux = true;
                        }
                        else
                        {
                            supportedElsewhere = true;
                        }
                    }
                }

                if (supportedElsewhere && !supportedOnLinux)
                {
                    return true;
                }

                if (symbol is INamespaceSymbol)
                {
                    break;
                }
            }

            return false;
        }

        /// <summary>
        /// True when an earlier statement of the block leaves it unless the platform is not Linux:
        /// <c>if (!OperatingSystem.IsMacOS()) return;</c> or <c>if (OperatingSystem.IsLinux()) throw ...;</c>.
        /// </summary>
        private static bool FollowsPlatformGuard(IBlockOperation block, IOperation statement)
        {
            foreach (var earlier in block.Operations)
            {
                if (earlier == statement)
                {
                    return false;
                }

                if (earlier is IConditionalOperation { WhenFalse: null } guard
                    && Exits(guard.WhenTrue)
                    && ((guard.Condition.WalkDownConversions() is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negated
                            && ChecksPlatform(negated.Operand, linux: false))
                        || ChecksPlatform(guard.Condition, linux: true)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Exits(IOperation operation) => operation switch
        {
            IReturnOperation or IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation { Operations.Length: 1 } block => Exits(block.Operations[0]),
            _ => false,
        };

        /// <summary>
        /// True when the condition calls a check for a platform other than Linux (<paramref name="linux"/> false) or for
        /// Linux (true), with no negation in it.
        /// </summary>
        private static bool ChecksPlatform(IOperation condition, bool linux)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (operation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not })
                {
                    return false;
                }

                if (operation is not IInvocationOperation call)
                {
                    continue;
                }

                string? type = call.TargetMethod.ContainingType?.ToDisplayString();
                if (type == "System.OperatingSystem"
                    && (linux ? call.TargetMethod.Name == "IsLinux" : OtherPlatformChecks.Contains(call.TargetMethod.Name)))
                {
                    return true;
                }

                if (type == "System.Runtime.InteropServices.RuntimeInformation" && call.TargetMethod.Name == "IsOSPlatform"
                    && call.Arguments.Length == 1
                    && call.Arguments[0].Value.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: { } platform }
                    && (platform == "Linux") == linux)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
