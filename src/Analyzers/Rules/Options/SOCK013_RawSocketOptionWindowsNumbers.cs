using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK013 (options family, <see cref="OptionsAnalyzer"/>): <c>Socket.SetRawSocketOption</c>/<c>GetRawSocketOption</c>
    /// (or an imported libc setsockopt/getsockopt under any name) called with the numbers of the .NET enums, which are
    /// Winsock's: the level 0xffff (SocketOptionLevel.Socket, or any constant 0xffff), which Linux does not have, or a
    /// <c>(int)SocketOptionName</c> member whose number means another option, or none, at that level on Linux
    /// (fact 16). Protocol levels (IP 0, Tcp 6, Udp 17, IPv6 41) are the same everywhere and are not flagged by
    /// themselves. Code under a Windows or BSD platform check is left alone. The numbers Linux gives those members come
    /// from <see cref="SocketNumbers.Linux"/>.
    /// </summary>
    internal static class SOCK013_RawSocketOptionWindowsNumbers
    {
        private static readonly ImmutableHashSet<string> OtherPlatformChecks = ImmutableHashSet.Create(
            "IsWindows", "IsWindowsVersionAtLeast", "IsMacOS", "IsMacOSVersionAtLeast", "IsIOS", "IsIOSVersionAtLeast",
            "IsMacCatalyst", "IsMacCatalystVersionAtLeast", "IsTvOS", "IsTvOSVersionAtLeast", "IsWatchOS", "IsFreeBSD",
            "IsFreeBSDVersionAtLeast");

        private const long WinsockSolSocket = SocketNumbers.DotNet.LevelSocket;

        /// <summary>Checks one Set/GetRawSocketOption call or imported setsockopt/getsockopt, read by <see cref="OptionCall"/>.</summary>
        internal static void Check(OperationAnalysisContext context, OptionCall call, SocketTypes types, PlatformTypes platforms)
        {
            if (call.Form == OptionForm.Native)
            {
                CheckImportCall(context, call, types, platforms);
            }
            else if (call.Form == OptionForm.Raw)
            {
                CheckRawCall(context, call, types, platforms);
            }
        }

        private static void CheckRawCall(OperationAnalysisContext context, OptionCall call, SocketTypes types, PlatformTypes platforms)
        {
            if (call.Operation is not IInvocationOperation invocation
                || call.Level is not { } levelValue
                || call.Name is not { } nameValue
                || call.LevelNumber is not { } level)
            {
                return;
            }

            var method = invocation.TargetMethod;
            long? name = call.NameNumber;
            string? nameMember = OptionMembers.Written(nameValue, types.SocketOptionName);
            (string Member, string? Linux) pair = default;
            bool differingPair = nameMember != null && name is { } n
                && SocketNumbers.Linux.DifferingFromWinsock.TryGetValue(level, out var options) && options.TryGetValue(n, out pair);
            if ((level != WinsockSolSocket && !differingPair) || IsUnderOtherPlatformCheck(invocation, context.ContainingSymbol, platforms))
            {
                return;
            }

            bool isSet = call.IsSet;
            string typed = isSet ? "SetSocketOption" : "GetSocketOption";
            string member = nameMember ?? (differingPair ? pair.Member : null)
                ?? (level == WinsockSolSocket && name is { } socketName && SocketNumbers.DotNet.SocketLevelMembers.TryGetValue(socketName, out var socketMember) ? socketMember : null)
                ?? string.Empty;
            var levelFlag = SocketNumbers.LevelOf(level);
            string levelMember = OptionMembers.Written(levelValue, types.SocketOptionLevel)
                ?? (levelFlag != OptionLevels.None ? SocketNumbers.LevelName(levelFlag) : string.Empty);
            string suggestion = member.Length > 0 && levelMember.Length > 0
                ? $"{typed}(SocketOptionLevel.{levelMember}, SocketOptionName.{member}{(isSet ? ", value" : string.Empty)})"
                : $"{typed} with SocketOptionLevel and SocketOptionName members";

            IOperation reported;
            string what, linuxMeaning, effect;
            if (level == WinsockSolSocket)
            {
                reported = levelValue;
                what = "option level 0xffff (SOL_SOCKET on Windows)";
                linuxMeaning = "no level has that number";
                effect = $"{method.Name} fails ({(isSet ? "ENOPROTOOPT" : "EOPNOTSUPP")})";
            }
            else
            {
                reported = nameValue;
                string numbers = "(" + level.ToString(CultureInfo.InvariantCulture) + ", " + name!.Value.ToString(CultureInfo.InvariantCulture) + ")";
                what = $"option number {name.Value.ToString(CultureInfo.InvariantCulture)} ({pair.Member})";
                linuxMeaning = pair.Linux is { } linuxName ? $"{numbers} is {linuxName}" : $"no option is {numbers}";
                effect = pair.Linux is null ? $"{method.Name} fails" : $"{method.Name} {(isSet ? "sets" : "reads")} that option instead or fails";
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK013_RawOptionWithWindowsNumbers, reported.Syntax.GetLocation(),
                reported.Syntax.ToString(), what, linuxMeaning, effect, suggestion));
        }

        /// <summary>
        /// An imported libc <c>setsockopt</c>/<c>getsockopt</c> (not Winsock, whose numbers the .NET enums are) called
        /// with <c>(int)SocketOptionLevel.Socket</c> as the level, or a <c>(int)SocketOptionName</c> member whose number
        /// means another option (or none) at the Linux level given.
        /// </summary>
        private static void CheckImportCall(OperationAnalysisContext context, OptionCall call, SocketTypes types, PlatformTypes platforms)
        {
            if (call.Operation is not IInvocationOperation invocation
                || call.Import is not { } import
                || import.IsWinsock
                || call.Level is not { } levelValue
                || call.Name is not { } nameValue)
            {
                return;
            }

            var method = invocation.TargetMethod;
            bool isGet = !call.IsSet;
            string native = isGet ? "getsockopt" : "setsockopt";
            string typed = isGet ? "GetSocketOption" : "SetSocketOption";
            string? levelMember = OptionMembers.Written(levelValue, types.SocketOptionLevel);
            string? nameMember = OptionMembers.Written(nameValue, types.SocketOptionName);
            long? level = call.LevelNumber;
            long? name = call.NameNumber;
            if (levelMember is null && nameMember is null)
            {
                return;
            }

            IOperation reported;
            string what, linuxMeaning, effect, remedy;
            string suggestion = nameMember != null && levelMember != null
                ? $"the typed {typed}(SocketOptionLevel.{levelMember}, SocketOptionName.{nameMember}{(isGet ? string.Empty : ", value")})"
                : $"the typed {typed} with SocketOptionLevel and SocketOptionName members";
            if (level == WinsockSolSocket && levelMember != null)
            {
                reported = levelValue;
                what = "option level 0xffff";
                linuxMeaning = "no level has that number";
                effect = $"'{method.Name}' (the C library's {native}) fails with ENOPROTOOPT";
                remedy = "the platform's SOL_SOCKET or " + suggestion;
            }
            else if (nameMember != null && name is { } n && level is { } l
                && (l == SocketNumbers.Linux.SolSocket
                    ? n != SocketNumbers.Linux.SoDebug && SocketNumbers.DotNet.SocketLevelMembers.ContainsKey(n)
                    : SocketNumbers.Linux.DifferingFromWinsock.TryGetValue(l, out var options) && options.ContainsKey(n)))
            {
                reported = nameValue;
                string meaning = l == SocketNumbers.Linux.SolSocket
                    ? (SocketNumbers.Linux.SocketLevelNames.TryGetValue(n, out var linuxName) ? "is " + linuxName : "is no option")
                    : (SocketNumbers.Linux.DifferingFromWinsock[l][n].Linux is { } protocolName ? "is " + protocolName : "is no option");
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

            if (IsUnderOtherPlatformCheck(invocation, context.ContainingSymbol, platforms))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK013_RawOptionWithWindowsNumbers, reported.Syntax.GetLocation(),
                reported.Syntax.ToString(), what, linuxMeaning, effect, remedy));
        }

        /// <summary>
        /// True inside the true branch of an <c>if</c> or conditional that checks for Windows, macOS, iOS or FreeBSD
        /// (OperatingSystem.IsXxx, RuntimeInformation.IsOSPlatform with anything but Linux), or in a member marked
        /// [SupportedOSPlatform] for such platforms only.
        /// </summary>
        private static bool IsUnderOtherPlatformCheck(IOperation operation, ISymbol containingSymbol, PlatformTypes platforms)
        {
            for (IOperation current = operation; current.Parent is { } parent; current = parent)
            {
                if (parent is IConditionalOperation conditional
                    && ((conditional.WhenTrue == current && ChecksPlatform(conditional.Condition, linux: false, platforms))
                        || (conditional.WhenFalse == current && ChecksPlatform(conditional.Condition, linux: true, platforms))))
                {
                    return true;
                }

                if (parent is IBlockOperation block && FollowsPlatformGuard(block, current, platforms))
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
        private static bool FollowsPlatformGuard(IBlockOperation block, IOperation statement, PlatformTypes platforms)
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
                            && ChecksPlatform(negated.Operand, linux: false, platforms))
                        || ChecksPlatform(guard.Condition, linux: true, platforms)))
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
        private static bool ChecksPlatform(IOperation condition, bool linux, PlatformTypes platforms)
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

                var type = call.TargetMethod.ContainingType;
                if (SymbolEqualityComparer.Default.Equals(type, platforms.OperatingSystem)
                    && (linux ? call.TargetMethod.Name == "IsLinux" : OtherPlatformChecks.Contains(call.TargetMethod.Name)))
                {
                    return true;
                }

                if (SymbolEqualityComparer.Default.Equals(type, platforms.RuntimeInformation) && call.TargetMethod.Name == "IsOSPlatform"
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

    /// <summary>The platform-check types SOCK013 recognises, resolved once per compilation (compared by identity).</summary>
    internal sealed class PlatformTypes
    {
        public PlatformTypes(TypeLookup lookup)
        {
            OperatingSystem = lookup.Find("System.OperatingSystem");
            RuntimeInformation = lookup.Find("System.Runtime.InteropServices.RuntimeInformation");
        }

        /// <summary><c>OperatingSystem.IsWindows()</c>, <c>IsLinux()</c>...</summary>
        public INamedTypeSymbol? OperatingSystem { get; }

        /// <summary><c>RuntimeInformation.IsOSPlatform(OSPlatform.X)</c>.</summary>
        public INamedTypeSymbol? RuntimeInformation { get; }
    }
}
