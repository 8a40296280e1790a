using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK014: code that makes a TCP close abortive (RST instead of FIN). Facts 10 and 11: linger enabled with a zero
    /// timeout and <c>Disconnect(true)</c> reset the connection; no TIME_WAIT is left, but data still in flight is lost
    /// and the peer sees ConnectionReset.
    /// <list type="bullet">
    /// <item><c>x.LingerState = new LingerOption(true, 0)</c> on a Socket or TcpClient (also in an object initializer).</item>
    /// <item><c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))</c>.</item>
    /// <item><c>socket.Disconnect(true)</c> and <c>socket.DisconnectAsync(true, ...)</c>.</item>
    /// <item><c>socket.Close(0)</c>: a zero close timeout sets a zero linger before the close and resets the connection
    /// (measured: the peer gets the data, then ConnectionReset), unlike <c>Close()</c>, <c>Close(1)</c> and <c>Dispose()</c>.</item>
    /// </list>
    /// Only constant arguments count: a linger time from a variable or configuration is not flagged.
    /// <para>
    /// Silent where the abort is the purpose (<see cref="AbortIntent"/>): code whose member or type says it aborts,
    /// resets, kills or terminates a connection or injects faults, test code, and <c>Disconnect(true)</c> on a socket
    /// this body created and never connected.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AbortiveCloseAnalyzer : DiagnosticAnalyzer
    {
        internal const string KindProperty = "Kind";
        internal const string LingerKind = "Linger";
        internal const string DisconnectKind = "Disconnect";
        internal const string CloseZeroKind = "CloseZero";

        private const int SocketOptionLevelSocket = 0xffff;
        private const int SocketOptionNameLinger = 0x80;

        private const string LingerConsequence = "makes Close send RST instead of FIN";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK014_AbortiveClose);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = SocketTypes.TryCreate(start.Compilation);
                if (types?.LingerOption is null)
                {
                    return;
                }

                bool testAssembly = AbortIntent.ReferencesTestFramework(start.Compilation);
                if (testAssembly)
                {
                    return; // A test project resets connections on purpose (to test how code copes with a reset).
                }

                // Per type, only where LingerState, an option call, Close or Disconnect is named (SocketVocabulary).
                SocketSymbols.RegisterPerType(start, SocketWords.Linger | SocketWords.Options | SocketWords.Close, nativeCalls: false, perType =>
                {
                    perType.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
                    perType.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
                });
            });
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, SocketTypes types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "LingerState" } property
                || !(SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, types.Socket)
                    || SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, types.TcpClient))
                || !IsZeroLinger(assignment.Value, types)
                || AbortIntent.IsDeliberate(context.ContainingSymbol))
            {
                return;
            }

            Report(context, assignment.Syntax, LingerKind,
                "LingerState = new LingerOption(true, 0)", LingerConsequence, "remove it unless dropping the connection is the intent");
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, SocketTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Socket)
                || method.Name is not ("SetSocketOption" or "Disconnect" or "DisconnectAsync" or "Close")
                || AbortIntent.IsDeliberate(context.ContainingSymbol))
            {
                return;
            }

            switch (method.Name)
            {
                case "SetSocketOption" when invocation.Arguments.Length == 3:
                    var args = invocation.Arguments;
                    if (SymbolEqualityComparer.Default.Equals(args[0].Parameter?.Type, types.SocketOptionLevel)
                        && NativeSocketApi.ConstantInt(args[0].Value) == SocketOptionLevelSocket
                        && NativeSocketApi.ConstantInt(args[1].Value) == SocketOptionNameLinger
                        && IsZeroLinger(args[2].Value, types))
                    {
                        Report(context, invocation.Syntax, LingerKind,
                            "Linger enabled with a 0 s timeout", LingerConsequence, "remove it unless dropping the connection is the intent");
                    }

                    break;
                case "Close" when invocation.Arguments.Length == 1
                    && invocation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_Int32
                    && NativeSocketApi.ConstantInt(invocation.Arguments[0].Value) == 0:
                    Report(context, invocation.Syntax, CloseZeroKind,
                        "Close(0)", "sends RST instead of FIN", "use Close() (or a timeout of at least 1 s)");
                    break;
                case "Disconnect" or "DisconnectAsync":
                    if (AbortIntent.NeverConnected(invocation, types))
                    {
                        break; // Nothing was ever sent on it: nothing in flight can be lost.
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { Name: "reuseSocket", Type.SpecialType: SpecialType.System_Boolean }
                            && argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: true })
                        {
                            Report(context, invocation.Syntax, DisconnectKind,
                                method.Name + "(true)", "aborts the connection with RST", "remove it and let Close or Dispose end the connection with FIN");
                        }
                    }

                    break;
            }
        }

        /// <summary><c>new LingerOption(true, 0)</c> written with constants (through conversions).</summary>
        private static bool IsZeroLinger(IOperation value, SocketTypes types)
        {
            if (value.WalkDownConversions() is not IObjectCreationOperation creation
                || !SymbolEqualityComparer.Default.Equals(creation.Type, types.LingerOption)
                || creation.Arguments.Length != 2)
            {
                return false;
            }

            bool enabled = false, zero = false;
            foreach (var argument in creation.Arguments)
            {
                var constant = argument.Value.WalkDownConversions().ConstantValue;
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
