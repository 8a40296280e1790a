using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: a busy server that closes accepted connections first keeps one TIME_WAIT socket per connection
    /// (fact 9). The check reads the summaries of the busy accepted connections of one type (see
    /// <see cref="AcceptLoops"/>) in source order, following calls into handlers (<see cref="Handlers"/>, up to
    /// <see cref="MaxCallDepth"/> deep) and hand-offs into session types (<see cref="SessionTypes"/>). A close is
    /// reported when the server wrote before it, did not observe the client's end of stream
    /// (<see cref="EndOfStreamIdioms"/>), and nothing unknown happened to the connection on the way. Connections
    /// accepted from a Unix-domain listener are skipped (no TIME_WAIT there).
    /// </summary>
    internal static class SOCK003_ServerClosesFirst
    {
        internal const int MaxCallDepth = 3;

        /// <summary>Reports each close found, once per location, in source order.</summary>
        internal static void Check(SymbolAnalysisContext context, AcceptingType state)
        {
            if (state.Busy.IsEmpty)
            {
                return;
            }

            var reported = new Dictionary<(SyntaxTree?, int, int), (ConnectionEvent Event, string Aliases)>();
            foreach (var summary in state.Busy)
            {
                if (summary.Listener != null && state.UnixListeners.ContainsKey(summary.Listener))
                {
                    continue;
                }

                var flow = new FlowState();
                Evaluate(summary, flow, state, 0, true, reported);
            }

            foreach (var pair in reported.OrderBy(p => p.Key.Item2))
            {
                var closeEvent = pair.Value.Event;
                if (closeEvent.Location is null)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(ServerClosesFirstAnalyzer.FixKindProperty, closeEvent.FixKind)
                    .Add(ServerClosesFirstAnalyzer.AliasesProperty, pair.Value.Aliases);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SOCK003_ServerClosesFirst,
                    closeEvent.Location,
                    properties,
                    closeEvent.What));
            }
        }

        /// <summary>Where one connection's walk stands: whether the server wrote, and whether the walk has ended.</summary>
        private sealed class FlowState
        {
            public bool Wrote;
            public bool Done;
        }

        private static void Evaluate(
            ConnectionSummary summary, FlowState flow, AcceptingType state, int depth, bool owns,
            Dictionary<(SyntaxTree?, int, int), (ConnectionEvent, string)> reported)
        {
            foreach (var e in summary.Events)
            {
                if (flow.Done)
                {
                    return;
                }

                switch (e.Kind)
                {
                    case ConnectionEventKind.Write:
                        flow.Wrote = true;
                        break;
                    case ConnectionEventKind.Eof:
                    case ConnectionEventKind.Unknown:
                        flow.Done = true;
                        return;
                    case ConnectionEventKind.Close:
                        if (!owns)
                        {
                            break;
                        }

                        if (flow.Wrote && e.Location != null && e.Location.IsInSource)
                        {
                            var key = (e.Location.SourceTree, e.Location.SourceSpan.Start, e.Location.SourceSpan.Length);
                            if (!reported.ContainsKey(key))
                            {
                                reported[key] = (e, summary.Aliases);
                            }
                        }

                        flow.Done = true;
                        return;
                    case ConnectionEventKind.Handoff:
                        if (owns && e.Callee != null)
                        {
                            foreach (var sessionSummary in state.Sessions.For(e.Callee, e.Ordinal))
                            {
                                Evaluate(sessionSummary, new FlowState { Wrote = flow.Wrote }, state, MaxCallDepth, true, reported);
                            }
                        }

                        flow.Done = true;
                        return;
                    case ConnectionEventKind.Call:
                        if (depth >= MaxCallDepth
                            || e.Callee is null
                            || !state.Parameters.TryGetValue(e.Callee, out var parameters)
                            || e.Ordinal >= parameters.Length
                            || parameters[e.Ordinal] is not { } callee)
                        {
                            flow.Done = true;
                            return;
                        }

                        Evaluate(callee, flow, state, depth + 1, owns && e.Owns, reported);
                        break;
                }
            }
        }
    }
}
