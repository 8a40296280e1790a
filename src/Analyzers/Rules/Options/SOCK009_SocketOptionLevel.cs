using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK009 (options family, <see cref="OptionsAnalyzer"/>): <c>Socket.SetSocketOption</c> / <c>GetSocketOption</c>
    /// with a <c>SocketOptionLevel</c> that does not own the <c>SocketOptionName</c> member written in the code. Members
    /// share numbers across levels, so the call silently reaches another option (<c>(Socket, NoDelay)</c> is SO_DEBUG,
    /// <c>(IP, ReuseAddress)</c> is IP_TTL) or fails (fact 15). The member is read by name; a constant of another form is
    /// reported only when every member with its number is foreign to the level. Owners and the Unix mapping come from
    /// <see cref="SocketNumbers.Owners"/> and <see cref="SocketNumbers.LinuxMapped"/>.
    /// </summary>
    internal static class SOCK009_SocketOptionLevel
    {
        /// <summary>Comma-separated SocketOptionLevel member names the fix may use; empty when there is no single answer.</summary>
        internal const string OwnersProperty = "Owners";

        /// <summary>Checks one Set/GetSocketOption call read by <see cref="OptionCall"/> (arguments by parameter).</summary>
        internal static void Check(OperationAnalysisContext context, OptionCall call, INamedTypeSymbol nameType)
        {
            if (call.Form != OptionForm.Managed || call.Level is not { } levelValue || call.Name is not { } nameValue)
            {
                return;
            }

            var level = OptionMembers.LevelOf(call.LevelNumber);
            if (level == OptionLevels.None || call.NameNumber is not { } number)
            {
                return;
            }

            var names = OptionMembers.NamesOf(nameValue, number, nameType, out bool written);
            if (names.IsEmpty)
            {
                return;
            }

            OptionLevels owners = OptionLevels.None;
            bool sameOwners = true;
            foreach (var name in names)
            {
                // .NET reads SO_ERROR whatever the level on Linux; members missing from the table are not judged.
                if (name == "Error" || !SocketNumbers.Owners.TryGetValue(name, out var memberOwners) || (memberOwners & level) != 0)
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

            string subject = written
                ? "SocketOptionName." + names[0]
                : $"'{nameValue.Syntax}' ({number})";
            string levelName = SocketNumbers.LevelName(level);
            string use = string.Join(" or ", SocketNumbers.EachLevel(owners).Select(o => "SocketOptionLevel." + SocketNumbers.LevelName(o)));
            string? linuxMember = LinuxMember(nameType, number, level);

            string effect = linuxMember != null
                ? $"silently {(call.IsSet ? "sets" : "reads")} {linuxMember} instead"
                : "throws OperationNotSupported";

            var properties = ImmutableDictionary<string, string?>.Empty.Add(
                OwnersProperty,
                sameOwners ? string.Join(",", SocketNumbers.EachLevel(owners).Select(SocketNumbers.LevelName)) : string.Empty);

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK009_OptionAtWrongLevel, levelValue.Syntax.GetLocation(), properties, subject, levelName, effect, use));
        }

        /// <summary>
        /// The option the .NET runtime's Unix layer maps (level, number) to, by its SocketOptionName name; null when it
        /// maps none (the call fails with ENOTSUP, reported as OperationNotSupported).
        /// </summary>
        private static string? LinuxMember(INamedTypeSymbol nameType, long number, OptionLevels level)
        {
            foreach (var member in OptionMembers.MembersAt(nameType, number, level))
            {
                if (SocketNumbers.LinuxMapped.TryGetValue(member, out var mapped) && (mapped & level) != 0)
                {
                    return member;
                }
            }

            return null;
        }
    }
}
