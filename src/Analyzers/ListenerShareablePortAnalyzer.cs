using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK007: a listening TCP socket that allows address reuse with a constant value. On Linux
    /// <c>ReuseAddress = true</c> and <c>ExclusiveAddressUse = false</c> also set SO_REUSEPORT, so another socket or
    /// process of the same user can bind the same port and take its connections (facts 4-5).
    /// <list type="bullet">
    /// <item>Managed: <c>SetSocketOption(Socket, ReuseAddress, true/1)</c>, <c>SetSocketOption(Socket,
    /// ExclusiveAddressUse, false/0)</c> or <c>ExclusiveAddressUse = false</c>, unconditional in its member, on a tracked
    /// socket (<see cref="SocketTracking"/>) that is put into Listen (or a TcpListener that is Started) and is an IP
    /// stream socket.</item>
    /// <item>Raw: an extern <c>setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &amp;one, ...)</c> with a constant non-zero
    /// value whose descriptor is passed to an extern <c>listen</c> later in the same method.</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ListenerShareablePortAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Set when removing the statement is the whole fix (the socket gets SO_REUSEADDR from .NET or is raw SO_REUSEPORT).</summary>
        internal const string RemovableProperty = "Removable";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK007_ListenerShareablePort);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.SocketOptionLevel is not null && types.SocketOptionName is not null)
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

        private static readonly ImmutableDictionary<string, string?> Removable =
            ImmutableDictionary<string, string?>.Empty.Add(RemovableProperty, "true");

        private static void Report(SymbolAnalysisContext context, SocketTrackingState state, SocketTypes types)
        {
            foreach (var socket in state.Sockets())
            {
                if (socket.Owner is not (SocketOwner.Socket or SocketOwner.TcpListener)
                    || !socket.Events.Any(e => e.Kind is SocketEventKind.Listen or SocketEventKind.Start)
                    || !IsIpStream(socket, types))
                {
                    continue;
                }

                bool tcpProtocol = socket.Owner == SocketOwner.TcpListener || socket.Creation?.IsTcpProtocol == true;
                var binds = socket.Events.Where(e => e.Kind is SocketEventKind.Bind or SocketEventKind.Start).ToList();
                foreach (var option in socket.OfKind(SocketEventKind.ReuseOption))
                {
                    if (option.EnablesReuse != true || !SocketTracking.RunsWheneverBody(option.Operation.Syntax))
                    {
                        continue;
                    }

                    if (option.Option == ReuseOptionKind.ExclusiveAddressUseProperty
                        && binds.Any(b => SocketTracking.CertainlyBefore(b, option)))
                    {
                        continue; // the setter throws after Bind/Start: SOCK006 says so, nothing is shared.
                    }

                    if (binds.Count > 0 && socket.OfKind(SocketEventKind.ReuseOption).Any(later =>
                        later.EnablesReuse == false
                        && SocketTracking.RunsWheneverBody(later.Operation.Syntax)
                        && SocketTracking.CertainlyBefore(option, later)
                        && binds.All(b => SocketTracking.CertainlyBefore(later, b))))
                    {
                        continue; // a later ExclusiveAddressUse = true undoes it before the bind: the port stays exclusive, SOCK008 reports the contradiction.
                    }

                    string what = option.Option == ReuseOptionKind.SetReuseAddress ? "ReuseAddress = true" : "ExclusiveAddressUse = false";
                    string name = SocketTracking.Describe(option);
                    string message = tcpProtocol
                        ? $"{what} on listening socket '{name}' also sets SO_REUSEPORT on Linux: another socket or process of the same user can bind the same port and take its connections; .NET already sets SO_REUSEADDR for TCP binds, so remove this statement"
                        : socket.Creation?.Protocol is { } protocol && protocol != SocketTracking.ProtocolTypeTcp
                            ? $"{what} on listening socket '{name}' also sets SO_REUSEPORT on Linux: another socket or process of the same user can bind the same port and take its connections; create the socket with ProtocolType.Tcp (.NET then sets SO_REUSEADDR before bind) and remove this statement"
                            : $"{what} on listening socket '{name}' also sets SO_REUSEPORT on Linux: another socket or process of the same user can bind the same port and take its connections; .NET already sets SO_REUSEADDR before binding a ProtocolType.Tcp socket, so remove this statement";
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SOCK007_ListenerShareablePort,
                        option.Operation.Syntax.GetLocation(),
                        tcpProtocol ? Removable : ImmutableDictionary<string, string?>.Empty,
                        message));
                }
            }
        }

        /// <summary>An IPv4/IPv6 stream socket for certain: a TcpListener, or known from its creation or its endpoint.</summary>
        private static bool IsIpStream(TrackedSocket socket, SocketTypes types)
        {
            if (socket.Owner == SocketOwner.TcpListener)
            {
                return true;
            }

            var binds = socket.OfKind(SocketEventKind.Bind).ToList();
            if (binds.Any(b => b.Argument is { } endpoint
                && SocketTracking.IsOfType(endpoint.WalkDownConversions().Type, types.UnixDomainSocketEndPoint)))
            {
                return false;
            }

            var creation = socket.Creation;
            if (creation != null && (creation.IsUnix || creation.IsDatagram))
            {
                return false;
            }

            return creation?.IsIp == true
                || binds.Any(b => b.Argument is { } endpoint
                    && SocketTracking.IsOfType(endpoint.WalkDownConversions().Type, types.IPEndPoint));
        }

        // ---------------------------------------------------------------- raw P/Invoke

        private static void AnalyzeRawSetsockopt(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.Name != "setsockopt"
                || call.Arguments.Length < 4
                || !NativeSocketApi.IsNative(call.TargetMethod, "setsockopt")
                || !IsReusePort(call.Arguments[1].Value, call.Arguments[2].Value)
                || call.Arguments[0].Value.ReferencedSymbol() is not { } descriptor
                || RawConstantValue(call.Arguments[3].Value) is not { } value || value == 0
                || !SocketTracking.RunsWheneverBody(call.Syntax))
            {
                return;
            }

            bool listened = call.Root().Descendants().OfType<IInvocationOperation>().Any(listen =>
                listen.Arguments.Length >= 1
                && listen.Syntax.SpanStart > call.Syntax.SpanStart
                && NativeSocketApi.IsNative(listen.TargetMethod, "listen")
                && SymbolEqualityComparer.Default.Equals(listen.Arguments[0].Value.ReferencedSymbol(), descriptor));
            if (!listened)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK007_ListenerShareablePort,
                call.Syntax.GetLocation(),
                Removable,
                $"SO_REUSEPORT on listening descriptor '{call.Arguments[0].Value.Syntax}' lets another socket or process of the same user bind the same port and take its connections; SO_REUSEADDR alone is enough for restarts, so remove this call"));
        }

        /// <summary>(level, name) select SO_REUSEPORT: by constant name, or Linux (1, 15) / BSD (0xffff, 0x200).</summary>
        private static bool IsReusePort(IOperation level, IOperation name)
        {
            string? constant = NativeSocketApi.ReferencedConstantName(name);
            if (constant != null && constant.IndexOf("REUSEPORT", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }

            return NativeSocketApi.ConstantInt(level) is { } l && NativeSocketApi.ConstantInt(name) is { } n
                && ((l == NativeSocketApi.LinuxSolSocket && n == NativeSocketApi.LinuxSoReusePort)
                    || (l == NativeSocketApi.BsdSolSocket && n == NativeSocketApi.BsdSoReusePort));
        }

        /// <summary>
        /// The constant behind an option-value argument: <c>ref one</c>, <c>&amp;one</c>, <c>(IntPtr)(&amp;one)</c> or
        /// <c>BitConverter.GetBytes(1)</c>, where <c>one</c> is a local written once with a constant; otherwise null.
        /// </summary>
        internal static long? RawConstantValue(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is IAddressOfOperation address)
            {
                value = address.Reference.WalkDownConversions();
            }

            if (value is IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes)
            {
                return NativeSocketApi.ConstantInt(getBytes.Arguments[0].Value);
            }

            if (value is not ILocalReferenceOperation local)
            {
                return null;
            }

            long? found = null;
            int writes = 0;
            foreach (var descendant in value.Root().Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    writes++;
                    found = declarator.Initializer is { } initializer ? NativeSocketApi.ConstantInt(initializer.Value) : null;
                }
                else if (descendant is IAssignmentOperation assignment
                    && assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
                {
                    writes++;
                    found = NativeSocketApi.ConstantInt(assignment.Value);
                }
            }

            return writes == 1 ? found : null;
        }
    }
}
