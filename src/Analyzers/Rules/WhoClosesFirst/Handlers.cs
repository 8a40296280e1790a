using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: handlers, the methods and local functions of an accepting type that an accepted connection is passed
    /// to (<c>HandleClient(client)</c>, a callback, a helper that writes the reply). Their bodies are kept cheaply while
    /// the type is analysed; at its end each one with a parameter that can carry a connection is summarised per such
    /// parameter, as if the parameter were the accepted connection. The rule's check follows a
    /// <see cref="ConnectionEventKind.Call"/> event into these summaries (up to
    /// <see cref="SOCK003_ServerClosesFirst.MaxCallDepth"/> calls deep).
    /// </summary>
    internal static class Handlers
    {
        /// <summary>
        /// On every method or constructor body of an accepting type: keep the ones with parameters. Whether one can
        /// carry a connection is decided at the type's end, and only for a type that accepts.
        /// </summary>
        public static void NoteBody(OperationAnalysisContext context, AcceptingType state)
        {
            if (context.ContainingSymbol is IMethodSymbol { Parameters.Length: > 0 } method)
            {
                state.HandlerBodies.TryAdd(context.Operation, method);
            }
        }

        /// <summary>Whether a kept body may be a handler: it has a parameter that can carry a connection.</summary>
        public static bool MayHandle(IMethodSymbol method, SocketTypes types) => ConnectionKinds.CarriesConnection(method, types);

        /// <summary>Summarises the connection parameters of a body's method and of each of its local functions.</summary>
        public static void Summarise(AcceptingType state, ConnectionFlow flow, IMethodSymbol method, IOperation body)
        {
            SummariseParameters(state, flow, method, body);
            foreach (var localFunction in flow.Index.LocalFunctions)
            {
                if (localFunction.Body is { } localBody)
                {
                    SummariseParameters(state, flow, localFunction.Symbol, localBody);
                }
            }
        }

        private static void SummariseParameters(AcceptingType state, ConnectionFlow flow, IMethodSymbol method, IOperation body)
        {
            if (method.Parameters.IsEmpty)
            {
                return;
            }

            var summaries = new ConnectionSummary?[method.Parameters.Length];
            bool any = false;
            foreach (var parameter in method.Parameters)
            {
                if (ConnectionKinds.KindOf(parameter.Type, flow.Types) == ConnectionAliasKind.None
                    || !flow.Index.References.TryGetValue(parameter, out var references))
                {
                    continue;
                }

                summaries[parameter.Ordinal] = flow.Track(references, body, parameter);
                any = true;
            }

            if (any)
            {
                state.Parameters[method.OriginalDefinition] = summaries;
            }
        }
    }
}
