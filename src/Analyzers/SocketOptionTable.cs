using System.Collections.Immutable;

namespace SocketAnalyzers
{
    /// <summary>
    /// A thin facade kept for the runtime tests that read it: the level owners and level numbers live in
    /// <see cref="SocketNumbers"/> (the one number table), the member readers in <see cref="OptionMembers"/>.
    /// </summary>
    internal static class SocketOptionTable
    {
        internal static ImmutableDictionary<string, OptionLevels> Owners => SocketNumbers.Owners;

        internal static OptionLevels FromValue(long value) => SocketNumbers.LevelOf(value);
    }
}
