using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// The reuse-policy family: SOCK001, SOCK004, SOCK006, SOCK007 and SOCK008 read one <see cref="SocketIndex"/> per
    /// type, built once from one set of operation actions. Each rule is a small check in its own file
    /// (<c>SOCKnnn_*.cs</c> beside this one).
    /// </summary>
    public abstract class ReusePolicyFamily : DiagnosticAnalyzer
    {
        private readonly bool _sock001;
        private readonly bool _sock004;
        private readonly bool _sock006;
        private readonly bool _sock007;
        private readonly bool _sock008;

        private protected ReusePolicyFamily(params DiagnosticDescriptor[] reported)
        {
            SupportedDiagnostics = ImmutableArray.Create(reported);
            _sock001 = reported.Contains(Descriptors.SOCK001_ListenerWithoutAddressReuse);
            _sock004 = reported.Contains(Descriptors.SOCK004_ClientFixedPortWithReuse);
            _sock006 = reported.Contains(Descriptors.SOCK006_ReuseOptionAfterBind);
            _sock007 = reported.Contains(Descriptors.SOCK007_ListenerShareablePort);
            _sock008 = reported.Contains(Descriptors.SOCK008_ContradictoryReusePolicy);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = SocketSymbols.For(start.Compilation);
                if (!symbols.HasSockets || !symbols.MayMatterAnywhere(SocketWords.Reuse, nativeCalls: true, start.CancellationToken))
                {
                    return; // no System.Net.Sockets and no socket import, or no tree names a word of the family: nothing to pay.
                }

                // Diagnostics one type reports at another type's declaration (a settings default, SOCK007) are
                // reported once per compilation.
                var reportedElsewhere = new ConcurrentDictionary<Location, bool>();
                start.RegisterSymbolStartAction(
                    symbolStart => SocketIndex.Register(symbolStart, symbols, (c, index) => Check(c, index, reportedElsewhere)),
                    SymbolKind.NamedType);
            });
        }

        private void Check(SymbolAnalysisContext context, SocketIndex index, ConcurrentDictionary<Location, bool> reportedElsewhere)
        {
            if (_sock001)
            {
                SOCK001_ListenerWithoutReuse.Check(context, index);
            }

            if (_sock004)
            {
                SOCK004_ClientFixedPortWithReuse.Check(context, index);
            }

            if (_sock006)
            {
                SOCK006_ReuseOptionAfterBind.Check(context, index);
            }

            if (_sock007)
            {
                SOCK007_ListenerShareablePort.Check(context, index, reportedElsewhere);
            }

            if (_sock008)
            {
                SOCK008_ContradictoryReusePolicy.Check(context, index);
            }
        }
    }

    /// <summary>The shipped analyzer of the reuse-policy family: every rule of it, one index per type.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReusePolicyAnalyzer : ReusePolicyFamily
    {
        public ReusePolicyAnalyzer()
            : base(
                Descriptors.SOCK001_ListenerWithoutAddressReuse,
                Descriptors.SOCK004_ClientFixedPortWithReuse,
                Descriptors.SOCK006_ReuseOptionAfterBind,
                Descriptors.SOCK007_ListenerShareablePort,
                Descriptors.SOCK008_ContradictoryReusePolicy)
        {
        }
    }
}
