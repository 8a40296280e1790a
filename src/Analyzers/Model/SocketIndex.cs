using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>What happened to a tracked socket.</summary>
    internal enum SocketEventKind
    {
        /// <summary>The symbol is written with something other than null (declarator, assignment, member initializer).</summary>
        Assign,

        /// <summary>The symbol is written with null or default: the socket is let go, not replaced.</summary>
        NullWrite,

        /// <summary><c>new Socket(...)</c>, <c>new TcpListener(...)</c>, <c>new TcpClient(...)</c>, <c>new UdpClient(...)</c> stored into the symbol.</summary>
        Create,

        /// <summary>
        /// <c>Socket.Bind(endpoint)</c>, or a constructor that binds (<c>new UdpClient(port)</c>, <c>new UdpClient(localEP)</c>,
        /// <c>new TcpClient(localEP)</c>; then <see cref="SocketEvent.ConstructorBind"/> is set). <see cref="SocketEvent.Argument"/>
        /// is the endpoint or the port.
        /// </summary>
        Bind,

        Listen,

        /// <summary><c>TcpListener.Start</c>: bind and listen in one call.</summary>
        Start,

        /// <summary><c>TcpListener.Stop</c>: the listener can be configured and started again after it.</summary>
        Stop,

        Connect,

        Accept,

        Shutdown,

        /// <summary><c>Close</c>, <c>Disconnect</c>.</summary>
        Close,

        Dispose,

        /// <summary>An option read or written: see <see cref="SocketEvent.Option"/>.</summary>
        Option,
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
        public SocketCreation(long? family, bool dualMode, long? socketType, long? protocol, IArgumentOperation? protocolArgument)
        {
            Family = family;
            DualMode = dualMode;
            SocketType = socketType;
            Protocol = protocol;
            ProtocolArgument = protocolArgument;
        }

        /// <summary>The AddressFamily constant, or null when not constant (or not given).</summary>
        public long? Family { get; }

        /// <summary>True for <c>Socket(SocketType, ProtocolType)</c>: a dual-mode IPv6 socket.</summary>
        public bool DualMode { get; }

        public long? SocketType { get; }

        public long? Protocol { get; }

        public IArgumentOperation? ProtocolArgument { get; }

        /// <summary>AddressFamily.InterNetwork or InterNetworkV6 for certain.</summary>
        public bool IsIp => DualMode || Family == SocketNumbers.AddressFamilyInterNetwork || Family == SocketNumbers.AddressFamilyInterNetworkV6;

        public bool IsStream => SocketType == SocketNumbers.SocketTypeStream;

        public bool IsDatagram => SocketType == SocketNumbers.SocketTypeDgram || Protocol == SocketNumbers.ProtocolTypeUdp;

        public bool IsUnix => Family == SocketNumbers.AddressFamilyUnix;

        /// <summary>Protocol is the constant ProtocolType.Tcp: .NET sets SO_REUSEADDR before every bind (fact 1).</summary>
        public bool IsTcpProtocol => Protocol == SocketNumbers.ProtocolTypeTcp;
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

        /// <summary>For <see cref="SocketEventKind.Option"/>: the option call, read once.</summary>
        public OptionCall? Option { get; set; }

        /// <summary>The endpoint (or port) of a Bind, the value of an option.</summary>
        public IOperation? Argument { get; set; }

        public SocketCreation? Creation { get; set; }

        /// <summary>A bind done by a constructor (<c>new UdpClient(port)</c>, <c>new TcpClient(localEP)</c>).</summary>
        public bool ConstructorBind { get; set; }

        /// <summary>An address-reuse option written with a constant that allows reuse (true), forbids it (false), or not known.</summary>
        public bool? EnablesReuse => Option?.EnablesReuse;

        public bool IsReuseOption => Kind == SocketEventKind.Option && Option is { IsSet: true, IsReuseOption: true };

        public bool InConstructor => ContainingMember is IMethodSymbol { MethodKind: MethodKind.Constructor };

        /// <summary>The line (1-based) of the operation, for messages.</summary>
        public int Line => Operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
    }

    /// <summary>Everything the index saw done to one socket symbol.</summary>
    internal sealed class TrackedSocket
    {
        public TrackedSocket(ISymbol symbol, List<SocketEvent> events, int writes, SocketOwner? owner)
        {
            Symbol = symbol;
            Events = events;
            Writes = writes;
            Owner = owner;
            Creation = events.FirstOrDefault(e => e.Kind == SocketEventKind.Create)?.Creation;
        }

        public ISymbol Symbol { get; }

        public List<SocketEvent> Events { get; }

        /// <summary>How many times the symbol is given a socket (null writes left out; a parameter counts once).</summary>
        public int Writes { get; }

        /// <summary>Written at most once: one socket for its whole life, so the order of its events can be read.</summary>
        public bool WrittenOnce => Writes <= 1;

        public SocketOwner? Owner { get; }

        public SocketCreation? Creation { get; }

        public IEnumerable<SocketEvent> OfKind(SocketEventKind kind) => Events.Where(e => e.Kind == kind);

        public bool Has(SocketEventKind kind) => Events.Any(e => e.Kind == kind);

        public IEnumerable<SocketEvent> ReuseOptions => Events.Where(e => e.IsReuseOption);

        /// <summary>Bind, Socket.Bind through a wrapper, TcpListener.Start, or a binding constructor.</summary>
        public IEnumerable<SocketEvent> Binds => Events.Where(e => e.Kind is SocketEventKind.Bind or SocketEventKind.Start);
    }

    /// <summary>One call of an imported socket function (under any method name) in one body.</summary>
    internal sealed class NativeCall
    {
        public NativeCall(IInvocationOperation invocation, NativeImport import, ISymbol? descriptor, OptionCall? option)
        {
            Invocation = invocation;
            Import = import;
            Descriptor = descriptor;
            Option = option;
        }

        public IInvocationOperation Invocation { get; }

        public NativeImport Import { get; }

        /// <summary>The function: <c>bind</c>, <c>listen</c>, <c>setsockopt</c>...</summary>
        public string Function => Import.Function;

        /// <summary>The local, parameter or field passed as the descriptor (first argument), or null.</summary>
        public ISymbol? Descriptor { get; }

        public OptionCall? Option { get; }

        public int Start => Invocation.Syntax.SpanStart;
    }

    /// <summary>The native socket calls of one body, in source order, by descriptor.</summary>
    internal sealed class NativeDescriptorIndex
    {
        public NativeDescriptorIndex(IOperation root, List<NativeCall> calls)
        {
            Root = root;
            Calls = calls;
        }

        /// <summary>The body's outermost operation.</summary>
        public IOperation Root { get; }

        /// <summary>Every native socket call of the body, in source order.</summary>
        public List<NativeCall> Calls { get; }

        public IEnumerable<NativeCall> On(ISymbol descriptor, string function)
            => Calls.Where(c => c.Function == function && SymbolEqualityComparer.Default.Equals(c.Descriptor, descriptor));
    }

    /// <summary>
    /// The index of one type: every socket event of its members and the native calls of each of its bodies. Built
    /// once per type by <see cref="Register"/> (operation actions feed it; the type's end hands it to the rules).
    /// Fields and properties count only when read from <c>this</c> (or statically); a socket that leaves through an
    /// argument, a return or a local copy is not followed.
    /// </summary>
    internal sealed class SocketIndex
    {
        private readonly ConcurrentBag<SocketEvent> _events = new();
        private readonly ConcurrentBag<NativeCall> _native = new();
        private List<TrackedSocket>? _sockets;
        private List<NativeDescriptorIndex>? _bodies;

        private SocketIndex(SocketSymbols symbols)
        {
            Symbols = symbols;
        }

        public SocketSymbols Symbols { get; }

        /// <summary>Events grouped by socket symbol (every symbol; see <see cref="TrackedSocket.WrittenOnce"/>).</summary>
        public List<TrackedSocket> Sockets => _sockets ??= _events
            .GroupBy(e => e.Socket, SymbolEqualityComparer.Default)
            .Select(g =>
            {
                var events = g.OrderBy(e => e.Operation.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(e => e.Operation.Syntax.SpanStart).ToList();
                int writes = events.Count(e => e.Kind == SocketEventKind.Assign) + (g.Key is IParameterSymbol ? 1 : 0);
                return new TrackedSocket(g.Key!, events, writes, OwnerOf(g.Key!, Symbols.Types));
            })
            .OrderBy(t => t.Events[0].Operation.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(t => t.Events[0].Operation.Syntax.SpanStart)
            .ToList();

        /// <summary>The native calls of each body of the type.</summary>
        public List<NativeDescriptorIndex> NativeBodies => _bodies ??= _native
            .GroupBy(c => c.Invocation.Root())
            .Select(g => new NativeDescriptorIndex(g.Key, g.OrderBy(c => c.Start).ToList()))
            .OrderBy(b => b.Root.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(b => b.Root.Syntax.SpanStart)
            .ToList();

        /// <summary>Registers the index's operation actions on one type and hands the index to <paramref name="onEnd"/> at its end.</summary>
        internal static void Register(SymbolStartAnalysisContext context, SocketSymbols symbols, System.Action<SymbolAnalysisContext, SocketIndex> onEnd)
        {
            // The prefilter: a type whose declarations never name Listen, an option setter, ExclusiveAddressUse or a native
            // socket import has nothing a reuse rule reports (SOCK001 needs a Listen, every other rule a reuse option); it
            // gets no actions and no symbol end.
            if (context.Symbol is not INamedTypeSymbol type
                || !symbols.MayMatter(type, SocketWords.Reuse, nativeCalls: true, context.CancellationToken))
            {
                return;
            }

            var index = new SocketIndex(symbols);
            context.RegisterOperationAction(index.OnInvocation, OperationKind.Invocation);
            if (symbols.Types != null)
            {
                context.RegisterOperationAction(index.OnAssignment, OperationKind.SimpleAssignment);
                context.RegisterOperationAction(index.OnCreation, OperationKind.ObjectCreation);
                context.RegisterOperationAction(index.OnDeclarator, OperationKind.VariableDeclarator);
                context.RegisterOperationAction(index.OnMemberInitializer, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            }

            context.RegisterSymbolEndAction(c => onEnd(c, index));
        }

        /// <summary>Whether the symbol holds a Socket, TcpListener, TcpClient or UdpClient (by type identity), and which.</summary>
        internal static SocketOwner? OwnerOf(ISymbol symbol, SocketTypes? types)
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null || types is null)
            {
                return null;
            }

            return SymbolEqualityComparer.Default.Equals(type, types.Socket) ? SocketOwner.Socket
                : SymbolEqualityComparer.Default.Equals(type, types.TcpListener) ? SocketOwner.TcpListener
                : SymbolEqualityComparer.Default.Equals(type, types.TcpClient) ? SocketOwner.TcpClient
                : SymbolEqualityComparer.Default.Equals(type, types.UdpClient) ? SocketOwner.UdpClient
                : null;
        }

        private bool IsTracked(ITypeSymbol? type)
        {
            var types = Symbols.Types;
            return type != null && types != null
                && (SymbolEqualityComparer.Default.Equals(type, types.Socket) || IsWrapper(type));
        }

        private bool IsWrapper(ITypeSymbol? type)
        {
            var types = Symbols.Types;
            return type != null && types != null
                && (SymbolEqualityComparer.Default.Equals(type, types.TcpListener)
                    || SymbolEqualityComparer.Default.Equals(type, types.TcpClient)
                    || SymbolEqualityComparer.Default.Equals(type, types.UdpClient));
        }

        /// <summary>
        /// The symbol an instance expression stands for: <c>s</c> (Socket), or <c>listener.Server</c> /
        /// <c>client.Client</c> (then the TcpListener/TcpClient/UdpClient symbol, path Wrapped).
        /// </summary>
        internal (ISymbol? Symbol, SocketPath Path) Resolve(IOperation? socket)
        {
            if (socket is null)
            {
                return (null, SocketPath.Direct);
            }

            socket = socket.WalkDownConversions();
            if (socket is IPropertyReferenceOperation { Property.Name: "Server" or "Client" } wrapped
                && IsWrapper(wrapped.Property.ContainingType)
                && wrapped.Instance.ReferencedSymbol() is { } owner
                && (wrapped.Property.Name == "Server") == SymbolEqualityComparer.Default.Equals(wrapped.Property.ContainingType, Symbols.Types!.TcpListener))
            {
                return (owner, SocketPath.Wrapped);
            }

            var symbol = socket.ReferencedSymbol();
            return symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol
                ? (symbol, SocketPath.Direct)
                : (null, SocketPath.Direct);
        }

        private void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.IsStatic)
            {
                if (Symbols.SocketImportOf(method) is { } import)
                {
                    var descriptor = NativeSocketImports.ArgumentFor(invocation, 0)?.Value.ReferencedSymbol();
                    var option = import.Function is "setsockopt" or "getsockopt" ? OptionCall.Read(invocation, Symbols) : null;
                    _native.Add(new NativeCall(invocation, import, descriptor, option));
                }

                return;
            }

            var member = Symbols.MemberOf(method);
            if (member == SocketMember.None)
            {
                return;
            }

            bool onSocket = SymbolEqualityComparer.Default.Equals(method.ContainingType, Symbols.Types!.Socket);
            var (symbol, path) = onSocket ? Resolve(invocation.Instance) : (invocation.Instance.ReferencedSymbol(), SocketPath.Wrapper);
            if (symbol is null)
            {
                return;
            }

            SocketEvent Event(SocketEventKind kind) => new(kind, symbol, path, invocation, context.ContainingSymbol);
            switch (member)
            {
                case SocketMember.SetSocketOption or SocketMember.GetSocketOption or SocketMember.SetRawSocketOption or SocketMember.GetRawSocketOption:
                    if (OptionCall.Read(invocation, Symbols) is { } call)
                    {
                        _events.Add(new SocketEvent(SocketEventKind.Option, symbol, path, invocation, context.ContainingSymbol) { Option = call, Argument = call.Value });
                    }

                    break;
                case SocketMember.Bind:
                    _events.Add(new SocketEvent(SocketEventKind.Bind, symbol, path, invocation, context.ContainingSymbol)
                    {
                        Argument = NativeSocketImports.ArgumentFor(invocation, 0)?.Value,
                    });
                    break;
                case SocketMember.Listen: _events.Add(Event(SocketEventKind.Listen)); break;
                case SocketMember.Start: _events.Add(Event(SocketEventKind.Start)); break;
                case SocketMember.Stop: _events.Add(Event(SocketEventKind.Stop)); break;
                case SocketMember.Connect: _events.Add(Event(SocketEventKind.Connect)); break;
                case SocketMember.Accept: _events.Add(Event(SocketEventKind.Accept)); break;
                case SocketMember.Shutdown: _events.Add(Event(SocketEventKind.Shutdown)); break;
                case SocketMember.Close: _events.Add(Event(SocketEventKind.Close)); break;
                case SocketMember.Dispose: _events.Add(Event(SocketEventKind.Dispose)); break;
            }
        }

        private void OnAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (OptionCall.Read(assignment, Symbols) is { } option)
            {
                ISymbol? symbol;
                SocketPath path;
                if (option.InitializedCreation is { } creation)
                {
                    symbol = creation.StoredInto() is { } target && target is ILocalSymbol or IFieldSymbol or IPropertySymbol ? target : null;
                    path = SymbolEqualityComparer.Default.Equals(creation.Type, Symbols.Types!.Socket) ? SocketPath.Direct : SocketPath.Wrapper;
                }
                else if (SymbolEqualityComparer.Default.Equals(option.Property!.ContainingType, Symbols.Types!.Socket))
                {
                    (symbol, path) = Resolve(option.Instance);
                }
                else
                {
                    (symbol, path) = (option.Instance.ReferencedSymbol(), SocketPath.Wrapper);
                }

                if (symbol != null)
                {
                    _events.Add(new SocketEvent(SocketEventKind.Option, symbol, path, assignment, context.ContainingSymbol) { Option = option, Argument = assignment.Value });
                }

                return;
            }

            if (IsTracked(assignment.Target.Type) && assignment.Target.ReferencedSymbol() is { } written)
            {
                var kind = IsNull(assignment.Value) ? SocketEventKind.NullWrite : SocketEventKind.Assign;
                _events.Add(new SocketEvent(kind, written, SocketPath.Direct, assignment, context.ContainingSymbol));
            }
        }

        private void OnDeclarator(OperationAnalysisContext context)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (declarator.Initializer != null && IsTracked(declarator.Symbol.Type))
            {
                var kind = IsNull(declarator.Initializer.Value) ? SocketEventKind.NullWrite : SocketEventKind.Assign;
                _events.Add(new SocketEvent(kind, declarator.Symbol, SocketPath.Direct, declarator, context.ContainingSymbol));
            }
        }

        private void OnMemberInitializer(OperationAnalysisContext context)
        {
            var (member, value) = context.Operation switch
            {
                IFieldInitializerOperation { InitializedFields.Length: 1 } field => ((ISymbol)field.InitializedFields[0], field.Value),
                IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => (property.InitializedProperties[0], property.Value),
                _ => (null, null),
            };
            if (member != null && value != null && OwnerOf(member, Symbols.Types) != null)
            {
                var kind = IsNull(value) ? SocketEventKind.NullWrite : SocketEventKind.Assign;
                _events.Add(new SocketEvent(kind, member, SocketPath.Direct, context.Operation, context.ContainingSymbol));
            }
        }

        /// <summary><c>null</c>, <c>null!</c>, <c>default</c>: the socket is let go, nothing new is stored.</summary>
        private static bool IsNull(IOperation value)
        {
            var walked = value.WalkDownConversions();
            while (walked is IUnaryOperation { Syntax: PostfixUnaryExpressionSyntax } suppress)
            {
                walked = suppress.Operand.WalkDownConversions();
            }

            return walked is IDefaultValueOperation
                || (walked.ConstantValue.HasValue && walked.ConstantValue.Value is null);
        }

        private void OnCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var types = Symbols.Types!;
            if (creation.Constructor is not { } constructor || !IsTracked(constructor.ContainingType))
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
                    protocol is null ? null : NativeSocketApi.ConstantInt(protocol.Value),
                    protocol);
            }

            _events.Add(new SocketEvent(SocketEventKind.Create, target, SocketPath.Direct, creation, context.ContainingSymbol) { Creation = info });

            // Constructors that bind (UdpClient(port), UdpClient(port, family), UdpClient(localEP), TcpClient(localEP))
            // or connect (TcpClient(host, port), UdpClient(host, port)).
            if (!IsWrapper(constructor.ContainingType) || SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.TcpListener))
            {
                return;
            }

            var parameters = constructor.Parameters;
            bool hasHost = parameters.Any(p => p.Type.SpecialType == SpecialType.System_String);
            if (hasHost)
            {
                _events.Add(new SocketEvent(SocketEventKind.Connect, target, SocketPath.Wrapper, creation, context.ContainingSymbol));
                return;
            }

            var endpoint = creation.Arguments.FirstOrDefault(a => a.Parameter != null && Endpoints.IsOfType(a.Parameter.Type, types.IPEndPoint));
            var port = SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.UdpClient)
                ? creation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32)
                : null;
            if ((endpoint ?? port) is { } bound)
            {
                _events.Add(new SocketEvent(SocketEventKind.Bind, target, SocketPath.Wrapper, creation, context.ContainingSymbol)
                {
                    Argument = bound.Value,
                    ConstructorBind = true,
                });
            }
        }

        /// <summary>How the code names the socket of an event: <c>s</c>, <c>listener.Server</c>, <c>client.Client</c>.</summary>
        internal static string Describe(SocketEvent e)
        {
            string name = e.Socket.Name;
            if (e.Path != SocketPath.Wrapped)
            {
                return name;
            }

            // The wrapped socket as the code wrote it: listener.Server, client.Client.
            var instance = e.Operation switch
            {
                IInvocationOperation invocation => invocation.Instance,
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } => target.Instance,
                _ => null,
            };
            return instance?.WalkDownConversions() is IPropertyReferenceOperation wrapped ? name + "." + wrapped.Property.Name : name;
        }
    }

    /// <summary>Endpoints and ports of binds.</summary>
    internal static class Endpoints
    {
        /// <summary>The port of a bind: the port argument of <c>new IPEndPoint(address, port)</c>, or a port given directly.</summary>
        internal static IOperation? Port(IOperation endpoint, SocketTypes types)
        {
            if (endpoint.WalkDownConversions().Type?.SpecialType == SpecialType.System_Int32)
            {
                return endpoint;
            }

            var creation = LocalValues.SingleCreation(endpoint);
            if (creation is null
                || !SymbolEqualityComparer.Default.Equals(creation.Type, types.IPEndPoint)
                || creation.Arguments.Length != 2)
            {
                return null;
            }

            return creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "port")?.Value;
        }

        /// <summary>True when a bind's port is the constant 0 (the OS picks a free port).</summary>
        internal static bool IsPortZero(IOperation endpoint, SocketTypes types)
            => Port(endpoint, types) is { } port && NativeSocketApi.ConstantInt(port) == 0;

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
