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
    /// <item>Managed: a tracked <c>new Socket(InterNetwork[V6], Stream, ...)</c> or TcpClient with an address-reuse
    /// option allowing reuse (any shape), unconditional, certainly before a bind of a classified port, and a Connect.</item>
    /// <item>Raw: imported <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR/SO_REUSEPORT)</c>, <c>bind(fd)</c> and
    /// <c>connect(fd)</c> in that order in one body, the port written to a <c>sin_port</c>/<c>sin6_port</c> field of the
    /// same body.</item>
    /// </list>
    /// The diagnostic is on the reuse statement; the additional location is the port expression.
    /// </summary>
    internal static class SOCK004_ClientFixedPortWithReuse
    {
        /// <summary>Removing the reuse statement makes a bind on a port in TIME_WAIT fail (no implicit SO_REUSEADDR).</summary>
        internal const string RemovableProperty = "Removable";

        /// <summary>The port is a constant that is not reserved: binding port 0 is a fix.</summary>
        internal const string PortZeroProperty = "PortZero";

        private const int FirstUnreservedPort = 1024;

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

        internal static void Check(SymbolAnalysisContext context, SocketIndex index)
        {
            if (index.Symbols.Types is { SocketOptionLevel: not null, SocketOptionName: not null, IPEndPoint: not null } types)
            {
                foreach (var socket in index.Sockets)
                {
                    if (socket.WrittenOnce)
                    {
                        CheckManaged(context, socket, types);
                    }
                }
            }

            foreach (var body in index.NativeBodies)
            {
                CheckRaw(context, body);
            }
        }

        private static void CheckManaged(SymbolAnalysisContext context, TrackedSocket socket, SocketTypes types)
        {
            bool tcp;
            if (socket.Owner == SocketOwner.TcpClient)
            {
                tcp = true;
            }
            else if (socket.Owner == SocketOwner.Socket
                && socket.Creation is { IsIp: true, IsStream: true, IsDatagram: false } creation
                && creation.Protocol is { } protocol
                && (protocol == SocketNumbers.ProtocolTypeTcp || protocol == 0))
            {
                tcp = protocol == SocketNumbers.ProtocolTypeTcp;
            }
            else
            {
                return;
            }

            var connects = socket.OfKind(SocketEventKind.Connect).ToList();
            if (connects.Count == 0)
            {
                return;
            }

            foreach (var bind in socket.OfKind(SocketEventKind.Bind))
            {
                if (bind.Argument is null
                    || Endpoints.Port(bind.Argument, types) is not { } portExpression
                    || ClassifyPort(portExpression, bind.Operation) is not { } port
                    || !connects.Any(c => !ExecutionOrder.CertainlyBefore(c, bind) && !IsEarlierInSameMember(c, bind)))
                {
                    continue;
                }

                var reuse = socket.ReuseOptions.FirstOrDefault(r =>
                    r.EnablesReuse == true && ExecutionOrder.CertainlyBefore(r, bind));
                if (reuse is null)
                {
                    continue;
                }

                Report(context, reuse.Operation.Syntax, port, removable: !tcp,
                    subject: SocketIndex.Describe(reuse));
            }
        }

        private static bool IsEarlierInSameMember(SocketEvent a, SocketEvent b)
            => SymbolEqualityComparer.Default.Equals(a.ContainingMember, b.ContainingMember)
            && a.Operation.Syntax.SyntaxTree == b.Operation.Syntax.SyntaxTree
            && a.Operation.Syntax.SpanStart < b.Operation.Syntax.SpanStart;

        private static void Report(SymbolAnalysisContext context, SyntaxNode reuse, PortInfo port, bool removable, string subject)
        {
            string bound = port.Constant is { } constant
                ? (port.Reserved ? "reserved local port " : "fixed local port ") + constant.ToString(CultureInfo.InvariantCulture)
                : (port.Reserved ? "reserved local ports from '" : "local ports from '") + port.Expression.Syntax + "' in a search";
            bool portZero = port.Constant is not null && !port.Reserved;
            string advice;
            if (removable)
            {
                advice = portZero ? "remove this statement, or bind port 0"
                    : port.Constant is null ? "remove this statement so that the search moves past ports in TIME_WAIT"
                    : "remove this statement so that binding a port in TIME_WAIT fails fast";
            }
            else if (portZero)
            {
                advice = "bind port 0 (a ProtocolType.Tcp socket gets SO_REUSEADDR anyway)";
            }
            else
            {
                advice = "create the socket with ProtocolType.Unspecified (a ProtocolType.Tcp socket gets SO_REUSEADDR anyway)";
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

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK004_ClientFixedPortWithReuse,
                reuse.GetLocation(),
                additionalLocations: new[] { port.Expression.Syntax.GetLocation() },
                properties,
                subject, bound, advice));
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

        private static void CheckRaw(SymbolAnalysisContext context, NativeDescriptorIndex body)
        {
            foreach (var call in body.Calls)
            {
                if (call.Function != "setsockopt"
                    || call.Option is not { IsReuseOption: true, ValueNumber: { } value }
                    || value == 0
                    || call.Descriptor is not { } descriptor)
                {
                    continue;
                }

                var bind = body.On(descriptor, "bind").FirstOrDefault(b => b.Start > call.Start);
                if (bind is null
                    || !body.On(descriptor, "connect").Any(c => c.Start > bind.Start)
                    || body.Calls.Any(c => c.Function == "listen")
                    || ExecutionOrder.CommonBlock(call.Invocation.Syntax, bind.Invocation.Syntax) is not { } block
                    || !ExecutionOrder.RunsWhenever(call.Invocation.Syntax, block))
                {
                    continue;
                }

                // The port: an assignment to sin_port / sin6_port in the same body, through htons(...) and conversions.
                PortInfo? port = null;
                foreach (var assignment in body.Root.Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    if (assignment.Target is IFieldReferenceOperation { Field.Name: "sin_port" or "sin6_port" }
                        && ClassifyPort(UnwrapByteOrder(assignment.Value), bind.Invocation) is { } found)
                    {
                        port = found;
                        break;
                    }
                }

                if (port is null)
                {
                    continue;
                }

                var descriptorArgument = NativeSocketImports.ArgumentFor(call.Invocation, 0)!.Value;
                Report(context, call.Invocation.Syntax, port, removable: true,
                    subject: descriptorArgument.Syntax.ToString());
            }
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
