using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK008: one socket is given both <c>ExclusiveAddressUse = true</c> (property or SetSocketOption) and
    /// <c>SetSocketOption(Socket, ReuseAddress, true)</c>, both with constant values, in statements that run together
    /// (one body, not in different branches; or one of them unconditionally in a constructor). On Linux the later one
    /// silently wins; on Windows the second fails with WSAEINVAL (fact 4).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ContradictoryReusePolicyAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK008_ContradictoryReusePolicy);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionLevel is null || types.SocketOptionName is null)
                {
                    return;
                }

                start.RegisterSymbolStartAction(
                    symbolStart => SocketTracking.Register(symbolStart, types, Report),
                    SymbolKind.NamedType);
            });
        }

        private static void Report(SymbolAnalysisContext context, SocketTrackingState state)
        {
            foreach (var socket in state.Sockets())
            {
                var options = socket.OfKind(SocketEventKind.ReuseOption).ToList();
                var exclusive = options.Where(e => e.EnablesReuse == false && e.Option != ReuseOptionKind.SetReuseAddress).ToList();
                if (exclusive.Count == 0)
                {
                    continue;
                }

                foreach (var reuse in options.Where(e => e.EnablesReuse == true && e.Option == ReuseOptionKind.SetReuseAddress))
                {
                    var other = exclusive.FirstOrDefault(e => SocketTracking.RunTogether(reuse, e));
                    if (other is null)
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SOCK008_ContradictoryReusePolicy,
                        reuse.Operation.Syntax.GetLocation(),
                        additionalLocations: new[] { other.Operation.Syntax.GetLocation() },
                        SocketTracking.Describe(reuse)));
                }
            }
        }
    }
}
