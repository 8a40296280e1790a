using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK014 (options family, <see cref="OptionsAnalyzer"/>): code that makes a TCP close abortive (RST instead of
    /// FIN). Facts 10 and 11: linger enabled with a zero timeout and <c>Disconnect(true)</c> reset the connection; no
    /// TIME_WAIT is left, but data still in flight is lost and the peer sees ConnectionReset.
    /// <list type="bullet">
    /// <item><c>x.LingerState = new LingerOption(true, 0)</c> on a Socket or TcpClient (also in an object initializer).</item>
    /// <item><c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))</c>, any
    /// argument order (read by <see cref="OptionCall"/>).</item>
    /// <item><c>socket.Disconnect(true)</c> and <c>socket.DisconnectAsync(true, ...)</c>.</item>
    /// <item><c>socket.Close(0)</c>: a zero close timeout sets a zero linger before the close and resets the connection
    /// (measured: the peer gets the data, then ConnectionReset), unlike <c>Close()</c>, <c>Close(1)</c> and <c>Dispose()</c>.</item>
    /// </list>
    /// Only constant arguments count (a literal, a const, or a local written once with a constant, see
    /// <see cref="LocalValues"/>): a linger time from a parameter or configuration is not flagged.
    /// <para>
    /// Silent where the abort is the purpose (<see cref="AbortIntent"/>): code whose member or type says it aborts,
    /// resets, kills or terminates a connection or injects faults, test code, and <c>Disconnect(true)</c> on a socket
    /// this body created and never connected.
    /// </para>
    /// </summary>
    internal static class SOCK014_AbortiveClose
    {
        internal const string KindProperty = "Kind";
        internal const string LingerKind = "Linger";
        internal const string DisconnectKind = "Disconnect";
        internal const string CloseZeroKind = "CloseZero";

        private const string LingerConsequence = "makes Close send RST instead of FIN";

        /// <summary>A LingerOption written as an option: the LingerState property (statement or initializer) or SetSocketOption(Socket, Linger, ...).</summary>
        internal static void CheckLinger(OperationAnalysisContext context, OptionCall call, SocketTypes types)
        {
            if (!call.IsSet
                || call.Option != KnownOption.Linger
                || call.Form is not (OptionForm.Property or OptionForm.Managed)
                || call.Value is not { } value
                || !IsZeroLinger(value, types)
                || AbortIntent.IsDeliberate(context.ContainingSymbol))
            {
                return;
            }

            if (call.Form == OptionForm.Property)
            {
                Report(context, call.Operation.Syntax, LingerKind,
                    "LingerState = new LingerOption(true, 0)", LingerConsequence, "remove it unless dropping the connection is the intent");
            }
            else
            {
                Report(context, call.Operation.Syntax, LingerKind,
                    "Linger enabled with a 0 s timeout", LingerConsequence, "remove it unless dropping the connection is the intent");
            }
        }

        /// <summary><c>Close(0)</c>, <c>Disconnect(true)</c>, <c>DisconnectAsync(true, ...)</c> on a Socket (identity checked by the family).</summary>
        internal static void CheckClose(OperationAnalysisContext context, IInvocationOperation invocation, SocketSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (method.Name is not ("Disconnect" or "DisconnectAsync" or "Close")
                || invocation.Arguments.IsEmpty
                || AbortIntent.IsDeliberate(context.ContainingSymbol))
            {
                return;
            }

            if (method.Name == "Close")
            {
                if (invocation.Arguments.Length == 1
                    && invocation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_Int32
                    && NativeSocketApi.ConstantInt(invocation.Arguments[0].Value) == 0)
                {
                    Report(context, invocation.Syntax, CloseZeroKind,
                        "Close(0)", "sends RST instead of FIN", "use Close() (or a timeout of at least 1 s)");
                }

                return;
            }

            if (AbortIntent.NeverConnected(invocation, symbols))
            {
                return; // Nothing was ever sent on it: nothing in flight can be lost.
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Name: "reuseSocket", Type.SpecialType: SpecialType.System_Boolean }
                    && LocalValues.Resolve(argument.Value).ConstantValue is { HasValue: true, Value: true })
                {
                    Report(context, invocation.Syntax, DisconnectKind,
                        method.Name + "(true)", "aborts the connection with RST", "remove it and let Close or Dispose end the connection with FIN");
                }
            }
        }

        /// <summary>
        /// <c>new LingerOption(true, 0)</c> written with constants (through conversions), in place or held in a local
        /// written once.
        /// </summary>
        private static bool IsZeroLinger(IOperation value, SocketTypes types)
        {
            if (LocalValues.SingleCreation(value) is not { } creation
                || !SymbolEqualityComparer.Default.Equals(creation.Type, types.LingerOption)
                || creation.Arguments.Length != 2)
            {
                return false;
            }

            bool enabled = false, zero = false;
            foreach (var argument in creation.Arguments)
            {
                var constant = LocalValues.Resolve(argument.Value).ConstantValue;
                if (!constant.HasValue)
                {
                    return false;
                }

                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Boolean)
                {
                    enabled = constant.Value is true;
                }
                else if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32)
                {
                    zero = constant.Value is 0;
                }
            }

            return enabled && zero;
        }

        private static void Report(OperationAnalysisContext context, SyntaxNode node, string kind, string what, string effect, string remedy)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK014_AbortiveClose,
                node.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
                what, effect, remedy));
    }
}
