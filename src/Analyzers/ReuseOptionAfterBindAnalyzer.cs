using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK006: an address-reuse option set on a socket after it is bound. The <c>ExclusiveAddressUse</c> setter
    /// throws InvalidOperationException after Bind (and the TcpListener one after Start); SetSocketOption succeeds but
    /// does not change the bind that already happened, and after Listen it opens the port to sharing (fact 6).
    /// The Bind (or <c>TcpListener.Start</c>) must certainly run before the option: see
    /// <see cref="SocketTracking.CertainlyBefore"/>. Raw: <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR/SO_REUSEPORT)</c>
    /// after an unconditional <c>bind(fd, ...)</c> of the same method.
    /// The diagnostic's additional location is the Bind/Start call, where the fix moves the statement.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReuseOptionAfterBindAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK006_ReuseOptionAfterBind);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionLevel is not null && types.SocketOptionName is not null)
                {
                    start.RegisterSymbolStartAction(
                        symbolStart => SocketTracking.Register(symbolStart, types, Report),
                        SymbolKind.NamedType);
                }

                if (NativeSocketApi.MayUseNativeSockets(start.Compilation))
                {
                    start.RegisterOperationAction(AnalyzeRawSetsockopt, OperationKind.Invocation);
                }
            });
        }

        private static void Report(SymbolAnalysisContext context, SocketTrackingState state)
        {
            foreach (var socket in state.Sockets())
            {
                var binds = socket.Events.Where(e => e.Kind is SocketEventKind.Bind or SocketEventKind.Start).ToList();
                if (binds.Count == 0 || socket.Events.Any(e => e.Kind == SocketEventKind.Stop))
                {
                    // A stopped TcpListener may be configured and started again: which Start an option follows is
                    // beyond what the source order tells, so stay silent.
                    continue;
                }

                bool listens = socket.Events.Any(e => e.Kind is SocketEventKind.Listen or SocketEventKind.Start);
                foreach (var option in socket.OfKind(SocketEventKind.ReuseOption))
                {
                    var bind = binds.FirstOrDefault(b => SocketTracking.CertainlyBefore(b, option));
                    if (bind is null)
                    {
                        continue;
                    }

                    string call = bind.Kind == SocketEventKind.Start ? "Start" : "Bind";
                    string name = SocketTracking.Describe(option);
                    string what, effect;
                    if (option.Option == ReuseOptionKind.ExclusiveAddressUseProperty)
                    {
                        what = "Setting ExclusiveAddressUse";
                        effect = "the setter throws InvalidOperationException";
                    }
                    else
                    {
                        what = option.Option == ReuseOptionKind.SetReuseAddress ? "Setting ReuseAddress" : "Setting ExclusiveAddressUse";
                        effect = option.EnablesReuse != false && listens
                            ? "it does not change that bind, and opens the listening port to sharing (SO_REUSEPORT on Linux)"
                            : "it does not change that bind";
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SOCK006_ReuseOptionAfterBind,
                        option.Operation.Syntax.GetLocation(),
                        additionalLocations: new[] { bind.Operation.Syntax.GetLocation() },
                        what, name, call, effect));
                }
            }
        }

        private static void AnalyzeRawSetsockopt(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.Name != "setsockopt"
                || call.Arguments.Length < 3
                || !NativeSocketApi.IsNative(call.TargetMethod, "setsockopt")
                || !NativeSocketApi.IsReuseOption(call.Arguments[1].Value, call.Arguments[2].Value)
                || call.Arguments[0].Value.ReferencedSymbol() is not { } descriptor)
            {
                return;
            }

            var bind = call.Root().Descendants().OfType<IInvocationOperation>().FirstOrDefault(b =>
                b.Arguments.Length >= 1
                && b.Syntax.Span.End <= call.Syntax.SpanStart
                && NativeSocketApi.IsNative(b.TargetMethod, "bind")
                && SymbolEqualityComparer.Default.Equals(b.Arguments[0].Value.ReferencedSymbol(), descriptor)
                && SocketTracking.CommonBlock(b.Syntax, call.Syntax) is { } block
                && SocketTracking.RunsWhenever(b.Syntax, block)
                && !IsCheckedForFailure(b));
            if (bind is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK006_ReuseOptionAfterBind,
                call.Syntax.GetLocation(),
                additionalLocations: new[] { bind.Syntax.GetLocation() },
                "An address-reuse setsockopt()",
                call.Arguments[0].Value.Syntax.ToString(),
                "bind()",
                "it does not change that bind"));
        }

        /// <summary>A bind whose result is used (compared, returned): code after it may run only when it failed.</summary>
        private static bool IsCheckedForFailure(IInvocationOperation bind)
        {
            var parent = bind.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent is not IExpressionStatementOperation;
        }
    }
}
