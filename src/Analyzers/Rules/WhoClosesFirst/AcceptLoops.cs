using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: where connections are accepted, and which accepted connections belong to a busy server. An accept is
    /// a Socket/TcpListener Accept*/EndAccept* member (by identity, <see cref="SocketMember.Accept"/>) that returns the
    /// connection. It is busy when it runs in a loop of its own function, or when it is an EndAccept in a callback
    /// that starts the next accept (a BeginAccept, <c>Socket.AcceptAsync(SocketAsyncEventArgs)</c>, or a call of a
    /// method of the type that does); with <c>socket_analyzers.SOCK003.scope = any_accepted</c> every accept counts.
    /// Listeners created or bound as Unix-domain sockets are remembered: they have no TIME_WAIT.
    /// </summary>
    internal static class AcceptLoops
    {
        /// <summary>
        /// Cheap, on every invocation of an accepting type: remember the bodies that accept connections, and the
        /// methods that start a BeginAccept (a Listen() helper called from the callback re-arms the accept).
        /// </summary>
        public static void NoteInvocation(OperationAnalysisContext context, SocketSymbols symbols, AcceptingType state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var target = invocation.TargetMethod;
            if (symbols.MemberOf(target) != SocketMember.Accept || context.ContainingSymbol is not IMethodSymbol method)
            {
                return;
            }

            if (target.Name.StartsWith("BeginAccept", StringComparison.Ordinal))
            {
                state.Rearmers.TryAdd(method.OriginalDefinition, true);
                return;
            }

            var root = invocation.Root();
            if (root is IMethodBodyOperation or IConstructorBodyOperation)
            {
                state.AcceptBodies.TryAdd(root, method);
            }
        }

        /// <summary>Unix-domain stream sockets have no TIME_WAIT (fact 8): remember listeners created or bound as such.</summary>
        public static void NoteUnixListener(IObjectCreationOperation creation, SocketSymbols symbols, AcceptingType state)
        {
            const int AddressFamilyUnix = 1;
            var types = symbols.Types!;
            if (SymbolEqualityComparer.Default.Equals(creation.Type, types.Socket))
            {
                foreach (var argument in creation.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.AddressFamily)
                        && NativeSocketApi.ConstantInt(argument.Value) == AddressFamilyUnix
                        && creation.StoredInto() is { } target)
                    {
                        state.UnixListeners[target] = true;
                    }
                }
            }
            else if (types.UnixDomainSocketEndPoint is { } unix
                && SymbolEqualityComparer.Default.Equals(creation.Type, unix))
            {
                IOperation current = creation;
                while (current.Parent is IConversionOperation)
                {
                    current = current.Parent;
                }

                if (current.Parent is IArgumentOperation { Parent: IInvocationOperation bind }
                    && symbols.MemberOf(bind.TargetMethod) == SocketMember.Bind
                    && bind.Instance.ReferencedSymbol() is { } listener)
                {
                    state.UnixListeners[listener] = true;
                }
            }
        }

        /// <summary>
        /// While a body is indexed: an accept that returns the connection is listed; a BeginAccept, or an AcceptAsync
        /// that returns bool (the SocketAsyncEventArgs pattern), re-arms the accept.
        /// </summary>
        public static void IndexAcceptCall(BodyIndex index, IInvocationOperation invocation, SocketSymbols symbols)
        {
            var target = invocation.TargetMethod;
            if (symbols.MemberOf(target) != SocketMember.Accept)
            {
                return;
            }

            if (target.Name.StartsWith("BeginAccept", StringComparison.Ordinal))
            {
                index.RearmsAccept = true;
            }
            else if (target.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                index.RearmsAccept = true; // Socket.AcceptAsync(SocketAsyncEventArgs)
            }
            else if (!target.ReturnsVoid)
            {
                index.Accepts.Add(invocation);
            }
        }

        /// <summary>Follows each busy accepted connection of an accepting body and keeps the summaries with events.</summary>
        public static void SummariseAccepts(AcceptingType state, ConnectionFlow flow, IOperation body, AnalyzerOptions options)
        {
            bool anyAccepted = ServerClosesFirstScope.AnyAccepted(options, body.Syntax.SyntaxTree);
            foreach (var accept in flow.Index.Accepts)
            {
                if (!anyAccepted && !IsBusy(accept, flow.Index))
                {
                    continue;
                }

                var value = AcceptedValue(accept);
                var summary = flow.Track(new[] { value }, ConnectionFlow.FunctionOwner(value, flow.Types));
                summary.Listener = accept.Instance.ReferencedSymbol();
                if (summary.Events.Count > 0)
                {
                    state.Busy.Add(summary);
                }
            }
        }

        /// <summary>In a loop of the same function, or an EndAccept in a callback that starts the next accept.</summary>
        private static bool IsBusy(IInvocationOperation accept, BodyIndex index)
        {
            if (accept.TargetMethod.Name.StartsWith("EndAccept", StringComparison.Ordinal) && index.RearmsAccept)
            {
                return true;
            }

            for (var current = accept.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The accepted value: the call, or the await of it (through ConfigureAwait).</summary>
        private static IOperation AcceptedValue(IInvocationOperation accept)
        {
            IOperation current = accept;
            while (true)
            {
                switch (current.Parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                        current = current.Parent;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                        current = configure;
                        break;
                    default:
                        return current;
                }
            }
        }
    }
}
