using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK004: a TCP client socket that allows address reuse, binds a local port that is not the constant 0 (a
    /// constant, or a local stepping through a range in a loop as in rresvport-style searches) and then connects.
    /// Reconnecting from that port to the same peer while the previous connection is in TIME_WAIT fails with
    /// 'Cannot assign requested address' against peers without TCP timestamps, and a port search keeps getting the
    /// same port (fact 12).
    /// <list type="bullet">
    /// <item>Managed: a tracked <c>new Socket(InterNetwork[V6], Stream, ...)</c> or TcpClient (through
    /// <c>client.Client</c> and <c>client.ExclusiveAddressUse</c>) with ReuseAddress true / ExclusiveAddressUse false as
    /// constants, unconditional, certainly before a <c>Bind(new IPEndPoint(address, port))</c>, and a Connect.</item>
    /// <item>Raw: extern <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR/SO_REUSEPORT)</c>, <c>bind(fd)</c> and
    /// <c>connect(fd)</c> in that order in one method, the port written to a <c>sin_port</c>/<c>sin6_port</c> field of the
    /// same method.</item>
    /// </list>
    /// The diagnostic is on the reuse statement; the additional location is the port expression.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ClientFixedPortWithReuseAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Removing the reuse statement makes a bind on a port in TIME_WAIT fail (no implicit SO_REUSEADDR).</summary>
        internal const string RemovableProperty = "Removable";

        /// <summary>The port is a constant that is not reserved: binding port 0 is a fix.</summary>
        internal const string PortZeroProperty = "PortZero";

        private const int FirstUnreservedPort = 1024;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK004_ClientFixedPortWithReuse);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionLevel is not null && types.SocketOptionName is not null && types.IPEndPoint is not null)
                {
                    start.RegisterSymbolStartAction(
                        symbolStart => SocketTracking.Register(symbolStart, types, (c, state) => Report(c, state, types)),
                        SymbolKind.NamedType);
                }

                if (NativeSocketApi.MayUseNativeSockets(start.Compilation))
                {
                    start.RegisterOperationAction(AnalyzeRawSetsockopt, OperationKind.Invocation);
                }
            });
        }

        /// <summary>What the bound port is.</summary>
        private sealed class PortInfo
        {
            public PortInfo(IOperation expression, long? constant, bool reserved)
            {
                Expression = expression;
                Constant = constant;
                Reserved = reserved;
            }

            public IOperation Expression { get; }

            /// <summary>The constant port, or null for a port search variable.</summary>
            public long? Constant { get; }

            public bool Reserved { get; }
        }

        private static void Report(SymbolAnalysisContext context, SocketTrackingState state, SocketTypes types)
        {
            foreach (var socket in state.Sockets())
            {
                bool tcp;
                if (socket.Owner == SocketOwner.TcpClient)
                {
                    tcp = true;
                }
                else if (socket.Owner == SocketOwner.Socket
                    && socket.Creation is { IsIp: true, IsStream: true, IsDatagram: false } creation
                    && creation.Protocol is { } protocol
                    && (protocol == SocketTracking.ProtocolTypeTcp || protocol == 0))
                {
                    tcp = protocol == SocketTracking.ProtocolTypeTcp;
                }
                else
                {
                    continue;
                }

                var connects = socket.OfKind(SocketEventKind.Connect).ToList();
                if (connects.Count == 0)
                {
                    continue;
                }

                foreach (var bind in socket.OfKind(SocketEventKind.Bind))
                {
                    if (bind.Argument is null
                        || SocketTracking.PortArgument(bind.Argument, types) is not { } portExpression
                        || ClassifyPort(portExpression, bind.Operation) is not { } port
                        || !connects.Any(c => !SocketTracking.CertainlyBefore(c, bind) && !IsEarlierInSameMember(c, bind)))
                    {
                        continue;
                    }

                    var reuse = socket.OfKind(SocketEventKind.ReuseOption).FirstOrDefault(r =>
                        r.EnablesReuse == true && SocketTracking.CertainlyBefore(r, bind));
                    if (reuse is null)
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Create(
                        reuse.Operation.Syntax, port, removable: !tcp,
                        what: $"'{SocketTracking.Describe(reuse)}' allows address reuse"));
                }
            }
        }

        private static bool IsEarlierInSameMember(SocketEvent a, SocketEvent b)
            => SymbolEqualityComparer.Default.Equals(a.ContainingMember, b.ContainingMember)
            && a.Operation.Syntax.SyntaxTree == b.Operation.Syntax.SyntaxTree
            && a.Operation.Syntax.SpanStart < b.Operation.Syntax.SpanStart;

        private static Diagnostic Create(SyntaxNode reuse, PortInfo port, bool removable, string what)
        {
            string bound = port.Constant is { } constant
                ? (port.Reserved ? "reserved local port " : "fixed local port ") + constant.ToString(CultureInfo.InvariantCulture)
                : (port.Reserved ? "reserved local ports from '" : "local ports from '") + port.Expression.Syntax + "' in a search";
            string hazard = ": reconnecting from that port to the same peer while the previous connection is in TIME_WAIT fails with 'Cannot assign requested address' (errno 99) against peers without TCP timestamps";
            if (port.Constant is null)
            {
                hazard += ", and the search keeps taking the same port instead of moving on";
            }

            bool portZero = port.Constant is not null && !port.Reserved;
            string advice;
            if (removable)
            {
                advice = "; remove this statement so that binding a port in TIME_WAIT fails fast" + (portZero ? ", or bind port 0" : port.Constant is null ? " and the search moves on" : string.Empty);
            }
            else if (portZero)
            {
                advice = "; bind port 0 (.NET sets SO_REUSEADDR before every bind of a ProtocolType.Tcp socket, so removing this statement is not enough)";
            }
            else
            {
                advice = "; .NET sets SO_REUSEADDR before every bind of a ProtocolType.Tcp socket, so removing this statement is not enough: create the socket with ProtocolType.Unspecified so that binding a port in TIME_WAIT fails and the search moves on";
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (removable)
            {
                properties = properties.Add(RemovableProperty, "true");
            }

            if (portZero)
            {
                properties = properties.Add(PortZeroProperty, "true");
            }

            return Diagnostic.Create(
                Descriptors.SOCK004_ClientFixedPortWithReuse,
                reuse.GetLocation(),
                additionalLocations: new[] { port.Expression.Syntax.GetLocation() },
                properties,
                what + ", binds " + bound + " and connects" + hazard + advice);
        }

        /// <summary>
        /// A constant port other than 0, or a local that steps through a range: declared by an enclosing for loop, or
        /// changed (++, --, +=, -=) inside a loop that encloses the bind. Anything else (a parameter, a field) is unknown.
        /// </summary>
        private static PortInfo? ClassifyPort(IOperation port, IOperation bind)
        {
            if (NativeSocketApi.ConstantInt(port) is { } constant)
            {
                return constant == 0 ? null : new PortInfo(port, constant, constant < FirstUnreservedPort);
            }

            if (port.WalkDownConversions() is not ILocalReferenceOperation local)
            {
                return null;
            }

            foreach (var loop in bind.Syntax.Ancestors())
            {
                if (loop is not (ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
                {
                    continue;
                }

                long? start = null;
                bool steps = false;
                if (loop is ForStatementSyntax { Declaration: { } declaration } forLoop
                    && declaration.Variables.Any(v => v.Identifier.ValueText == local.Local.Name))
                {
                    steps = forLoop.Incrementors.Count > 0;
                }

                foreach (var operation in bind.Root().Descendants())
                {
                    if (operation is IIncrementOrDecrementOperation { Target: ILocalReferenceOperation changed } step
                        && SymbolEqualityComparer.Default.Equals(changed.Local, local.Local)
                        && loop.Span.Contains(step.Syntax.Span))
                    {
                        steps = true;
                    }
                    else if (operation is ICompoundAssignmentOperation { Target: ILocalReferenceOperation compound } add
                        && SymbolEqualityComparer.Default.Equals(compound.Local, local.Local)
                        && loop.Span.Contains(add.Syntax.Span))
                    {
                        steps = true;
                    }
                    else if (operation is IVariableDeclaratorOperation declarator
                        && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                        && declarator.Initializer is { } initializer)
                    {
                        start = NativeSocketApi.ConstantInt(initializer.Value);
                    }
                    else if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned } assignment
                        && SymbolEqualityComparer.Default.Equals(assigned.Local, local.Local)
                        && !loop.Span.Contains(assignment.Syntax.Span))
                    {
                        start = NativeSocketApi.ConstantInt(assignment.Value);
                    }
                }

                if (steps)
                {
                    return new PortInfo(port, null, start is > 0 and < FirstUnreservedPort);
                }
            }

            return null;
        }

        // ---------------------------------------------------------------- raw P/Invoke

        private static void AnalyzeRawSetsockopt(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.Name != "setsockopt"
                || call.Arguments.Length < 4
                || !NativeSocketApi.IsNative(call.TargetMethod, "setsockopt")
                || !NativeSocketApi.IsReuseOption(call.Arguments[1].Value, call.Arguments[2].Value)
                || call.Arguments[0].Value.ReferencedSymbol() is not { } descriptor
                || ListenerShareablePortAnalyzer.RawConstantValue(call.Arguments[3].Value) is not { } value || value == 0)
            {
                return;
            }

            IInvocationOperation? bind = null;
            bool connects = false;
            var calls = call.Root().Descendants().OfType<IInvocationOperation>().ToList();
            foreach (var other in calls)
            {
                if (other.Arguments.Length < 1
                    || other.Syntax.SpanStart <= call.Syntax.SpanStart
                    || !SymbolEqualityComparer.Default.Equals(other.Arguments[0].Value.ReferencedSymbol(), descriptor))
                {
                    continue;
                }

                if (bind is null && NativeSocketApi.IsNative(other.TargetMethod, "bind"))
                {
                    bind = other;
                }
                else if (bind != null && other.Syntax.SpanStart > bind.Syntax.SpanStart && NativeSocketApi.IsNative(other.TargetMethod, "connect"))
                {
                    connects = true;
                }
            }

            if (bind is null
                || !connects
                || calls.Any(c => NativeSocketApi.IsNative(c.TargetMethod, "listen"))
                || SocketTracking.CommonBlock(call.Syntax, bind.Syntax) is not { } block
                || !SocketTracking.RunsWhenever(call.Syntax, block))
            {
                return;
            }

            // The port: an assignment to sin_port / sin6_port in the same method, through htons(...) and conversions.
            PortInfo? port = null;
            foreach (var assignment in call.Root().Descendants().OfType<ISimpleAssignmentOperation>())
            {
                if (assignment.Target is IFieldReferenceOperation { Field.Name: "sin_port" or "sin6_port" }
                    && ClassifyPort(UnwrapByteOrder(assignment.Value), bind) is { } found)
                {
                    port = found;
                    break;
                }
            }

            if (port is null)
            {
                return;
            }

            context.ReportDiagnostic(Create(
                call.Syntax, port, removable: true,
                what: $"setsockopt() allows address reuse on '{call.Arguments[0].Value.Syntax}'"));
        }

        /// <summary>The port under <c>htons(x)</c>, <c>IPAddress.HostToNetworkOrder(x)</c> and conversions.</summary>
        private static IOperation UnwrapByteOrder(IOperation value)
        {
            value = value.WalkDownConversions();
            while (value is IInvocationOperation { Arguments.Length: 1 } invocation
                && invocation.TargetMethod.Name is "htons" or "HostToNetworkOrder")
            {
                value = invocation.Arguments[0].Value.WalkDownConversions();
            }

            return value;
        }
    }
}
