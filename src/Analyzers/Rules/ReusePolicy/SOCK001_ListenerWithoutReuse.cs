using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK001: a TCP listening socket whose bind does not allow address reuse, so a restart fails with
    /// "Address already in use" while connections of the previous run are in TIME_WAIT.
    /// <list type="bullet">
    /// <item>Managed: <c>new Socket(InterNetwork[V6], Stream, IP/Unspecified)</c> stored in a local, field or property
    /// of one type, bound to a port that is not the constant 0 and put into Listen, without an address-reuse option
    /// turned on in any shape (SetSocketOption, SetRawSocketOption, ExclusiveAddressUse as statement or initializer).
    /// .NET sets SO_REUSEADDR before bind only when the ProtocolType is Tcp (facts 1-2).</item>
    /// <item>Raw: an imported <c>bind(fd, ...)</c> (any method name; EntryPoint counts) whose descriptor is then passed to
    /// an imported <c>listen</c> in the same body, with no earlier <c>setsockopt(fd, SOL_SOCKET, SO_REUSEADDR or
    /// SO_REUSEPORT, ...)</c> (fact 3). Winsock (ws2_32) imports are exempt: Windows rebinds a port in TIME_WAIT without
    /// SO_REUSEADDR (KB 307175), and SO_REUSEADDR there lets another socket take the port.</item>
    /// </list>
    /// </summary>
    internal static class SOCK001_ListenerWithoutReuse
    {
        internal const string KindProperty = "Kind";
        internal const string ManagedKind = "Managed";
        internal const string RawKind = "Raw";

        internal static void Check(SymbolAnalysisContext context, SocketIndex index)
        {
            if (index.Symbols.Types is { ProtocolType: not null } types)
            {
                foreach (var socket in index.Sockets)
                {
                    CheckManaged(context, socket, types);
                }
            }

            foreach (var body in index.NativeBodies)
            {
                CheckRaw(context, body);
            }
        }

        private static void CheckManaged(SymbolAnalysisContext context, TrackedSocket socket, SocketTypes types)
        {
            if (socket.Owner != SocketOwner.Socket || !socket.Has(SocketEventKind.Listen))
            {
                return;
            }

            bool bound = false;
            bool ipEndpoint = false;
            foreach (var bind in socket.OfKind(SocketEventKind.Bind))
            {
                if (bind.Argument is not { } endpoint || Endpoints.IsPortZero(endpoint, types))
                {
                    continue;
                }

                if (Endpoints.IsOfType(endpoint.WalkDownConversions().Type, types.UnixDomainSocketEndPoint))
                {
                    return; // a Unix-domain endpoint: no TIME_WAIT.
                }

                bound = true;
                ipEndpoint |= Endpoints.IsOfType(endpoint.WalkDownConversions().Type, types.IPEndPoint);
            }

            if (!bound || socket.ReuseOptions.Any(o => o.EnablesReuse != false))
            {
                return;
            }

            foreach (var create in socket.OfKind(SocketEventKind.Create))
            {
                if (create.Creation is not { ProtocolArgument: { } protocol } creation
                    || !creation.IsStream
                    || creation.Protocol != SocketNumbers.ProtocolTypeUnspecified
                    || (creation.Family is { } family && family != SocketNumbers.AddressFamilyInterNetwork && family != SocketNumbers.AddressFamilyInterNetworkV6)
                    || (!creation.IsIp && !ipEndpoint))
                {
                    continue;
                }

                string written = protocol.Value.Syntax.ToString();
                Report(
                    context,
                    protocol.Value.Syntax.GetLocation(),
                    ManagedKind,
                    written, "gets no SO_REUSEADDR from .NET", "EADDRINUSE", "create it with ProtocolType.Tcp");
            }
        }

        private static void CheckRaw(SymbolAnalysisContext context, NativeDescriptorIndex body)
        {
            foreach (var bind in body.Calls)
            {
                if (bind.Function != "bind" || bind.Descriptor is not { } descriptor || bind.Import.IsWinsock)
                {
                    continue;
                }

                bool reuseBefore = body.On(descriptor, "setsockopt").Any(s =>
                    s.Start < bind.Start && s.Option is { IsReuseOption: true } option && option.EnablesReuse != false);
                bool listened = body.On(descriptor, "listen").Any(l => l.Start > bind.Start);
                if (reuseBefore || !listened)
                {
                    continue;
                }

                var descriptorArgument = NativeSocketImports.ArgumentFor(bind.Invocation, 0)!.Value;
                Report(
                    context,
                    bind.Invocation.Syntax.GetLocation(),
                    RawKind,
                    descriptorArgument.Syntax.ToString(), "is bound without SO_REUSEADDR", "EADDRINUSE", "set SO_REUSEADDR with setsockopt before bind");
            }
        }

        private static void Report(
            SymbolAnalysisContext context, Location location, string kind, string subject, string what, string error, string remedy)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK001_ListenerWithoutAddressReuse,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
                subject, what, error, remedy));
    }
}
