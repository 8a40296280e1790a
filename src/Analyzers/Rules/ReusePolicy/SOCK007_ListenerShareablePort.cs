using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK007: a listening TCP socket that allows address reuse with a constant value. On Linux
    /// <c>ReuseAddress = true</c> and <c>ExclusiveAddressUse = false</c> also set SO_REUSEPORT, so another socket or
    /// process of the same user can bind the same port and take its connections (facts 4-5).
    /// <list type="bullet">
    /// <item>Managed: ReuseAddress on / ExclusiveAddressUse off (SetSocketOption with arguments in any order, the
    /// property as statement or initializer) or SO_REUSEPORT on through SetRawSocketOption with the platform's numbers,
    /// unconditional in its member, on a socket written once (null writes when the server stops do not count) that
    /// is put into Listen (or a TcpListener that is Started), is an IP stream socket, and is not bound to the
    /// constant port 0 (an OS-chosen, short-lived port, as SOCK001 exempts).</item>
    /// <item>Raw: an imported <c>setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &amp;one, ...)</c> with a constant non-zero
    /// value whose descriptor is passed to an imported <c>listen</c> later in the same body.</item>
    /// </list>
    /// </summary>
    internal static class SOCK007_ListenerShareablePort
    {
        /// <summary>Set when removing the statement is the whole fix (the socket gets SO_REUSEADDR from .NET or is raw SO_REUSEPORT).</summary>
        internal const string RemovableProperty = "Removable";

        private static readonly ImmutableDictionary<string, string?> Removable =
            ImmutableDictionary<string, string?>.Empty.Add(RemovableProperty, "true");

        internal static void Check(SymbolAnalysisContext context, SocketIndex index, ConcurrentDictionary<Location, bool> reportedElsewhere)
        {
            if (index.Symbols.Types is { SocketOptionLevel: not null, SocketOptionName: not null } types)
            {
                foreach (var socket in index.Sockets)
                {
                    if (socket.WrittenOnce)
                    {
                        CheckManaged(context, socket, types, reportedElsewhere);
                    }
                }
            }

            foreach (var body in index.NativeBodies)
            {
                CheckRaw(context, body);
            }
        }

        private static void CheckManaged(SymbolAnalysisContext context, TrackedSocket socket, SocketTypes types, ConcurrentDictionary<Location, bool> reportedElsewhere)
        {
            if (socket.Owner is not (SocketOwner.Socket or SocketOwner.TcpListener)
                || !socket.Events.Any(e => e.Kind is SocketEventKind.Listen or SocketEventKind.Start)
                || !IsIpStream(socket, types)
                || BoundToPortZero(socket, types))
            {
                return;
            }

            bool tcpProtocol = socket.Owner == SocketOwner.TcpListener || socket.Creation?.IsTcpProtocol == true;
            var binds = socket.Binds.ToList();
            foreach (var option in socket.ReuseOptions)
            {
                var call = option.Option!;
                bool shares = call.Option == KnownOption.ReusePort || call.Platform == OptionPlatform.DotNet;
                if (option.EnablesReuse is null && shares && call.Value is { } value)
                {
                    ReportSettingsDefault(context, option, call, value, reportedElsewhere);
                    continue;
                }

                if (option.EnablesReuse != true || !shares || !ExecutionOrder.RunsWheneverBody(option.Operation.Syntax))
                {
                    continue;
                }

                if (call.Form == OptionForm.Property && binds.Any(b => ExecutionOrder.CertainlyBefore(b, option)))
                {
                    continue; // the setter throws after Bind/Start: SOCK006 says so, nothing is shared.
                }

                if (binds.Count > 0 && socket.ReuseOptions.Any(later =>
                    later.EnablesReuse == false
                    && ExecutionOrder.RunsWheneverBody(later.Operation.Syntax)
                    && ExecutionOrder.CertainlyBefore(option, later)
                    && binds.All(b => ExecutionOrder.CertainlyBefore(later, b))))
                {
                    continue; // a later ExclusiveAddressUse = true undoes it before the bind: the port stays exclusive, SOCK008 reports the contradiction.
                }

                string name = SocketIndex.Describe(option);
                if (call.Option == KnownOption.ReusePort)
                {
                    Report(context, option.Operation.Syntax.GetLocation(), Removable,
                        "ReusePort", $"listening socket '{name}'", "remove this statement (SO_REUSEADDR alone is enough for restarts)");
                    continue;
                }

                string what = call.Option == KnownOption.ReuseAddress ? "ReuseAddress = true" : "ExclusiveAddressUse = false";
                string remedy = tcpProtocol
                    ? "remove this statement (.NET already sets SO_REUSEADDR for TCP binds)"
                    : socket.Creation?.Protocol is { } protocol && protocol != SocketNumbers.ProtocolTypeTcp
                        ? "create the socket with ProtocolType.Tcp (.NET then sets SO_REUSEADDR) and remove this statement"
                        : "remove this statement (.NET sets SO_REUSEADDR for ProtocolType.Tcp binds)";
                Report(context, option.Operation.Syntax.GetLocation(), tcpProtocol ? Removable : ImmutableDictionary<string, string?>.Empty,
                    what, $"listening socket '{name}'", remedy);
            }
        }

        /// <summary>
        /// A settings object's constant default that reaches the listener: the option value is a property or field of
        /// a type declared in this compilation, read as is, whose declaration initialises it with a literal that allows
        /// reuse (<c>ReuseAddress = true</c>, <c>ExclusiveAddressUse = false</c>), and the option statement runs
        /// unconditionally. Reported once, at the default (where the decision is made), without a fix: the default may be
        /// overridden by configuration, and the message says so.
        /// </summary>
        private static void ReportSettingsDefault(
            SymbolAnalysisContext context, SocketEvent option, OptionCall call, IOperation value, ConcurrentDictionary<Location, bool> reportedElsewhere)
        {
            var member = value.WalkDownConversions() switch
            {
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                IFieldReferenceOperation { Field.IsConst: false } field => field.Field,
                _ => null,
            };
            if (member is null
                || !ExecutionOrder.RunsWheneverBody(option.Operation.Syntax)
                || call.Form == OptionForm.Raw
                || DefaultLiteral(member) is not { } literal)
            {
                return;
            }

            bool defaultValue = literal.IsKind(SyntaxKind.TrueLiteralExpression);
            bool allows = call.Option == KnownOption.ExclusiveAddressUse ? !defaultValue : defaultValue;
            var location = literal.GetLocation();
            if (!allows || !reportedElsewhere.TryAdd(location, true))
            {
                return;
            }

            // The message names only the default: which listener's type reaches it first varies between runs.
            string what = call.Option == KnownOption.ExclusiveAddressUse ? "ExclusiveAddressUse = false" : "ReuseAddress = true";
            Report(context, location, ImmutableDictionary<string, string?>.Empty,
                $"The default {what} of '{member.ContainingType.Name}.{member.Name}'", "the listening sockets it configures",
                "make the default forbid reuse and let deployments opt in");
        }

        /// <summary>The true/false literal a source property or field is initialised with, or null.</summary>
        private static LiteralExpressionSyntax? DefaultLiteral(ISymbol member)
        {
            if (member.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var initializer = member.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                PropertyDeclarationSyntax property => property.Initializer,
                VariableDeclaratorSyntax variable => variable.Initializer,
                _ => null,
            };
            return initializer?.Value is LiteralExpressionSyntax literal
                && literal.Kind() is SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression
                ? literal
                : null;
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
                && Endpoints.IsOfType(endpoint.WalkDownConversions().Type, types.UnixDomainSocketEndPoint)))
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
                    && Endpoints.IsOfType(endpoint.WalkDownConversions().Type, types.IPEndPoint));
        }

        /// <summary>
        /// Every bind of the socket names the constant port 0: <c>Bind(new IPEndPoint(address, 0))</c>, or
        /// <c>new TcpListener(address, 0)</c> / <c>new TcpListener(new IPEndPoint(address, 0))</c>.
        /// </summary>
        private static bool BoundToPortZero(TrackedSocket socket, SocketTypes types)
        {
            if (socket.Owner == SocketOwner.TcpListener)
            {
                var creations = socket.OfKind(SocketEventKind.Create).Select(c => c.Operation).OfType<IObjectCreationOperation>().ToList();
                return creations.Count > 0 && creations.All(c => ListenerPortIsZero(c, types));
            }

            var binds = socket.OfKind(SocketEventKind.Bind).ToList();
            return binds.Count > 0 && binds.All(b => b.Argument is { } endpoint && Endpoints.IsPortZero(endpoint, types));
        }

        private static bool ListenerPortIsZero(IObjectCreationOperation creation, SocketTypes types)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32)
                {
                    return NativeSocketApi.ConstantInt(argument.Value) == 0;
                }

                if (argument.Parameter != null && Endpoints.IsOfType(argument.Parameter.Type, types.IPEndPoint))
                {
                    return Endpoints.IsPortZero(argument.Value, types);
                }
            }

            return false;
        }

        private static void CheckRaw(SymbolAnalysisContext context, NativeDescriptorIndex body)
        {
            foreach (var call in body.Calls)
            {
                if (call.Function != "setsockopt"
                    || call.Option is not { Option: KnownOption.ReusePort, ValueNumber: { } value }
                    || value == 0
                    || call.Descriptor is not { } descriptor
                    || !ExecutionOrder.RunsWheneverBody(call.Invocation.Syntax)
                    || !body.On(descriptor, "listen").Any(l => l.Start > call.Start))
                {
                    continue;
                }

                var descriptorArgument = NativeSocketImports.ArgumentFor(call.Invocation, 0)!.Value;
                Report(context, call.Invocation.Syntax.GetLocation(), Removable,
                    "setsockopt(SO_REUSEPORT)", $"listening descriptor '{descriptorArgument.Syntax}'", "remove this call (SO_REUSEADDR alone is enough for restarts)");
            }
        }

        private static void Report(SymbolAnalysisContext context, Location location, ImmutableDictionary<string, string?> properties, string what, string target, string remedy)
            => context.ReportDiagnostic(Diagnostic.Create(Descriptors.SOCK007_ListenerShareablePort, location, properties, what, target, remedy));
    }
}
