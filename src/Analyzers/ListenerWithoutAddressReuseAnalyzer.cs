using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK001: a TCP listening socket whose bind does not allow address reuse, so a restart fails with
    /// "Address already in use" while connections of the previous run are in TIME_WAIT.
    /// <list type="bullet">
    /// <item>Managed: <c>new Socket(InterNetwork[V6], Stream, IP/Unspecified)</c> stored in a local, field or property
    /// of one type, bound to a port that is not the constant 0 and put into Listen, without ReuseAddress being turned on.
    /// .NET sets SO_REUSEADDR before bind only when the ProtocolType is Tcp (fact 1-2).</item>
    /// <item>Raw: an extern <c>bind(fd, ...)</c> whose descriptor is then passed to an extern <c>listen</c> in the same
    /// method, with no earlier <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR or SO_REUSEPORT, ...)</c> (fact 3).</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ListenerWithoutAddressReuseAnalyzer : DiagnosticAnalyzer
    {
        internal const string KindProperty = "Kind";
        internal const string ManagedKind = "Managed";
        internal const string RawKind = "Raw";

        private const int AddressFamilyInterNetwork = 2;
        private const int AddressFamilyInterNetworkV6 = 23;
        private const int SocketTypeStream = 1;
        private const int SocketOptionLevelSocket = 0xffff;
        private const int SocketOptionNameReuseAddress = 4;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK001_ListenerWithoutAddressReuse);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types is not null && types.ProtocolType is not null)
                {
                    start.RegisterSymbolStartAction(symbolStart => StartType(symbolStart, types), SymbolKind.NamedType);
                }

                // Raw P/Invoke code does not need System.Net.Sockets; the check is a name comparison per invocation.
                if (NativeSocketApi.MayUseNativeSockets(start.Compilation))
                {
                    start.RegisterOperationAction(AnalyzeRawBind, OperationKind.Invocation);
                }
            });
        }

        // ---------------------------------------------------------------- managed sockets

        private sealed class TypeState
        {
            public readonly ConcurrentBag<(ISymbol Target, IArgumentOperation Protocol, Family Family)> Creations = new();
            public readonly ConcurrentDictionary<ISymbol, EndpointKind> Bound = new(SymbolEqualityComparer.Default);
            public readonly ConcurrentDictionary<ISymbol, bool> Listened = new(SymbolEqualityComparer.Default);
            public readonly ConcurrentDictionary<ISymbol, bool> ReuseEnabled = new(SymbolEqualityComparer.Default);
        }

        private enum Family
        {
            Ip,
            Unknown,
        }

        private enum EndpointKind
        {
            Ip,
            Unknown,
        }

        private static void StartType(SymbolStartAnalysisContext context, SocketTypes types)
        {
            var state = new TypeState();
            context.RegisterOperationAction(c => OnCreation(c, types, state), OperationKind.ObjectCreation);
            context.RegisterOperationAction(c => OnInvocation(c, types, state), OperationKind.Invocation);
            context.RegisterOperationAction(c => OnAssignment(c, types, state), OperationKind.SimpleAssignment);
            context.RegisterSymbolEndAction(c => Report(c, state));
        }

        private static void OnCreation(OperationAnalysisContext context, SocketTypes types, TypeState state)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor
                || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.Socket))
            {
                return;
            }

            var (family, socketType, protocol) = types.SocketConstructorArguments(creation);

            if (socketType is null || protocol is null
                || NativeSocketApi.ConstantInt(socketType.Value) != SocketTypeStream
                || NativeSocketApi.ConstantInt(protocol.Value) != 0)
            {
                return;
            }

            Family kind;
            if (family is null)
            {
                kind = Family.Ip; // Socket(SocketType, ProtocolType): a dual-mode IPv6 socket.
            }
            else if (NativeSocketApi.ConstantInt(family.Value) is { } value)
            {
                if (value != AddressFamilyInterNetwork && value != AddressFamilyInterNetworkV6)
                {
                    return;
                }

                kind = Family.Ip;
            }
            else
            {
                kind = Family.Unknown;
            }

            if (creation.StoredInto() is { } target && IsTrackable(target))
            {
                state.Creations.Add((target, protocol, kind));
            }
        }

        private static bool IsTrackable(ISymbol symbol)
            => symbol is ILocalSymbol or IFieldSymbol or IPropertySymbol;

        private static void OnInvocation(OperationAnalysisContext context, SocketTypes types, TypeState state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Socket)
                || invocation.Instance.ReferencedSymbol() is not { } socket)
            {
                return;
            }

            switch (method.Name)
            {
                case "Bind" when invocation.Arguments.Length == 1:
                    var endpoint = invocation.Arguments[0].Value;
                    if (IsPortZero(endpoint, types))
                    {
                        return;
                    }

                    var kind = IsIpEndPoint(endpoint, types) ? EndpointKind.Ip : EndpointKind.Unknown;
                    if (IsUnixEndPoint(endpoint, types))
                    {
                        // A Unix-domain endpoint: no TIME_WAIT. Record nothing, and make the socket untrackable.
                        state.ReuseEnabled[socket] = true;
                        return;
                    }

                    state.Bound.AddOrUpdate(socket, kind, (_, old) => old == EndpointKind.Ip ? old : kind);
                    break;
                case "Listen":
                    state.Listened[socket] = true;
                    break;
                case "SetSocketOption" when invocation.Arguments.Length == 3:
                    if (EnablesReuse(invocation, types))
                    {
                        state.ReuseEnabled[socket] = true;
                    }

                    break;
                case "SetRawSocketOption" when invocation.Arguments.Length == 3:
                    // The code sets SO_REUSEADDR or SO_REUSEPORT itself with the platform's numbers (fact 3).
                    if (NativeSocketApi.IsReuseOption(invocation.Arguments[0].Value, invocation.Arguments[1].Value))
                    {
                        state.ReuseEnabled[socket] = true;
                    }

                    break;
            }
        }

        /// <summary><c>socket.ExclusiveAddressUse = false</c> sets SO_REUSEADDR and SO_REUSEPORT (fact 4).</summary>
        private static void OnAssignment(OperationAnalysisContext context, SocketTypes types, TypeState state)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: "ExclusiveAddressUse" } property
                && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, types.Socket)
                && property.Instance.ReferencedSymbol() is { } socket
                && !(assignment.Value.ConstantValue is { HasValue: true, Value: true }))
            {
                state.ReuseEnabled[socket] = true;
            }
        }

        /// <summary>SetSocketOption(Socket, ReuseAddress, value) with a value that is not a constant false/0.</summary>
        private static bool EnablesReuse(IInvocationOperation invocation, SocketTypes types)
        {
            var args = invocation.Arguments;
            if (args[0].Parameter?.Type is not { } levelType
                || !SymbolEqualityComparer.Default.Equals(levelType, types.SocketOptionLevel)
                || NativeSocketApi.ConstantInt(args[0].Value) != SocketOptionLevelSocket
                || NativeSocketApi.ConstantInt(args[1].Value) != SocketOptionNameReuseAddress)
            {
                return false;
            }

            var value = args[2].Value.WalkDownConversions().ConstantValue;
            return !(value.HasValue && (value.Value is false || value.Value is 0));
        }

        private static bool IsPortZero(IOperation endpoint, SocketTypes types)
        {
            var creation = SocketTracking.EndpointCreation(endpoint);
            if (creation is null
                || !SymbolEqualityComparer.Default.Equals(creation.Type, types.IPEndPoint)
                || creation.Arguments.Length != 2)
            {
                return false;
            }

            var port = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "port");
            return port != null && NativeSocketApi.ConstantInt(port.Value) == 0;
        }

        private static bool IsIpEndPoint(IOperation endpoint, SocketTypes types)
            => IsOfType(endpoint.WalkDownConversions().Type, types.IPEndPoint);

        private static bool IsUnixEndPoint(IOperation endpoint, SocketTypes types)
            => IsOfType(endpoint.WalkDownConversions().Type, types.UnixDomainSocketEndPoint);

        private static bool IsOfType(ITypeSymbol? type, INamedTypeSymbol? expected)
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

        private static void Report(SymbolAnalysisContext context, TypeState state)
        {
            foreach (var (target, protocol, family) in state.Creations)
            {
                if (!state.Listened.ContainsKey(target)
                    || !state.Bound.TryGetValue(target, out var endpoint)
                    || state.ReuseEnabled.ContainsKey(target)
                    || (family == Family.Unknown && endpoint != EndpointKind.Ip))
                {
                    continue;
                }

                string written = protocol.Value.Syntax.ToString();
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SOCK001_ListenerWithoutAddressReuse,
                    protocol.Value.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(KindProperty, ManagedKind),
                    $"Listening socket created with '{written}' gets no SO_REUSEADDR from .NET, so a restart fails with 'Address already in use' while its old connections are in TIME_WAIT; create it with ProtocolType.Tcp"));
            }
        }

        // ---------------------------------------------------------------- raw P/Invoke

        private static void AnalyzeRawBind(OperationAnalysisContext context)
        {
            var bind = (IInvocationOperation)context.Operation;
            if (bind.TargetMethod.Name != "bind"
                || bind.Arguments.Length < 1
                || !NativeSocketApi.IsNative(bind.TargetMethod, "bind")
                || bind.Arguments[0].Value.ReferencedSymbol() is not { } descriptor)
            {
                return;
            }

            bool listened = false;
            foreach (var operation in bind.Root().Descendants())
            {
                if (operation is not IInvocationOperation call
                    || call.Arguments.Length < 1
                    || !SymbolEqualityComparer.Default.Equals(call.Arguments[0].Value.ReferencedSymbol(), descriptor))
                {
                    continue;
                }

                if (NativeSocketApi.IsNative(call.TargetMethod, "setsockopt")
                    && call.Arguments.Length >= 3
                    && call.Syntax.SpanStart < bind.Syntax.SpanStart
                    && NativeSocketApi.IsReuseOption(call.Arguments[1].Value, call.Arguments[2].Value))
                {
                    return;
                }

                if (NativeSocketApi.IsNative(call.TargetMethod, "listen") && call.Syntax.SpanStart > bind.Syntax.SpanStart)
                {
                    listened = true;
                }
            }

            if (!listened)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK001_ListenerWithoutAddressReuse,
                bind.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, RawKind),
                $"bind() on '{bind.Arguments[0].Value.Syntax}' has no setsockopt(SOL_SOCKET, SO_REUSEADDR) before it, so restarting this listener fails with EADDRINUSE while its old connections are in TIME_WAIT; set SO_REUSEADDR before bind"));
        }
    }
}
