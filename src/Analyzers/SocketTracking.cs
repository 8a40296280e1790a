using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>What happened to a tracked socket.</summary>
    internal enum SocketEventKind
    {
        /// <summary>The socket symbol is written (declarator initializer, assignment, field/property initializer).</summary>
        Assign,

        /// <summary><c>new Socket(...)</c>, <c>new TcpListener(...)</c>, <c>new TcpClient()</c>, <c>new UdpClient()</c> stored into the symbol.</summary>
        Create,

        /// <summary><c>Socket.Bind(endpoint)</c>; <see cref="SocketEvent.Argument"/> is the endpoint.</summary>
        Bind,

        /// <summary><c>Socket.Listen</c>.</summary>
        Listen,

        /// <summary><c>TcpListener.Start</c>: bind and listen in one call.</summary>
        Start,

        /// <summary><c>Connect</c>, <c>ConnectAsync</c>, <c>BeginConnect</c> on the Socket or the TcpClient.</summary>
        Connect,

        /// <summary>An address-reuse option: see <see cref="SocketEvent.Option"/> and <see cref="SocketEvent.Value"/>.</summary>
        ReuseOption,

        /// <summary><c>TcpListener.Stop</c>: the listener can be configured and started again after it.</summary>
        Stop,
    }

    /// <summary>How an address-reuse option is written.</summary>
    internal enum ReuseOptionKind
    {
        /// <summary><c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, value)</c>.</summary>
        SetReuseAddress,

        /// <summary><c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, value)</c>.</summary>
        SetExclusiveAddressUse,

        /// <summary>The <c>ExclusiveAddressUse</c> property setter of Socket, TcpListener, TcpClient or UdpClient.</summary>
        ExclusiveAddressUseProperty,
    }

    /// <summary>How the statement reached the socket.</summary>
    internal enum SocketPath
    {
        /// <summary>The symbol is the Socket itself.</summary>
        Direct,

        /// <summary><c>listener.Server</c>, <c>tcpClient.Client</c>, <c>udpClient.Client</c>.</summary>
        Wrapped,

        /// <summary>A member of the TcpListener/TcpClient/UdpClient itself (Start, Connect, ExclusiveAddressUse).</summary>
        Wrapper,
    }

    /// <summary>The owner type of the tracked symbol.</summary>
    internal enum SocketOwner
    {
        Socket,
        TcpListener,
        TcpClient,
        UdpClient,
    }

    /// <summary>What <c>new Socket(family, type, protocol)</c> said, as far as it is constant.</summary>
    internal sealed class SocketCreation
    {
        public SocketCreation(long? family, bool dualMode, long? socketType, long? protocol)
        {
            Family = family;
            DualMode = dualMode;
            SocketType = socketType;
            Protocol = protocol;
        }

        /// <summary>The AddressFamily constant, or null when not constant (or not given).</summary>
        public long? Family { get; }

        /// <summary>True for <c>Socket(SocketType, ProtocolType)</c>: a dual-mode IPv6 socket.</summary>
        public bool DualMode { get; }

        public long? SocketType { get; }

        public long? Protocol { get; }

        /// <summary>AddressFamily.InterNetwork or InterNetworkV6 for certain.</summary>
        public bool IsIp => DualMode || Family == SocketTracking.AddressFamilyInterNetwork || Family == SocketTracking.AddressFamilyInterNetworkV6;

        public bool IsStream => SocketType == SocketTracking.SocketTypeStream;

        public bool IsDatagram => SocketType == SocketTracking.SocketTypeDgram || Protocol == SocketTracking.ProtocolTypeUdp;

        public bool IsUnix => Family == SocketTracking.AddressFamilyUnix;

        /// <summary>Protocol is the constant ProtocolType.Tcp: .NET sets SO_REUSEADDR before every bind (fact 1).</summary>
        public bool IsTcpProtocol => Protocol == SocketTracking.ProtocolTypeTcp;
    }

    /// <summary>One thing done to a tracked socket.</summary>
    internal sealed class SocketEvent
    {
        public SocketEvent(SocketEventKind kind, ISymbol socket, SocketPath path, IOperation operation, ISymbol containingMember)
        {
            Kind = kind;
            Socket = socket;
            Path = path;
            Operation = operation;
            ContainingMember = containingMember;
        }

        public SocketEventKind Kind { get; }

        /// <summary>The local, parameter, field or property that holds the socket (or its TcpListener/TcpClient/UdpClient).</summary>
        public ISymbol Socket { get; }

        public SocketPath Path { get; }

        /// <summary>The invocation, assignment or creation.</summary>
        public IOperation Operation { get; }

        /// <summary>The member whose body holds the operation (a method, constructor, accessor, field).</summary>
        public ISymbol ContainingMember { get; }

        public ReuseOptionKind Option { get; set; }

        /// <summary>
        /// For <see cref="SocketEventKind.ReuseOption"/>: true when the statement allows address reuse (ReuseAddress
        /// true, ExclusiveAddressUse false), false when it forbids it, null when the value is not a constant.
        /// </summary>
        public bool? EnablesReuse { get; set; }

        /// <summary>The endpoint of a Bind, the value of an option.</summary>
        public IOperation? Argument { get; set; }

        public SocketCreation? Creation { get; set; }

        /// <summary>The statement that holds the operation.</summary>
        public StatementSyntax? Statement => Operation.Syntax.FirstAncestorOrSelf<StatementSyntax>();

        public bool InConstructor => ContainingMember is IMethodSymbol { MethodKind: MethodKind.Constructor };
    }

    /// <summary>The events of one type, collected during its SymbolStart and handed over at its end.</summary>
    internal sealed class SocketTrackingState
    {
        private readonly ConcurrentBag<SocketEvent> _events = new();

        internal void Add(SocketEvent e) => _events.Add(e);

        /// <summary>
        /// Events grouped by socket symbol, leaving out every symbol that is written more than once (it may hold
        /// different sockets at different times: outside what the tracking can follow).
        /// </summary>
        public IEnumerable<TrackedSocket> Sockets()
        {
            foreach (var group in _events.GroupBy(e => e.Socket, SymbolEqualityComparer.Default))
            {
                var events = group.ToList();
                int writes = events.Count(e => e.Kind == SocketEventKind.Assign) + (group.Key is IParameterSymbol ? 1 : 0);
                if (writes > 1)
                {
                    continue;
                }

                yield return new TrackedSocket(group.Key!, events);
            }
        }
    }

    /// <summary>Everything the tracking saw done to one socket symbol.</summary>
    internal sealed class TrackedSocket
    {
        public TrackedSocket(ISymbol symbol, List<SocketEvent> events)
        {
            Symbol = symbol;
            Events = events;
            Owner = SocketTracking.OwnerOf(symbol);
            Creation = events.FirstOrDefault(e => e.Kind == SocketEventKind.Create)?.Creation;
        }

        public ISymbol Symbol { get; }

        public List<SocketEvent> Events { get; }

        public SocketOwner? Owner { get; }

        public SocketCreation? Creation { get; }

        public IEnumerable<SocketEvent> OfKind(SocketEventKind kind) => Events.Where(e => e.Kind == kind);
    }

    /// <summary>
    /// Follows one socket through a type: the operations on a local, parameter, field or property of type Socket,
    /// TcpListener, TcpClient or UdpClient, including <c>listener.Server</c> and <c>client.Client</c>. Fields and
    /// properties count only when read from <c>this</c> (or statically); a socket that leaves through an argument,
    /// a return or a local copy is not followed. A symbol written more than once is dropped.
    /// </summary>
    internal static class SocketTracking
    {
        internal const int AddressFamilyUnix = 1;
        internal const int AddressFamilyInterNetwork = 2;
        internal const int AddressFamilyInterNetworkV6 = 23;
        internal const int SocketTypeStream = 1;
        internal const int SocketTypeDgram = 2;
        internal const int ProtocolTypeTcp = 6;
        internal const int ProtocolTypeUdp = 17;
        internal const int SocketOptionLevelSocket = 0xffff;
        internal const int SocketOptionNameReuseAddress = 4;
        internal const int SocketOptionNameExclusiveAddressUse = ~4;

        /// <summary>
        /// Registers the tracking operation actions for one type and calls <paramref name="onEnd"/> with the events
        /// at the end of the type.
        /// </summary>
        internal static void Register(SymbolStartAnalysisContext context, SocketTypes types, Action<SymbolAnalysisContext, SocketTrackingState> onEnd)
        {
            var state = new SocketTrackingState();
            context.RegisterOperationAction(c => OnInvocation(c, types, state), OperationKind.Invocation);
            context.RegisterOperationAction(c => OnAssignment(c, types, state), OperationKind.SimpleAssignment);
            context.RegisterOperationAction(c => OnCreation(c, types, state), OperationKind.ObjectCreation);
            context.RegisterOperationAction(c => OnDeclarator(c, types, state), OperationKind.VariableDeclarator);
            context.RegisterOperationAction(c => OnMemberInitializer(c, types, state), OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            context.RegisterSymbolEndAction(c => onEnd(c, state));
        }

        internal static SocketOwner? OwnerOf(ISymbol symbol)
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            SocketOwner? owner = type?.Name switch
            {
                "Socket" => SocketOwner.Socket,
                "TcpListener" => SocketOwner.TcpListener,
                "TcpClient" => SocketOwner.TcpClient,
                "UdpClient" => SocketOwner.UdpClient,
                _ => null,
            };

            // The name first: building the namespace string for every field and local would cost more than the rest.
            return owner != null && type!.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets" ? owner : null;
        }

        private static bool IsTracked(ITypeSymbol? type, SocketTypes types)
            => type != null
            && (SymbolEqualityComparer.Default.Equals(type, types.Socket)
                || SymbolEqualityComparer.Default.Equals(type, types.TcpListener)
                || SymbolEqualityComparer.Default.Equals(type, types.TcpClient)
                || SymbolEqualityComparer.Default.Equals(type, types.UdpClient));

        private static bool IsWrapper(ITypeSymbol? type, SocketTypes types)
            => type != null
            && (SymbolEqualityComparer.Default.Equals(type, types.TcpListener)
                || SymbolEqualityComparer.Default.Equals(type, types.TcpClient)
                || SymbolEqualityComparer.Default.Equals(type, types.UdpClient));

        /// <summary>
        /// The symbol an instance expression stands for: <c>s</c> (Socket), or <c>listener.Server</c> /
        /// <c>client.Client</c> (then the TcpListener/TcpClient/UdpClient symbol, path Wrapped).
        /// </summary>
        internal static (ISymbol? Symbol, SocketPath Path) Resolve(IOperation? socket, SocketTypes types)
        {
            if (socket is null)
            {
                return (null, SocketPath.Direct);
            }

            socket = socket.WalkDownConversions();
            if (socket is IPropertyReferenceOperation { Property.Name: "Server" or "Client" } wrapped
                && IsWrapper(wrapped.Property.ContainingType, types)
                && wrapped.Instance.ReferencedSymbol() is { } owner
                && (wrapped.Property.Name == "Server") == SymbolEqualityComparer.Default.Equals(wrapped.Property.ContainingType, types.TcpListener))
            {
                return (owner, SocketPath.Wrapped);
            }

            var symbol = socket.ReferencedSymbol();
            return symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol
                ? (symbol, SocketPath.Direct)
                : (null, SocketPath.Direct);
        }

        private static void OnInvocation(OperationAnalysisContext context, SocketTypes types, SocketTrackingState state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var containing = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(containing, types.Socket))
            {
                var (symbol, path) = Resolve(invocation.Instance, types);
                if (symbol is null)
                {
                    return;
                }

                switch (method.Name)
                {
                    case "Bind" when invocation.Arguments.Length == 1:
                        state.Add(new SocketEvent(SocketEventKind.Bind, symbol, path, invocation, context.ContainingSymbol) { Argument = invocation.Arguments[0].Value });
                        break;
                    case "Listen":
                        state.Add(new SocketEvent(SocketEventKind.Listen, symbol, path, invocation, context.ContainingSymbol));
                        break;
                    case "Connect" or "ConnectAsync" or "BeginConnect":
                        state.Add(new SocketEvent(SocketEventKind.Connect, symbol, path, invocation, context.ContainingSymbol));
                        break;
                    case "SetSocketOption" when invocation.Arguments.Length == 3:
                        AddSetSocketOption(context, types, state, invocation, symbol, path);
                        break;
                }
            }
            else if (IsWrapper(containing, types))
            {
                var symbol = invocation.Instance.ReferencedSymbol();
                if (symbol is null)
                {
                    return;
                }

                if (method.Name == "Start" && SymbolEqualityComparer.Default.Equals(containing, types.TcpListener))
                {
                    state.Add(new SocketEvent(SocketEventKind.Start, symbol, SocketPath.Wrapper, invocation, context.ContainingSymbol));
                }
                else if (method.Name == "Stop" && SymbolEqualityComparer.Default.Equals(containing, types.TcpListener))
                {
                    state.Add(new SocketEvent(SocketEventKind.Stop, symbol, SocketPath.Wrapper, invocation, context.ContainingSymbol));
                }
                else if (method.Name is "Connect" or "ConnectAsync" or "BeginConnect"
                    && SymbolEqualityComparer.Default.Equals(containing, types.TcpClient))
                {
                    state.Add(new SocketEvent(SocketEventKind.Connect, symbol, SocketPath.Wrapper, invocation, context.ContainingSymbol));
                }
            }
        }

        private static void AddSetSocketOption(
            OperationAnalysisContext context, SocketTypes types, SocketTrackingState state,
            IInvocationOperation invocation, ISymbol symbol, SocketPath path)
        {
            var args = invocation.Arguments;
            if (!SymbolEqualityComparer.Default.Equals(args[0].Parameter?.Type, types.SocketOptionLevel)
                || NativeSocketApi.ConstantInt(args[0].Value) != SocketOptionLevelSocket)
            {
                return;
            }

            long? name = NativeSocketApi.ConstantInt(args[1].Value);
            ReuseOptionKind kind;
            if (name == SocketOptionNameReuseAddress)
            {
                kind = ReuseOptionKind.SetReuseAddress;
            }
            else if (name == SocketOptionNameExclusiveAddressUse)
            {
                kind = ReuseOptionKind.SetExclusiveAddressUse;
            }
            else
            {
                return;
            }

            var value = args[2].Value;
            bool? on = ConstantTruth(value);
            state.Add(new SocketEvent(SocketEventKind.ReuseOption, symbol, path, invocation, context.ContainingSymbol)
            {
                Option = kind,
                Argument = value,
                EnablesReuse = on is null ? null : (kind == ReuseOptionKind.SetReuseAddress ? on : !on),
            });
        }

        /// <summary>A constant bool or integer as true/false (non-zero is true); null when not a constant.</summary>
        internal static bool? ConstantTruth(IOperation value)
        {
            var walked = value.WalkDownConversions();
            if (walked.ConstantValue is { HasValue: true, Value: bool b })
            {
                return b;
            }

            if (walked.Type?.SpecialType is SpecialType.System_Boolean)
            {
                return null;
            }

            return NativeSocketApi.ConstantInt(walked) is { } i ? i != 0 : null;
        }

        private static void OnAssignment(OperationAnalysisContext context, SocketTypes types, SocketTrackingState state)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            var target = assignment.Target;
            if (target is IPropertyReferenceOperation { Property.Name: "ExclusiveAddressUse" } property
                && IsTracked(property.Property.ContainingType, types))
            {
                var (symbol, path) = SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, types.Socket)
                    ? Resolve(property.Instance, types)
                    : (property.Instance.ReferencedSymbol(), SocketPath.Wrapper);
                if (symbol is null)
                {
                    return;
                }

                bool? exclusive = ConstantTruth(assignment.Value);
                state.Add(new SocketEvent(SocketEventKind.ReuseOption, symbol, path, assignment, context.ContainingSymbol)
                {
                    Option = ReuseOptionKind.ExclusiveAddressUseProperty,
                    Argument = assignment.Value,
                    EnablesReuse = exclusive is null ? null : !exclusive,
                });
                return;
            }

            if (IsTracked(target.Type, types) && target.ReferencedSymbol() is { } written)
            {
                state.Add(new SocketEvent(SocketEventKind.Assign, written, SocketPath.Direct, assignment, context.ContainingSymbol));
            }
        }

        private static void OnDeclarator(OperationAnalysisContext context, SocketTypes types, SocketTrackingState state)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (IsTracked(declarator.Symbol.Type, types)
                && declarator.Initializer != null)
            {
                state.Add(new SocketEvent(SocketEventKind.Assign, declarator.Symbol, SocketPath.Direct, declarator, context.ContainingSymbol));
            }
        }

        private static void OnMemberInitializer(OperationAnalysisContext context, SocketTypes types, SocketTrackingState state)
        {
            ISymbol? member = context.Operation switch
            {
                IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
                IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
                _ => null,
            };
            if (member != null && OwnerOf(member) != null)
            {
                state.Add(new SocketEvent(SocketEventKind.Assign, member, SocketPath.Direct, context.Operation, context.ContainingSymbol));
            }
        }

        private static void OnCreation(OperationAnalysisContext context, SocketTypes types, SocketTrackingState state)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor || !IsTracked(constructor.ContainingType, types))
            {
                return;
            }

            if (creation.StoredInto() is not { } target || target is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
            {
                return;
            }

            SocketCreation? info = null;
            if (SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.Socket))
            {
                var (family, socketType, protocol) = types.SocketConstructorArguments(creation);

                if (socketType is null)
                {
                    return; // Socket(SafeSocketHandle) or Socket(SocketInformation): an existing socket, unknown.
                }

                info = new SocketCreation(
                    family is null ? null : NativeSocketApi.ConstantInt(family.Value),
                    dualMode: family is null,
                    NativeSocketApi.ConstantInt(socketType.Value),
                    protocol is null ? null : NativeSocketApi.ConstantInt(protocol.Value));
            }

            state.Add(new SocketEvent(SocketEventKind.Create, target, SocketPath.Direct, creation, context.ContainingSymbol) { Creation = info });
        }

        /// <summary>How the code names the socket of an event: <c>s</c>, <c>listener.Server</c>, <c>client.Client</c>.</summary>
        internal static string Describe(SocketEvent e)
        {
            string name = e.Socket.Name;
            if (e.Path != SocketPath.Wrapped)
            {
                return name;
            }

            return OwnerOf(e.Socket) == SocketOwner.TcpListener ? name + ".Server" : name + ".Client";
        }

        // ---------------------------------------------------------------- where statements run

        /// <summary>
        /// True when <paramref name="first"/> certainly ran before <paramref name="second"/> on the same socket:
        /// both in one body, <paramref name="first"/> unconditional in the block they share and written earlier;
        /// or <paramref name="first"/> unconditional in a constructor and <paramref name="second"/> in another member.
        /// </summary>
        internal static bool CertainlyBefore(SocketEvent first, SocketEvent second)
        {
            if (SymbolEqualityComparer.Default.Equals(first.ContainingMember, second.ContainingMember)
                && first.Operation.Syntax.SyntaxTree == second.Operation.Syntax.SyntaxTree)
            {
                var block = CommonBlock(first.Operation.Syntax, second.Operation.Syntax);
                return block != null
                    && first.Operation.Syntax.Span.End <= second.Operation.Syntax.SpanStart
                    && RunsWhenever(first.Operation.Syntax, block);
            }

            return ConstructorThenMember(first, second);
        }

        /// <summary>
        /// True when both statements certainly run together whenever the later one runs: one body with a shared
        /// block, both unconditional in it; or one of them unconditional in a constructor and the other elsewhere.
        /// </summary>
        internal static bool RunTogether(SocketEvent a, SocketEvent b)
        {
            if (SymbolEqualityComparer.Default.Equals(a.ContainingMember, b.ContainingMember)
                && a.Operation.Syntax.SyntaxTree == b.Operation.Syntax.SyntaxTree)
            {
                var block = CommonBlock(a.Operation.Syntax, b.Operation.Syntax);
                return block != null && RunsWhenever(a.Operation.Syntax, block) && RunsWhenever(b.Operation.Syntax, block);
            }

            return ConstructorThenMember(a, b) || ConstructorThenMember(b, a);
        }

        /// <summary>
        /// True when <paramref name="inConstructor"/> runs unconditionally in an instance constructor, on an instance
        /// field or property, and <paramref name="later"/> is in another member that the constructor does not name
        /// (so it cannot run from inside the constructor, before the first statement).
        /// </summary>
        private static bool ConstructorThenMember(SocketEvent inConstructor, SocketEvent later)
        {
            if (!inConstructor.InConstructor
                || later.InConstructor
                || inConstructor.Socket.IsStatic
                || inConstructor.Socket is not (IFieldSymbol or IPropertySymbol)
                || !RunsWheneverBody(inConstructor.Operation.Syntax))
            {
                return false;
            }

            var member = later.ContainingMember is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : later.ContainingMember;
            var constructor = inConstructor.Operation.Syntax.FirstAncestorOrSelf<ConstructorDeclarationSyntax>();
            return constructor != null
                && !constructor.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member.Name);
        }

        /// <summary>True when the node runs every time the body of its member (or its top-level program) runs.</summary>
        internal static bool RunsWheneverBody(SyntaxNode node)
        {
            SyntaxNode? body = node.Ancestors().FirstOrDefault(a =>
                a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax
                    or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
            return body is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax
                && RunsWhenever(node, body);
        }

        /// <summary>The innermost block (or compilation unit) holding both nodes, or null when they meet elsewhere.</summary>
        internal static SyntaxNode? CommonBlock(SyntaxNode a, SyntaxNode b)
        {
            var ancestorsOfB = new HashSet<SyntaxNode>(b.AncestorsAndSelf());
            foreach (var ancestor in a.AncestorsAndSelf())
            {
                if (ancestorsOfB.Contains(ancestor))
                {
                    return ancestor is BlockSyntax or CompilationUnitSyntax ? ancestor : null;
                }
            }

            return null;
        }

        /// <summary>
        /// True when nothing between <paramref name="node"/> and <paramref name="ancestor"/> makes it conditional:
        /// no if/else branch, switch, loop body, catch, lambda, local function, ?:, ?., ??, &amp;&amp; or ||.
        /// </summary>
        internal static bool RunsWhenever(SyntaxNode node, SyntaxNode ancestor)
        {
            SyntaxNode child = node;
            while (child != ancestor)
            {
                var current = child.Parent;
                if (current is null)
                {
                    return false;
                }

                switch (current)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Condition != child:
                    case ElseClauseSyntax:
                    case SwitchStatementSyntax switchStatement when switchStatement.Expression != child:
                    case SwitchSectionSyntax:
                    case SwitchExpressionSyntax:
                    case ForStatementSyntax:
                    case ForEachStatementSyntax forEach when forEach.Expression != child:
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                    case CatchClauseSyntax:
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case ConditionalExpressionSyntax conditional when conditional.Condition != child:
                    case ConditionalAccessExpressionSyntax access when access.Expression != child:
                    case BinaryExpressionSyntax binary when binary.Right == child
                        && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression:
                    case AssignmentExpressionSyntax coalesceAssignment when coalesceAssignment.Right == child
                        && coalesceAssignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        return false;
                }

                child = current;
            }

            return true;
        }

        // ---------------------------------------------------------------- endpoints

        /// <summary>The endpoint's creation: written in the call, or the only write of a local of the same body.</summary>
        internal static IObjectCreationOperation? EndpointCreation(IOperation endpoint)
        {
            endpoint = endpoint.WalkDownConversions();
            if (endpoint is IObjectCreationOperation direct)
            {
                return direct;
            }

            if (endpoint is not ILocalReferenceOperation local)
            {
                return null;
            }

            IObjectCreationOperation? found = null;
            int writes = 0;
            foreach (var descendant in endpoint.Root().DescendantsAndSelf())
            {
                if (descendant is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    writes++;
                    found = declarator.Initializer?.Value.WalkDownConversions() as IObjectCreationOperation;
                }
                else if (descendant is IAssignmentOperation assignment
                    && assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
                {
                    writes++;
                    found = assignment.Value.WalkDownConversions() as IObjectCreationOperation;
                }
            }

            return writes == 1 ? found : null;
        }

        /// <summary>The port argument of <c>new IPEndPoint(address, port)</c>, or null.</summary>
        internal static IOperation? PortArgument(IOperation endpoint, SocketTypes types)
        {
            var creation = EndpointCreation(endpoint);
            if (creation is null
                || !SymbolEqualityComparer.Default.Equals(creation.Type, types.IPEndPoint)
                || creation.Arguments.Length != 2)
            {
                return null;
            }

            return creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "port")?.Value;
        }

        internal static bool IsOfType(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (var current = type; current != null && expected != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, expected))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
