using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK009: <c>Socket.SetSocketOption</c> / <c>GetSocketOption</c> with a <c>SocketOptionLevel</c> that does not own
    /// the <c>SocketOptionName</c> member written in the code. Members share numbers across levels, so the call silently
    /// reaches another option (<c>(Socket, NoDelay)</c> is SO_DEBUG, <c>(IP, ReuseAddress)</c> is IP_TTL) or fails
    /// (fact 15). The member is read by name; a constant of another form is reported only when every member with its
    /// number is foreign to the level.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SocketOptionLevelAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Comma-separated SocketOptionLevel member names the fix may use; empty when there is no single answer.</summary>
        internal const string OwnersProperty = "Owners";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK009_OptionAtWrongLevel);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionLevel is { } level && types.SocketOptionName is { } name)
                {
                    // Per type, only where an option call is named (SocketVocabulary).
                    SocketSymbols.RegisterPerType(start, SocketWords.Options, nativeCalls: false,
                        perType => perType.RegisterOperationAction(c => Analyze(c, types.Socket, level, name), OperationKind.Invocation));
                }
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol socket, INamedTypeSymbol levelType, INamedTypeSymbol nameType)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, socket)
                || (method.Name != "SetSocketOption" && method.Name != "GetSocketOption"))
            {
                return;
            }

            if (!TryGetArguments(invocation, levelType, nameType, out var levelArgument, out var nameArgument))
            {
                return;
            }

            var level = SocketOptionTable.LevelOf(levelArgument.Value);
            if (level == OptionLevels.None)
            {
                return;
            }

            var names = SocketOptionTable.NamesOf(nameArgument.Value, nameType, out bool written);
            if (names.IsEmpty || NativeSocketApi.ConstantInt(nameArgument.Value) is not { } number)
            {
                return;
            }

            OptionLevels owners = OptionLevels.None;
            bool sameOwners = true;
            foreach (var name in names)
            {
                // .NET reads SO_ERROR whatever the level on Linux; members missing from the table are not judged.
                if (name == "Error" || !SocketOptionTable.Owners.TryGetValue(name, out var memberOwners) || (memberOwners & level) != 0)
                {
                    return;
                }

                if (owners == OptionLevels.None)
                {
                    owners = memberOwners;
                }
                else if (owners != memberOwners)
                {
                    sameOwners = false;
                    owners |= memberOwners;
                }
            }

            bool isSet = method.Name == "SetSocketOption";
            string subject = written
                ? "SocketOptionName." + names[0]
                : $"'{nameArgument.Value.Syntax}' ({number})";
            string levelName = SocketOptionTable.Name(level);
            string use = string.Join(" or ", SocketOptionTable.Each(owners).Select(o => "SocketOptionLevel." + SocketOptionTable.Name(o)));
            string? linuxMember = LinuxMember(nameType, number, level);

            string effect = linuxMember != null
                ? $"silently {(isSet ? "sets" : "reads")} {linuxMember} instead"
                : "throws OperationNotSupported";

            var properties = ImmutableDictionary<string, string?>.Empty.Add(
                OwnersProperty,
                sameOwners ? string.Join(",", SocketOptionTable.Each(owners).Select(SocketOptionTable.Name)) : string.Empty);

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK009_OptionAtWrongLevel, levelArgument.Value.Syntax.GetLocation(), properties, subject, levelName, effect, use));
        }

        /// <summary>
        /// The option the .NET runtime's Unix layer maps (level, number) to, by its SocketOptionName name; null when it
        /// maps none (the call fails with ENOTSUP, reported as OperationNotSupported).
        /// </summary>
        private static string? LinuxMember(INamedTypeSymbol nameType, long number, OptionLevels level)
        {
            foreach (var member in SocketOptionTable.MembersAt(nameType, number, level))
            {
                if (LinuxMapped.TryGetValue(member, out var mapped) && (mapped & level) != 0)
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary>Per member, the levels at which .NET's Unix layer passes it to setsockopt (System.Native TryGetPlatformSocketOption).</summary>
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
            ("IpTimeToLive", OptionLevels.IP | OptionLevels.IPv6), ("MulticastInterface", OptionLevels.IP | OptionLevels.IPv6),
            ("MulticastTimeToLive", OptionLevels.IP | OptionLevels.IPv6), ("MulticastLoopback", OptionLevels.IP | OptionLevels.IPv6),
            ("PacketInformation", OptionLevels.IP | OptionLevels.IPv6),

            // IPv6
            ("HopLimit", OptionLevels.IPv6), ("IPv6Only", OptionLevels.IPv6),

            // Tcp
            ("NoDelay", OptionLevels.Tcp), ("TcpKeepAliveTime", OptionLevels.Tcp), ("TcpKeepAliveInterval", OptionLevels.Tcp),
            ("TcpKeepAliveRetryCount", OptionLevels.Tcp), ("FastOpen", OptionLevels.Tcp),
        }.ToImmutableDictionary(e => e.Name, e => e.Levels, System.StringComparer.Ordinal);

        internal static bool TryGetArguments(
            IInvocationOperation invocation, INamedTypeSymbol levelType, INamedTypeSymbol nameType,
            out IArgumentOperation level, out IArgumentOperation name)
        {
            level = null!;
            name = null!;
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (SymbolEqualityComparer.Default.Equals(type, levelType))
                {
                    level = argument;
                }
                else if (SymbolEqualityComparer.Default.Equals(type, nameType))
                {
                    name = argument;
                }
            }

            return level != null && name != null;
        }
    }
}
