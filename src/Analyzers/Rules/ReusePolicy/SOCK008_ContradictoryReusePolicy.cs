using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK008: one socket is given both <c>ExclusiveAddressUse = true</c> (property as statement or initializer, or
    /// SetSocketOption) and ReuseAddress on (SetSocketOption, or SetRawSocketOption with SO_REUSEADDR numbers), both
    /// with constant values, in statements that run together (one body, not in different branches; or one of them
    /// unconditionally in a constructor). On Linux the later one silently wins; on Windows the second fails with
    /// WSAEINVAL (fact 4).
    /// </summary>
    internal static class SOCK008_ContradictoryReusePolicy
    {
        internal static void Check(SymbolAnalysisContext context, SocketIndex index)
        {
            if (index.Symbols.Types is not { SocketOptionLevel: not null, SocketOptionName: not null })
            {
                return;
            }

            foreach (var socket in index.Sockets)
            {
                if (!socket.WrittenOnce)
                {
                    continue;
                }

                var options = socket.ReuseOptions.ToList();
                var exclusive = options.Where(e => e.EnablesReuse == false && e.Option!.Option == KnownOption.ExclusiveAddressUse).ToList();
                if (exclusive.Count == 0)
                {
                    continue;
                }

                foreach (var reuse in options.Where(e => e.EnablesReuse == true && e.Option!.Option == KnownOption.ReuseAddress))
                {
                    var other = exclusive.FirstOrDefault(e => ExecutionOrder.RunTogether(reuse, e));
                    if (other is null)
                    {
                        continue;
                    }

                    Report(
                        context,
                        reuse.Operation.Syntax.GetLocation(),
                        other.Operation.Syntax.GetLocation(),
                        SocketIndex.Describe(reuse));
                }
            }
        }

        private static void Report(SymbolAnalysisContext context, Location reuse, Location exclusive, string socket)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK008_ContradictoryReusePolicy,
                reuse,
                additionalLocations: new[] { exclusive },
                socket));
    }
}
