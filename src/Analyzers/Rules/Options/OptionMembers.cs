using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The SocketOptionLevel/SocketOptionName members an option call's level or name stands for (SOCK005, SOCK009,
    /// SOCK013). The numbers and level owners come from <see cref="SocketNumbers"/>; the members from the enum symbols.
    /// </summary>
    internal static class OptionMembers
    {
        /// <summary>
        /// The member of <paramref name="enumType"/> an argument is written as: <c>SocketOptionName.NoDelay</c> (through
        /// <c>using static</c> or an alias, under a cast to int), or a local or readonly field written once with it
        /// (<see cref="LocalValues"/>); null otherwise.
        /// </summary>
        internal static string? Written(IOperation value, INamedTypeSymbol? enumType)
            => enumType != null
                && LocalValues.Resolve(value) is IFieldReferenceOperation { Field: { HasConstantValue: true } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, enumType)
                ? field.Name
                : null;

        /// <summary>The level a constant level argument names, or None.</summary>
        internal static OptionLevels LevelOf(long? number) => number is { } n ? SocketNumbers.LevelOf(n) : OptionLevels.None;

        /// <summary>
        /// The SocketOptionName member(s) an argument may stand for. A member written in the code gives exactly that
        /// member (<paramref name="written"/>); any other constant (a const, a cast number) gives every member with that
        /// number; anything else (a variable, a parameter) gives nothing.
        /// </summary>
        internal static ImmutableArray<string> NamesOf(IOperation value, long? number, INamedTypeSymbol socketOptionName, out bool written)
        {
            written = false;
            if (Written(value, socketOptionName) is { } member)
            {
                written = true;
                return ImmutableArray.Create(member);
            }

            if (number is not { } n)
            {
                return ImmutableArray<string>.Empty;
            }

            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var candidate in socketOptionName.GetMembers())
            {
                if (candidate is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } constant && memberValue == n)
                {
                    names.Add(constant.Name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names.ToImmutable();
        }

        /// <summary>Every SocketOptionName member with a given number that the level owns (<see cref="SocketNumbers.Owners"/>).</summary>
        internal static ImmutableArray<string> MembersAt(INamedTypeSymbol socketOptionName, long number, OptionLevels level)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var member in socketOptionName.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } constant
                    && memberValue == number
                    && SocketNumbers.Owners.TryGetValue(constant.Name, out var owners)
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
