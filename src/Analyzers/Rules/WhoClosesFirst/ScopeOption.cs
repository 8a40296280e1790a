using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003's one setting, <c>socket_analyzers.SOCK003.scope</c> in .editorconfig/.globalconfig: <c>accept_loop</c>
    /// (the default) follows only connections accepted in a loop or a re-armed accept callback; <c>any_accepted</c>
    /// follows every accepted connection. <see cref="OptionValueAnalyzer"/> reports an invalid value (SOCK000) through
    /// the forwarding members of <see cref="ServerClosesFirstAnalyzer"/>.
    /// </summary>
    internal static class ServerClosesFirstScope
    {
        internal const string Name = "socket_analyzers.SOCK003.scope";

        /// <summary>The values <see cref="Name"/> accepts, as the configuration diagnostic lists them.</summary>
        internal const string Values = "accept_loop, any_accepted";

        /// <summary>
        /// Reads the option's value: false for an absent or invalid value, which falls back to the default
        /// (accept_loop); <see cref="OptionValueAnalyzer"/> reports the invalid ones (SOCK000).
        /// </summary>
        internal static bool TryParse(string? value, out bool anyAccepted)
        {
            string trimmed = value?.Trim() ?? string.Empty;
            anyAccepted = string.Equals(trimmed, "any_accepted", StringComparison.OrdinalIgnoreCase);
            return anyAccepted || string.Equals(trimmed, "accept_loop", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>True when the file of <paramref name="tree"/> is configured with <c>any_accepted</c>.</summary>
        internal static bool AnyAccepted(AnalyzerOptions options, SyntaxTree tree)
        {
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Name, out var scope);
            TryParse(scope, out bool anyAccepted);
            return anyAccepted;
        }
    }
}
