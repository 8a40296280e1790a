using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK006: an address-reuse option set on a socket after it is bound. The <c>ExclusiveAddressUse</c> setter
    /// throws InvalidOperationException after Bind (and the TcpListener one after Start); SetSocketOption and
    /// SetRawSocketOption succeed but do not change the bind that already happened, and after Listen a managed
    /// ReuseAddress opens the port to sharing (fact 6). The bind is <c>Socket.Bind</c>, <c>TcpListener.Start</c>, or a
    /// constructor that binds (<c>new UdpClient(port)</c>, <c>new TcpClient(localEP)</c>); it must certainly run before
    /// the option (<see cref="ExecutionOrder.CertainlyBefore"/>). Raw: an imported <c>setsockopt(fd, SOL_SOCKET,
    /// SO_REUSEADDR/SO_REUSEPORT)</c> after an unconditional, unchecked <c>bind(fd, ...)</c> of the same body.
    /// The diagnostic's additional location is the bind, where the fix moves the statement.
    /// </summary>
    internal static class SOCK006_ReuseOptionAfterBind
    {
        internal static void Check(SymbolAnalysisContext context, SocketIndex index)
        {
            if (index.Symbols.Types is { SocketOptionLevel: not null, SocketOptionName: not null })
            {
                foreach (var socket in index.Sockets)
                {
                    if (socket.WrittenOnce)
                    {
                        CheckManaged(context, socket);
                    }
                }
            }

            foreach (var body in index.NativeBodies)
            {
                CheckRaw(context, body);
            }
        }

        private static void CheckManaged(SymbolAnalysisContext context, TrackedSocket socket)
        {
            var binds = socket.Binds.ToList();
            if (binds.Count == 0 || socket.Has(SocketEventKind.Stop))
            {
                // A stopped TcpListener may be configured and started again: which Start an option follows is
                // beyond what the source order tells, so stay silent.
                return;
            }

            bool listens = socket.Events.Any(e => e.Kind is SocketEventKind.Listen or SocketEventKind.Start);
            foreach (var option in socket.ReuseOptions)
            {
                var bind = binds.FirstOrDefault(b => ExecutionOrder.CertainlyBefore(b, option));
                if (bind is null)
                {
                    continue;
                }

                var call = option.Option!;
                string name = SocketIndex.Describe(option);
                string bindName = bind.ConstructorBind ? "binding constructor" : bind.Kind == SocketEventKind.Start ? "Start" : "Bind";
                string before = bind.ConstructorBind
                    ? "create it without a local endpoint, set the option, then Bind"
                    : "move it before " + bindName;
                string what, effect;
                if (call.Form == OptionForm.Property)
                {
                    what = "Setting ExclusiveAddressUse";
                    effect = "the setter throws InvalidOperationException";
                }
                else
                {
                    what = "Setting " + OptionName(call);
                    effect = option.EnablesReuse != false && listens && call.Form == OptionForm.Managed
                        ? "it does not change that bind, and opens the listening port to sharing (SO_REUSEPORT on Linux)"
                        : "it does not change that bind";
                }

                Report(context, option.Operation.Syntax.GetLocation(), bind.Operation.Syntax.GetLocation(), what, name, bindName, effect, before);
            }
        }

        /// <summary>How the message names the option: the .NET name, or the C name for raw numbers.</summary>
        internal static string OptionName(OptionCall call)
            => call.Form is OptionForm.Raw or OptionForm.Native
                ? call.Option switch
                {
                    KnownOption.ReusePort => "SO_REUSEPORT",
                    KnownOption.ExclusiveAddressUse => "SO_EXCLUSIVEADDRUSE",
                    _ => "SO_REUSEADDR",
                }
                : call.Option == KnownOption.ReuseAddress ? "ReuseAddress" : "ExclusiveAddressUse";

        private static void CheckRaw(SymbolAnalysisContext context, NativeDescriptorIndex body)
        {
            foreach (var call in body.Calls)
            {
                if (call.Function != "setsockopt"
                    || call.Option is not { IsReuseOption: true }
                    || call.Descriptor is not { } descriptor)
                {
                    continue;
                }

                var bind = body.On(descriptor, "bind").FirstOrDefault(b =>
                    b.Invocation.Syntax.Span.End <= call.Invocation.Syntax.SpanStart
                    && ExecutionOrder.CommonBlock(b.Invocation.Syntax, call.Invocation.Syntax) is { } block
                    && ExecutionOrder.RunsWhenever(b.Invocation.Syntax, block)
                    && !IsCheckedForFailure(b.Invocation));
                if (bind is null)
                {
                    continue;
                }

                var descriptorArgument = NativeSocketImports.ArgumentFor(call.Invocation, 0)!.Value;
                Report(
                    context,
                    call.Invocation.Syntax.GetLocation(),
                    bind.Invocation.Syntax.GetLocation(),
                    "An address-reuse setsockopt()",
                    descriptorArgument.Syntax.ToString(),
                    "bind()",
                    "it does not change that bind",
                    "move it before bind()");
            }
        }

        /// <summary>A bind whose result is used (compared, returned): code after it may run only when it failed.</summary>
        private static bool IsCheckedForFailure(IInvocationOperation bind)
        {
            var parent = bind.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent is not IExpressionStatementOperation;
        }

        private static void Report(
            SymbolAnalysisContext context, Location option, Location bind, string what, string socket, string bindName, string effect, string remedy)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK006_ReuseOptionAfterBind,
                option,
                additionalLocations: new[] { bind },
                what, socket, bindName, effect, remedy));
    }
}
