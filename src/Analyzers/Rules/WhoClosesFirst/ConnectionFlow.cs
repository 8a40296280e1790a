using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: follows one connection value through one body and lists what happens to it
    /// (<see cref="ConnectionSummary"/>). From each use it follows the aliases: locals it is stored in, GetStream(),
    /// Client/BaseStream, stream wrappers (NetworkStream, SslStream, readers, writers; owning it unless told to leave it
    /// open), and lambdas handed to Task.Run, TaskFactory.StartNew, ThreadPool, ContinueWith or a new Thread. Each use
    /// becomes an event: a write, a read that observes the end (<see cref="EndOfStreamIdioms"/>), a close (Close,
    /// Dispose, Shutdown, Disconnect, the end of a using), a call into a method of the same type or a session
    /// constructor (followed later), or an unknown use that ends the analysis of this connection.
    /// </summary>
    internal sealed class ConnectionFlow
    {
        public ConnectionFlow(SocketSymbols symbols, BodyIndex index, INamedTypeSymbol containingType)
        {
            Symbols = symbols;
            Types = symbols.Types!; // the analyzer registers nothing for a compilation without Socket
            Index = index;
            ContainingType = containingType;
        }

        public SocketSymbols Symbols { get; }
        public SocketTypes Types { get; }
        public BodyIndex Index { get; }
        private INamedTypeSymbol ContainingType { get; }

        /// <summary>
        /// The events of the connection that starts at <paramref name="starts"/> (an accept call, or the references to
        /// a parameter or field), within <paramref name="owner"/>. A connection wrapped so that closing the wrapper does
        /// not close it (<paramref name="ownsAll"/> false) still has its writes and reads listed, but no closes.
        /// </summary>
        public ConnectionSummary Track(
            IEnumerable<IOperation> starts, IOperation owner, IParameterSymbol? parameter = null, bool ownsAll = true, IFieldSymbol? field = null)
        {
            var events = new List<ConnectionEvent>();
            var aliases = new StringBuilder();
            if (Index.WebSocket)
            {
                events.Add(new ConnectionEvent(0, ConnectionEventKind.Unknown));
                return new ConnectionSummary(events, string.Empty);
            }

            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var work = new Queue<(IOperation Value, bool Owns)>();
            if (parameter != null)
            {
                seen.Add(parameter);
                AppendAlias(aliases, parameter.Name, ConnectionKinds.KindOf(parameter.Type, Types));
            }

            if (field != null)
            {
                // A session's field: listed like a local so the fix can name it (it is visible in every method).
                AppendAlias(aliases, field.Name, ConnectionKinds.KindOf(field.Type, Types));
            }

            foreach (var start in starts)
            {
                work.Enqueue((start, ownsAll));
            }

            int guard = 0;
            while (work.Count > 0 && guard++ < 500)
            {
                var (value, owns) = work.Dequeue();
                if (IsOpaque(value, owner))
                {
                    events.Add(new ConnectionEvent(value.Syntax.SpanStart, ConnectionEventKind.Unknown));
                    continue;
                }

                Classify(value, owns, events, aliases, seen, work);
            }

            for (int i = 0; i < events.Count; i++)
            {
                events[i].Order = i;
            }

            events.Sort((a, b) => a.Position != b.Position
                ? a.Position.CompareTo(b.Position)
                : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : b.Order.CompareTo(a.Order));
            return new ConnectionSummary(events, aliases.ToString());
        }

        /// <summary>The function whose body a value belongs to, looking through hand-off lambdas.</summary>
        public static IOperation FunctionOwner(IOperation operation, SocketTypes types)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda when !IsHandOff(lambda, types):
                    case ILocalFunctionOperation:
                    case IMethodBodyOperation:
                    case IConstructorBodyOperation:
                        return current;
                }
            }

            return operation.Root();
        }

        /// <summary>
        /// A lambda given to Task.Run, TaskFactory.StartNew, ThreadPool.QueueUserWorkItem, ContinueWith,
        /// ExecutionContext.Run, new Thread or new Task: its body is followed as part of the function that starts it.
        /// </summary>
        private static bool IsHandOff(IAnonymousFunctionOperation lambda, SocketTypes types)
        {
            IOperation current = lambda;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is not IArgumentOperation argument)
            {
                return false;
            }

            var connections = types.Connections;
            switch (argument.Parent)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    var owner = method.ContainingType?.OriginalDefinition;
                    return method.Name switch
                    {
                        "Run" => Is(owner, connections.Task) || Is(owner, connections.ExecutionContext),
                        "StartNew" => Is(owner, connections.TaskFactory) || Is(owner, connections.TaskFactoryOfT),
                        "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" => Is(owner, connections.ThreadPool),
                        "ContinueWith" => Is(owner, connections.Task) || Is(owner, connections.TaskOfT),
                        _ => false,
                    };
                case IObjectCreationOperation creation:
                    var created = creation.Type?.OriginalDefinition;
                    return Is(created, connections.Thread) || Is(created, connections.Task) || Is(created, connections.TaskOfT);
                default:
                    return false;
            }

            static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
                => expected != null && SymbolEqualityComparer.Default.Equals(type, expected);
        }

        /// <summary>
        /// <c>new LingerOption(true, 0)</c> with constant arguments. A connection given it closes with RST: no TIME_WAIT
        /// on either side, so it is not this rule's case (SOCK014 reports the reset).
        /// </summary>
        private static bool IsConstantZeroLinger(IOperation value, INamedTypeSymbol? lingerOption)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (lingerOption is null
                || value is not IObjectCreationOperation { Arguments.Length: 2 } creation
                || !SymbolEqualityComparer.Default.Equals(creation.Type, lingerOption))
            {
                return false;
            }

            bool enabled = false, zero = false;
            foreach (var argument in creation.Arguments)
            {
                var constant = argument.Value.ConstantValue;
                if (argument.Parameter?.Ordinal == 0)
                {
                    enabled = constant.HasValue && constant.Value is true;
                }
                else if (argument.Parameter?.Ordinal == 1)
                {
                    zero = constant.HasValue && constant.Value is 0;
                }
            }

            return enabled && zero;
        }

        private static void AppendAlias(StringBuilder aliases, string name, ConnectionAliasKind kind)
        {
            if (kind == ConnectionAliasKind.None || string.IsNullOrEmpty(name))
            {
                return;
            }

            if (aliases.Length > 0)
            {
                aliases.Append(';');
            }

            aliases.Append(name).Append(':').Append(kind);
        }

        /// <summary>Used inside a lambda that is not a hand-off, or a local function: beyond what we follow.</summary>
        private bool IsOpaque(IOperation value, IOperation owner)
        {
            for (var current = value.Parent; current != null && current != owner; current = current.Parent)
            {
                if (current is ILocalFunctionOperation || (current is IAnonymousFunctionOperation lambda && !IsHandOff(lambda, Types)))
                {
                    return true;
                }
            }

            return false;
        }

        private void Classify(
            IOperation value, bool owns, List<ConnectionEvent> events, StringBuilder aliases, HashSet<ISymbol> seen,
            Queue<(IOperation, bool)> work)
        {
            IOperation current = value;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            int position = value.Syntax.SpanStart;
            switch (current.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == current:
                    ClassifyCall(invocation, owns, events, work);
                    break;
                case IPropertyReferenceOperation property when property.Instance == current:
                    ClassifyProperty(property, owns, position, events, work);
                    break;
                case IArgumentOperation argument:
                    ClassifyArgument(argument, owns, position, events, work);
                    break;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    TrackLocal(declarator.Symbol, declarator, owns, events, aliases, seen, work);
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (assignment.Target is ILocalReferenceOperation target)
                    {
                        TrackLocal(target.Local, null, owns, events, aliases, seen, work);
                    }
                    else
                    {
                        events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
                    }

                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    break; // Overwritten: the reference is a write to the variable, not a use of the connection.
                case IUsingOperation usingOperation when usingOperation.Resources == current:
                    if (owns)
                    {
                        events.Add(UsingEnd(usingOperation));
                    }

                    break;
                case IConditionalAccessOperation conditional when conditional.Operation == current:
                    foreach (var instance in conditional.WhenNotNull.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>())
                    {
                        work.Enqueue((instance, owns));
                        break;
                    }

                    break;
                case IBinaryOperation or IIsPatternOperation or IIsTypeOperation when current.Parent is not IIsPatternOperation { Pattern: IDeclarationPatternOperation }:
                    break; // A null check.
                case IExpressionStatementOperation:
                    break;
                default:
                    events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
                    break;
            }
        }

        private void ClassifyProperty(
            IPropertyReferenceOperation property, bool owns, int position, List<ConnectionEvent> events, Queue<(IOperation, bool)> work)
        {
            if (EndOfStreamIdioms.PropertyObservesEnd(property, position, Index))
            {
                events.Add(new ConnectionEvent(position, ConnectionEventKind.Eof));
                return;
            }

            switch (property.Property.Name)
            {
                case "LingerState" when property.Parent is ISimpleAssignmentOperation lingerSet && lingerSet.Target == property
                    && IsConstantZeroLinger(lingerSet.Value, Types.LingerOption):
                    // A zero linger set on the connection: its close is a reset, see IsConstantZeroLinger.
                    events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
                    break;
                case "Client" or "BaseStream" when ConnectionKinds.KindOf(property.Type, Types) != ConnectionAliasKind.None:
                    if (property.Parent is ISimpleAssignmentOperation assigned && assigned.Target == property)
                    {
                        break;
                    }

                    work.Enqueue((property, owns));
                    break;
            }
        }

        private void TrackLocal(
            ILocalSymbol local, IVariableDeclaratorOperation? declarator, bool owns, List<ConnectionEvent> events,
            StringBuilder aliases, HashSet<ISymbol> seen, Queue<(IOperation, bool)> work)
        {
            if (!seen.Add(local))
            {
                return;
            }

            AppendAlias(aliases, local.Name, ConnectionKinds.KindOf(local.Type, Types));
            if (owns && declarator?.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group })
            {
                if (group.Parent is IUsingOperation usingOperation)
                {
                    events.Add(UsingEnd(usingOperation));
                }
                else if (group.Parent is IUsingDeclarationOperation usingDeclaration
                    && usingDeclaration.Syntax.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax)
                {
                    var scope = usingDeclaration.Syntax.Parent is GlobalStatementSyntax global ? global.Parent! : usingDeclaration.Syntax.Parent;
                    var close = new ConnectionEvent(scope.Span.End, ConnectionEventKind.Close)
                    {
                        Location = usingDeclaration.Syntax.GetLocation(),
                        What = "the end of the scope of 'using " + local.Name + "'",
                        FixKind = ServerClosesFirstAnalyzer.UsingDeclarationFix,
                    };
                    events.Add(close);
                }
            }

            if (Index.References.TryGetValue(local, out var references))
            {
                foreach (var reference in references)
                {
                    work.Enqueue((reference, owns));
                }
            }
        }

        private static ConnectionEvent UsingEnd(IUsingOperation usingOperation)
        {
            var syntax = (UsingStatementSyntax)usingOperation.Syntax;
            var start = syntax.AwaitKeyword.IsKind(SyntaxKind.None) ? syntax.UsingKeyword.SpanStart : syntax.AwaitKeyword.SpanStart;
            var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, syntax.CloseParenToken.Span.End);
            return new ConnectionEvent(syntax.Statement.Span.End, ConnectionEventKind.Close)
            {
                Location = Location.Create(syntax.SyntaxTree, span),
                What = "the end of the using statement",
                FixKind = ServerClosesFirstAnalyzer.UsingStatementFix,
            };
        }

        /// <summary>
        /// A call on the connection. The close and I/O verbs are recognised by name: the connection may be a Socket, a
        /// TcpClient or any stream, reader or writer over it (subclasses included), and they all spell them alike.
        /// The Socket-only members (SetSocketOption, Shutdown) are recognised by identity.
        /// </summary>
        private void ClassifyCall(IInvocationOperation invocation, bool owns, List<ConnectionEvent> events, Queue<(IOperation, bool)> work)
        {
            var method = invocation.TargetMethod;
            string name = method.Name;
            int position = invocation.Syntax.SpanStart;
            switch (Symbols.MemberOf(method))
            {
                case SocketMember.SetSocketOption when invocation.Arguments.Length == 3
                    && IsConstantZeroLinger(invocation.Arguments[2].Value, Types.LingerOption):
                    // A zero linger set on the connection: its close is a reset, see IsConstantZeroLinger.
                    events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
                    return;
                case SocketMember.Shutdown when invocation.Arguments.Length == 1:
                    var how = NativeSocketApi.ConstantInt(invocation.Arguments[0].Value);
                    if (how is 1 or 2)
                    {
                        if (!InCatch(invocation))
                        {
                            events.Add(CloseCall(invocation, how == 1 ? "Shutdown(SocketShutdown.Send)" : "Shutdown(SocketShutdown.Both)"));
                        }
                    }
                    else if (how is null)
                    {
                        events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
                    }

                    return;
            }

            switch (name)
            {
                case "Close" or "Dispose" or "DisposeAsync":
                    if (owns && !InCatch(invocation))
                    {
                        events.Add(CloseCall(invocation, name + "()"));
                    }

                    return;
                case "Disconnect" or "DisconnectAsync" or "BeginDisconnect":
                    if (!InCatch(invocation))
                    {
                        events.Add(CloseCall(invocation, name + "(...)"));
                    }

                    return;
                case "GetStream":
                    work.Enqueue((invocation, owns));
                    return;
            }

            if (EndOfStreamIdioms.ReadObservesEnd(invocation, Index, Types) is { } observesEnd)
            {
                if (observesEnd)
                {
                    events.Add(new ConnectionEvent(position, ConnectionEventKind.Eof));
                }
            }
            else if (name.StartsWith("Send", StringComparison.Ordinal) || name.StartsWith("BeginSend", StringComparison.Ordinal)
                || name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("BeginWrite", StringComparison.Ordinal))
            {
                events.Add(new ConnectionEvent(position, ConnectionEventKind.Write));
            }
        }

        private static bool InCatch(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ICatchClauseOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation:
                        return false;
                }
            }

            return false;
        }

        private static ConnectionEvent CloseCall(IInvocationOperation invocation, string what)
            => new(invocation.Syntax.SpanStart, ConnectionEventKind.Close)
            {
                Location = invocation.Syntax.GetLocation(),
                What = what,
                FixKind = ServerClosesFirstAnalyzer.StatementFix,
            };

        /// <summary>
        /// The connection passed as an argument: wrapped in a stream (followed), handed to a session constructor or a
        /// method of this type (followed later, see <see cref="SessionTypes"/> and <see cref="Handlers"/>), the source
        /// of a CopyTo (a write), or anything else (unknown).
        /// </summary>
        private void ClassifyArgument(IArgumentOperation argument, bool owns, int position, List<ConnectionEvent> events, Queue<(IOperation, bool)> work)
        {
            switch (argument.Parent)
            {
                case IObjectCreationOperation creation when ConnectionKinds.IsWrapper(creation.Type, Types)
                    && argument.Parameter is { Ordinal: 0 }:
                    work.Enqueue((creation, owns && WrapperOwns(creation)));
                    return;
                case IObjectCreationOperation { Constructor: { } constructor } when argument.Parameter is { RefKind: RefKind.None } handedTo
                    && !constructor.DeclaringSyntaxReferences.IsEmpty
                    && argument.ArgumentKind != ArgumentKind.ParamArray:
                    // A session or connection object of this compilation takes the connection over.
                    events.Add(new ConnectionEvent(position, ConnectionEventKind.Handoff)
                    {
                        Callee = constructor.OriginalDefinition,
                        Ordinal = handedTo.Ordinal,
                        Owns = owns,
                    });
                    return;
                case IInvocationOperation invocation:
                    var target = invocation.TargetMethod;
                    if (target.Name is "CopyTo" or "CopyToAsync" && argument.Parameter is { Ordinal: 0 } && invocation.Instance != null)
                    {
                        events.Add(new ConnectionEvent(position, ConnectionEventKind.Write));
                        return;
                    }

                    if (argument.Parameter is { } parameter
                        && (target.MethodKind == MethodKind.LocalFunction
                            || SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, ContainingType.OriginalDefinition))
                        && !target.DeclaringSyntaxReferences.IsEmpty
                        && argument.ArgumentKind != ArgumentKind.ParamArray
                        && parameter.RefKind == RefKind.None)
                    {
                        events.Add(new ConnectionEvent(position, ConnectionEventKind.Call)
                        {
                            Callee = target.OriginalDefinition,
                            Ordinal = parameter.Ordinal,
                            Owns = owns,
                        });
                        return;
                    }

                    break;
            }

            events.Add(new ConnectionEvent(position, ConnectionEventKind.Unknown));
        }

        /// <summary>False when the wrapper is told to leave the inner stream open (or NetworkStream is not given ownership).</summary>
        public static bool WrapperOwns(IObjectCreationOperation creation, SocketTypes types)
        {
            bool networkStream = ConnectionKinds.IsNetworkStream(creation.Type, types);
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is not { Type.SpecialType: SpecialType.System_Boolean } parameter)
                {
                    continue;
                }

                var constant = argument.Value.WalkDownConversions().ConstantValue;
                if (networkStream && parameter.Name == "ownsSocket")
                {
                    return constant.HasValue && constant.Value is true;
                }

                if (parameter.Name.StartsWith("leave", StringComparison.Ordinal))
                {
                    return constant.HasValue && constant.Value is false;
                }
            }

            // NetworkStream(socket) and NetworkStream(socket, access) do not own the socket.
            return !networkStream;
        }

        private bool WrapperOwns(IObjectCreationOperation creation) => WrapperOwns(creation, Types);
    }
}
