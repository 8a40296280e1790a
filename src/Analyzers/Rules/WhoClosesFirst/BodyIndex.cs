using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: what one method body says, gathered in one walk of its operations at the end of an accepting type:
    /// every reference to each local and parameter (the connection is followed through these), the locals compared
    /// with an end-of-stream constant, Poll calls, the accept calls and whether the body re-arms an accept, its local
    /// functions, and whether it is a WebSocket server (where RFC 6455 has the server close first).
    /// </summary>
    internal sealed class BodyIndex
    {
        public readonly Dictionary<ISymbol, List<IOperation>> References = new(SymbolEqualityComparer.Default);
        public readonly HashSet<ISymbol> ComparedLocals = new(SymbolEqualityComparer.Default);
        public readonly List<IInvocationOperation> Accepts = new();
        public readonly List<ILocalFunctionOperation> LocalFunctions = new();
        public readonly List<int> Polls = new();
        public ICollection<IMethodSymbol>? Rearmers;
        public bool RearmsAccept;
        public bool WebSocket;

        /// <summary>A Poll call on a socket before this position in the body.</summary>
        public bool PolledBefore(int position) => Polls.Any(p => p < position);

        /// <summary>
        /// Indexes <paramref name="body"/>. <paramref name="rearmers"/> are the methods of the type that start a
        /// BeginAccept (a call of one re-arms the accept), or null outside an accepting type.
        /// </summary>
        public static BodyIndex Build(IOperation body, SocketSymbols symbols, ICollection<IMethodSymbol>? rearmers)
        {
            var index = new BodyIndex { Rearmers = rearmers };
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local:
                        index.AddReference(local.Local, operation);
                        break;
                    case IParameterReferenceOperation parameter:
                        index.AddReference(parameter.Parameter, operation);
                        break;
                    case IInvocationOperation invocation:
                        index.AddInvocation(invocation, symbols);
                        if (invocation.TargetMethod.ContainingNamespace is { Name: "WebSockets" } webSockets && webSockets.ToDisplayString() == "System.Net.WebSockets")
                        {
                            index.WebSocket = true;
                        }

                        break;
                    case IBinaryOperation binary when EndOfStreamIdioms.IsComparison(binary):
                        if (EndOfStreamIdioms.IsEofConstant(binary.LeftOperand))
                        {
                            index.AddCompared(binary.RightOperand);
                        }
                        else if (EndOfStreamIdioms.IsEofConstant(binary.RightOperand))
                        {
                            index.AddCompared(binary.LeftOperand);
                        }

                        break;
                    case IIsPatternOperation pattern when EndOfStreamIdioms.IsEofPattern(pattern.Pattern):
                        index.AddCompared(pattern.Value);
                        break;
                    case ILocalFunctionOperation localFunction:
                        index.LocalFunctions.Add(localFunction);
                        break;
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
                        when text.IndexOf("websocket", StringComparison.OrdinalIgnoreCase) >= 0:
                        index.WebSocket = true; // A hand-written WebSocket server: RFC 6455 has the server close first.
                        break;
                }
            }

            return index;
        }

        private void AddReference(ISymbol symbol, IOperation reference)
        {
            if (!References.TryGetValue(symbol, out var list))
            {
                list = new List<IOperation>();
                References[symbol] = list;
            }

            list.Add(reference);
        }

        /// <summary>A local compared with an end-of-stream constant (0, -1, null) somewhere in the body.</summary>
        private void AddCompared(IOperation operand)
        {
            if (operand.WalkDownConversions() is ILocalReferenceOperation local)
            {
                ComparedLocals.Add(local.Local);
            }
        }

        private void AddInvocation(IInvocationOperation invocation, SocketSymbols symbols)
        {
            var target = invocation.TargetMethod;
            string name = target.Name;
            if (name is "IsNullOrEmpty" or "IsNullOrWhiteSpace" && target.ContainingType?.SpecialType == SpecialType.System_String
                && invocation.Arguments.Length == 1)
            {
                AddCompared(invocation.Arguments[0].Value);
                return;
            }

            if (name == "Poll" && SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.Types?.Socket))
            {
                Polls.Add(invocation.Syntax.SpanStart);
                return;
            }

            if (Rearmers != null && Rearmers.Contains(target.OriginalDefinition))
            {
                RearmsAccept = true; // a helper of this type that starts the next BeginAccept
                return;
            }

            AcceptLoops.IndexAcceptCall(this, invocation, symbols);
        }
    }
}
