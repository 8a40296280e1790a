using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: a busy server that closes accepted connections first, so it keeps one TIME_WAIT socket per connection
    /// (fact 9). The analysis follows each accepted connection (the result of an Accept call made in a loop, or any
    /// accept with <c>socket_analyzers.SOCK003.scope = any_accepted</c>) through its aliases (GetStream, owning
    /// NetworkStream, SslStream, readers and writers), into Task.Run/ThreadPool/ContinueWith lambdas and into handler
    /// methods of the same type (up to three calls deep), and lists in source order what happens to it: writes, reads
    /// that observe the client's EOF, closes, and uses it cannot see into. A close is reported when the server wrote,
    /// did not observe EOF before, and nothing unknown happened to the connection on the way.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ServerClosesFirstAnalyzer : DiagnosticAnalyzer
    {
        internal const string ScopeOption = "socket_analyzers.SOCK003.scope";
        internal const string FixKindProperty = "FixKind";
        internal const string AliasesProperty = "Aliases";
        internal const string StatementFix = "Statement";
        internal const string UsingStatementFix = "UsingStatement";
        internal const string UsingDeclarationFix = "UsingDeclaration";

        private const int MaxCallDepth = 3;

        /// <summary>The values <see cref="ScopeOption"/> accepts, as the configuration diagnostic lists them.</summary>
        internal const string ScopeValues = "accept_loop, any_accepted";

        /// <summary>
        /// Reads <see cref="ScopeOption"/>: false for an absent or invalid value, which falls back to the default
        /// (accept_loop); <see cref="OptionValueAnalyzer"/> reports the invalid ones (SOCK000).
        /// </summary>
        internal static bool TryParseScope(string? value, out bool anyAccepted)
        {
            string trimmed = value?.Trim() ?? string.Empty;
            anyAccepted = string.Equals(trimmed, "any_accepted", StringComparison.OrdinalIgnoreCase);
            return anyAccepted || string.Equals(trimmed, "accept_loop", StringComparison.OrdinalIgnoreCase);
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK003_ServerClosesFirst);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var socketTypes = SocketTypes.TryCreate(start.Compilation);
                if (socketTypes is null
                    || !SocketSymbols.For(start.Compilation).MayMatterAnywhere(SocketWords.Accept, nativeCalls: false, start.CancellationToken))
                {
                    return; // no Accept* word in any tree: no accept body anywhere, nothing to register.
                }

                var known = new KnownTypes(start.Compilation, socketTypes);
                var sessions = new SessionSummaries(start.Compilation, known);
                var symbols = SocketSymbols.For(start.Compilation);
                start.RegisterSymbolStartAction(symbolStart =>
                {
                    // The prefilter: only a type whose declarations name an Accept/BeginAccept/EndAccept call can have an
                    // accept body, and a type without one reports nothing; the others get no actions and no symbol end.
                    if (symbolStart.Symbol is not INamedTypeSymbol type
                        || !symbols.MayMatter(type, SocketWords.Accept, nativeCalls: false, symbolStart.CancellationToken))
                    {
                        return;
                    }

                    var state = new TypeState(sessions);
                    symbolStart.RegisterOperationAction(c => OnInvocation(c, known, state), OperationKind.Invocation);
                    symbolStart.RegisterOperationAction(c => OnBody(c, known, state), OperationKind.MethodBody, OperationKind.ConstructorBody);
                    symbolStart.RegisterOperationAction(
                        c => NoteUnixListener((IObjectCreationOperation)c.Operation, known, state), OperationKind.ObjectCreation);
                    symbolStart.RegisterSymbolEndAction(c => Report(c, known, state));
                }, SymbolKind.NamedType);
            });
        }

        // ------------------------------------------------------------------ types

        internal enum AliasKind
        {
            None,
            Socket,
            TcpClient,
            Stream,
            StreamReader,
            StreamWriter,
            BinaryReader,
            BinaryWriter,
            TextReader,
            TextWriter,
        }

        private sealed class KnownTypes
        {
            public KnownTypes(Compilation compilation, SocketTypes socketTypes)
            {
                Sockets = socketTypes;
                Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
                StreamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
                StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
                BinaryReader = compilation.GetTypeByMetadataName("System.IO.BinaryReader");
                BinaryWriter = compilation.GetTypeByMetadataName("System.IO.BinaryWriter");
                TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
                TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
                BufferedStream = compilation.GetTypeByMetadataName("System.IO.BufferedStream");
                SslStream = compilation.GetTypeByMetadataName("System.Net.Security.SslStream");
                NegotiateStream = compilation.GetTypeByMetadataName("System.Net.Security.NegotiateStream");
            }

            public SocketTypes Sockets { get; }
            public INamedTypeSymbol? Stream { get; }
            public INamedTypeSymbol? StreamReader { get; }
            public INamedTypeSymbol? StreamWriter { get; }
            public INamedTypeSymbol? BinaryReader { get; }
            public INamedTypeSymbol? BinaryWriter { get; }
            public INamedTypeSymbol? TextReader { get; }
            public INamedTypeSymbol? TextWriter { get; }
            public INamedTypeSymbol? BufferedStream { get; }
            public INamedTypeSymbol? SslStream { get; }
            public INamedTypeSymbol? NegotiateStream { get; }

            public AliasKind KindOf(ITypeSymbol? type)
            {
                if (type is null)
                {
                    return AliasKind.None;
                }

                if (IsOf(type, Sockets.Socket))
                {
                    return AliasKind.Socket;
                }

                if (IsOf(type, Sockets.TcpClient))
                {
                    return AliasKind.TcpClient;
                }

                if (IsOf(type, StreamReader))
                {
                    return AliasKind.StreamReader;
                }

                if (IsOf(type, StreamWriter))
                {
                    return AliasKind.StreamWriter;
                }

                if (IsOf(type, BinaryReader))
                {
                    return AliasKind.BinaryReader;
                }

                if (IsOf(type, BinaryWriter))
                {
                    return AliasKind.BinaryWriter;
                }

                if (IsOf(type, TextReader))
                {
                    return AliasKind.TextReader;
                }

                if (IsOf(type, TextWriter))
                {
                    return AliasKind.TextWriter;
                }

                return IsOf(type, Stream) ? AliasKind.Stream : AliasKind.None;
            }

            /// <summary>A wrapper that reads and writes the connection and, unless told to leave it open, closes it.</summary>
            public bool IsWrapper(ITypeSymbol? type)
                => type is not null && (IsOf(type, Sockets.NetworkStream) || IsOf(type, SslStream) || IsOf(type, NegotiateStream)
                    || IsOf(type, StreamReader) || IsOf(type, StreamWriter) || IsOf(type, BufferedStream)
                    || IsOf(type, BinaryReader) || IsOf(type, BinaryWriter));

            public bool IsListener(INamedTypeSymbol? type)
                => type is not null && (SymbolEqualityComparer.Default.Equals(type, Sockets.Socket)
                    || SymbolEqualityComparer.Default.Equals(type, Sockets.TcpListener));

            public bool IsNetworkStream(ITypeSymbol? type) => IsOf(type, Sockets.NetworkStream);
        }

        /// <summary>
        /// <c>new LingerOption(true, 0)</c> with constant arguments. A connection given it closes with RST: no TIME_WAIT
        /// on either side, so it is not this rule's case (SOCK014 reports the reset).
        /// </summary>
        private static bool IsConstantZeroLinger(IOperation value, INamedTypeSymbol? lingerOption)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (lingerOption is null
                || value is not IObjectCreationOperation { Arguments.Length: 2 } creation
                || !SymbolEqualityComparer.Default.Equals(creation.Type, lingerOption))
            {
                return false;
            }

            bool enabled = false, zero = false;
            foreach (var argument in creation.Arguments)
            {
                var constant = argument.Value.ConstantValue;
                if (argument.Parameter?.Ordinal == 0)
                {
                    enabled = constant.HasValue && constant.Value is true;
                }
                else if (argument.Parameter?.Ordinal == 1)
                {
                    zero = constant.HasValue && constant.Value is 0;
                }
            }

            return enabled && zero;
        }

        private static bool IsOf(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (var current = type; current != null && expected != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
                {
                    return true;
                }
            }

            return false;
        }

        private enum EventKind
        {
            Write,
            Eof,
            Unknown,
            Call,
            Close,
            Handoff,
        }

        private sealed class Event
        {
            public Event(int position, EventKind kind)
            {
                Position = position;
                Kind = kind;
            }

            public int Position { get; }
            public EventKind Kind { get; }
            public int Order { get; set; }
            public IMethodSymbol? Callee { get; set; }
            public int Ordinal { get; set; }
            public bool Owns { get; set; } = true;
            public Location? Location { get; set; }
            public string What { get; set; } = string.Empty;
            public string FixKind { get; set; } = string.Empty;
        }

        /// <summary>What happens to one connection value in one body, in source order.</summary>
        private sealed class Summary
        {
            public Summary(List<Event> events, string aliases)
            {
                Events = events;
                Aliases = aliases;
            }

            public List<Event> Events { get; }
            public string Aliases { get; }
            public ISymbol? Listener { get; set; }
        }

        private sealed class TypeState
        {
            public TypeState(SessionSummaries sessions) => Sessions = sessions;

            public SessionSummaries Sessions { get; }
            public readonly ConcurrentDictionary<IMethodSymbol, bool> Rearmers = new(SymbolEqualityComparer.Default);
            public readonly ConcurrentBag<Summary> Busy = new();
            public readonly ConcurrentDictionary<ISymbol, bool> UnixListeners = new(SymbolEqualityComparer.Default);
            public readonly ConcurrentDictionary<IOperation, IMethodSymbol> AcceptBodies = new();
            public readonly ConcurrentDictionary<IOperation, IMethodSymbol> HandlerBodies = new();
            public readonly ConcurrentDictionary<IMethodSymbol, Summary?[]> Parameters = new(SymbolEqualityComparer.Default);
        }

        // ------------------------------------------------------------------ per body

        private sealed class BodyIndex
        {
            public readonly Dictionary<ISymbol, List<IOperation>> References = new(SymbolEqualityComparer.Default);
            public readonly HashSet<ISymbol> ComparedLocals = new(SymbolEqualityComparer.Default);
            public readonly List<IInvocationOperation> Accepts = new();
            public readonly List<ILocalFunctionOperation> LocalFunctions = new();
            public readonly List<int> Polls = new();
            public ICollection<IMethodSymbol>? Rearmers;
            public bool RearmsAccept;

            /// <summary>A Poll call on a socket before this position in the body.</summary>
            public bool PolledBefore(int position) => Polls.Any(p => p < position);
            public bool WebSocket;
        }

        /// <summary>
        /// Cheap, on every invocation: remember the bodies that accept connections. Nothing else is analysed for a type
        /// that has none.
        /// </summary>
        private static void OnInvocation(OperationAnalysisContext context, KnownTypes known, TypeState state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var target = invocation.TargetMethod;
            if (target.Name.StartsWith("BeginAccept", StringComparison.Ordinal) && known.IsListener(target.ContainingType)
                && context.ContainingSymbol is IMethodSymbol rearmer)
            {
                state.Rearmers.TryAdd(rearmer.OriginalDefinition, true); // e.g. a Listen() helper called from the callback
            }

            if (!known.IsListener(target.ContainingType)
                || !(target.Name.StartsWith("Accept", StringComparison.Ordinal) || target.Name.StartsWith("EndAccept", StringComparison.Ordinal))
                || context.ContainingSymbol is not IMethodSymbol method)
            {
                return;
            }

            var root = invocation.Root();
            if (root is IMethodBodyOperation or IConstructorBodyOperation)
            {
                state.AcceptBodies.TryAdd(root, method);
            }
        }

        /// <summary>Bodies of methods with a parameter that can carry a connection: possible handlers.</summary>
        private static void OnBody(OperationAnalysisContext context, KnownTypes known, TypeState state)
        {
            // Only methods with parameters are kept; whether one can carry a connection is decided at the type's end,
            // and only for a type that accepts.
            if (context.ContainingSymbol is IMethodSymbol { Parameters.Length: > 0 } method)
            {
                state.HandlerBodies.TryAdd(context.Operation, method);
            }
        }

        /// <summary>A parameter that can carry a connection (Socket, TcpClient, a stream, a reader or a writer).</summary>
        private static bool CarriesConnection(IMethodSymbol method, KnownTypes known)
        {
            foreach (var parameter in method.Parameters)
            {
                if (known.KindOf(parameter.Type) != AliasKind.None)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeBody(
            IOperation body, IMethodSymbol method, KnownTypes known, TypeState state, AnalyzerOptions options, bool accepts)
        {
            var index = BuildIndex(body, known, state.Rearmers.Keys);
            if (index.References.Count == 0 && index.Accepts.Count == 0)
            {
                return;
            }

            AnalyzeIndexedBody(body, method, known, state, options, accepts, index);
        }

        private static BodyIndex BuildIndex(IOperation body, KnownTypes known, ICollection<IMethodSymbol>? rearmers)
        {
            var index = new BodyIndex { Rearmers = rearmers };
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local:
                        AddReference(index, local.Local, operation);
                        break;
                    case IParameterReferenceOperation parameter:
                        AddReference(index, parameter.Parameter, operation);
                        break;
                    case IInvocationOperation invocation:
                        IndexInvocation(index, invocation, known);
                        if (invocation.TargetMethod.ContainingNamespace is { Name: "WebSockets" } webSockets && webSockets.ToDisplayString() == "System.Net.WebSockets")
                        {
                            index.WebSocket = true;
                        }

                        break;
                    case IBinaryOperation binary when IsComparison(binary):
                        if (IsEofConstant(binary.LeftOperand))
                        {
                            AddCompared(index, binary.RightOperand);
                        }
                        else if (IsEofConstant(binary.RightOperand))
                        {
                            AddCompared(index, binary.LeftOperand);
                        }

                        break;
                    case IIsPatternOperation pattern when IsEofPattern(pattern.Pattern):
                        AddCompared(index, pattern.Value);
                        break;
                    case ILocalFunctionOperation localFunction:
                        index.LocalFunctions.Add(localFunction);
                        break;
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
                        when text.IndexOf("websocket", StringComparison.OrdinalIgnoreCase) >= 0:
                        index.WebSocket = true; // A hand-written WebSocket server: RFC 6455 has the server close first.
                        break;
                }
            }

            return index;
        }

        private static void AnalyzeIndexedBody(
            IOperation body, IMethodSymbol method, KnownTypes known, TypeState state, AnalyzerOptions options, bool accepts, BodyIndex index)
        {
            var analysis = new Analysis(known, index, method.ContainingType);

            SummariseParameters(state, analysis, method, body);
            foreach (var localFunction in index.LocalFunctions)
            {
                if (localFunction.Body is { } localBody)
                {
                    SummariseParameters(state, analysis, localFunction.Symbol, localBody);
                }
            }

            if (!accepts || index.Accepts.Count == 0)
            {
                return;
            }

            options.AnalyzerConfigOptionsProvider.GetOptions(body.Syntax.SyntaxTree).TryGetValue(ScopeOption, out var scope);
            TryParseScope(scope, out bool anyAccepted);
            foreach (var accept in index.Accepts)
            {
                if (!anyAccepted && !IsBusy(accept, index))
                {
                    continue;
                }

                var value = AcceptedValue(accept);
                var summary = analysis.Track(new[] { value }, FunctionOwner(value));
                summary.Listener = accept.Instance.ReferencedSymbol();
                if (summary.Events.Count > 0)
                {
                    state.Busy.Add(summary);
                }
            }
        }

        /// <summary>null, or a number from -1 to 1: what a read's result is compared with to find the end of the stream.</summary>
        private static bool IsEofConstant(IOperation operation)
        {
            var constant = operation.WalkDownConversions().ConstantValue;
            if (!constant.HasValue)
            {
                return false;
            }

            if (constant.Value is null)
            {
                return true;
            }

            long? number = NativeSocketApi.ConstantInt(operation);
            return number is >= -1 and <= 1;
        }

        private static bool IsEofPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsEofConstant(constant.Value),
            // `is { } line`: a non-null test (ReadLine returns null at the end).
            IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 } => true,
            IRelationalPatternOperation relational => IsEofConstant(relational.Value),
            INegatedPatternOperation negated => IsEofPattern(negated.Pattern),
            IBinaryPatternOperation binary => IsEofPattern(binary.LeftPattern) || IsEofPattern(binary.RightPattern),
            _ => false,
        };

        private static bool IsEofClause(ICaseClauseOperation clause) => clause switch
        {
            ISingleValueCaseClauseOperation single => IsEofConstant(single.Value),
            IPatternCaseClauseOperation pattern => IsEofPattern(pattern.Pattern),
            _ => false,
        };

        /// <summary><c>socket.Available == 0</c> (or <c>is 0</c>, <c>&lt; 1</c>): after Poll says readable, the client's FIN.</summary>
        private static bool IsComparedWithEofConstant(IOperation value) => value.Parent switch
        {
            IBinaryOperation binary when IsComparison(binary) => IsEofConstant(binary.LeftOperand) || IsEofConstant(binary.RightOperand),
            IIsPatternOperation pattern => IsEofPattern(pattern.Pattern),
            IConversionOperation or IParenthesizedOperation => IsComparedWithEofConstant(value.Parent),
            _ => false,
        };

        private static bool IsComparison(IBinaryOperation binary)
            => binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

        /// <summary>Unix-domain stream sockets have no TIME_WAIT (fact 8): remember listeners created or bound as such.</summary>
        private static void NoteUnixListener(IObjectCreationOperation creation, KnownTypes known, TypeState state)
        {
            const int AddressFamilyUnix = 1;
            if (SymbolEqualityComparer.Default.Equals(creation.Type, known.Sockets.Socket))
            {
                foreach (var argument in creation.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, known.Sockets.AddressFamily)
                        && NativeSocketApi.ConstantInt(argument.Value) == AddressFamilyUnix
                        && creation.StoredInto() is { } target)
                    {
                        state.UnixListeners[target] = true;
                    }
                }
            }
            else if (known.Sockets.UnixDomainSocketEndPoint is { } unix
                && SymbolEqualityComparer.Default.Equals(creation.Type, unix))
            {
                IOperation current = creation;
                while (current.Parent is IConversionOperation)
                {
                    current = current.Parent;
                }

                if (current.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Bind" } bind }
                    && bind.Instance.ReferencedSymbol() is { } listener)
                {
                    state.UnixListeners[listener] = true;
                }
            }
        }

        private static void AddReference(BodyIndex index, ISymbol symbol, IOperation reference)
        {
            if (!index.References.TryGetValue(symbol, out var list))
            {
                list = new List<IOperation>();
                index.References[symbol] = list;
            }

            list.Add(reference);
        }

        private static void AddCompared(BodyIndex index, IOperation operand)
        {
            if (operand.WalkDownConversions() is ILocalReferenceOperation local)
            {
                index.ComparedLocals.Add(local.Local);
            }
        }

        private static void IndexInvocation(BodyIndex index, IInvocationOperation invocation, KnownTypes known)
        {
            var target = invocation.TargetMethod;
            string name = target.Name;
            if (name is "IsNullOrEmpty" or "IsNullOrWhiteSpace" && target.ContainingType?.SpecialType == SpecialType.System_String
                && invocation.Arguments.Length == 1)
            {
                AddCompared(index, invocation.Arguments[0].Value);
                return;
            }

            if (name == "Poll" && SymbolEqualityComparer.Default.Equals(target.ContainingType, known.Sockets.Socket))
            {
                index.Polls.Add(invocation.Syntax.SpanStart);
                return;
            }

            if (index.Rearmers != null && index.Rearmers.Contains(target.OriginalDefinition))
            {
                index.RearmsAccept = true; // a helper of this type that starts the next BeginAccept
                return;
            }

            if (!known.IsListener(target.ContainingType))
            {
                return;
            }

            switch (name)
            {
                case "Accept" or "AcceptSocket" or "AcceptTcpClient" or "EndAccept" or "EndAcceptSocket" or "EndAcceptTcpClient"
                    or "AcceptAsync" or "AcceptSocketAsync" or "AcceptTcpClientAsync":
                    if (target.ReturnType.SpecialType == SpecialType.System_Boolean)
                    {
                        index.RearmsAccept = true; // Socket.AcceptAsync(SocketAsyncEventArgs)
                    }
                    else if (!target.ReturnsVoid)
                    {
                        index.Accepts.Add(invocation);
                    }

                    break;
                case "BeginAccept" or "BeginAcceptSocket" or "BeginAcceptTcpClient":
                    index.RearmsAccept = true;
                    break;
            }
        }

        /// <summary>In a loop of the same function, or an EndAccept in a callback that starts the next accept.</summary>
        private static bool IsBusy(IInvocationOperation accept, BodyIndex index)
        {
            if (accept.TargetMethod.Name.StartsWith("EndAccept", StringComparison.Ordinal) && index.RearmsAccept)
            {
                return true;
            }

            for (var current = accept.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The accepted value: the call, or the await of it (through ConfigureAwait).</summary>
        private static IOperation AcceptedValue(IInvocationOperation accept)
        {
            IOperation current = accept;
            while (true)
            {
                switch (current.Parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                        current = current.Parent;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                        current = configure;
                        break;
                    default:
                        return current;
                }
            }
        }

        private static void SummariseParameters(TypeState state, Analysis analysis, IMethodSymbol method, IOperation body)
        {
            if (method.Parameters.IsEmpty)
            {
                return;
            }

            var summaries = new Summary?[method.Parameters.Length];
            bool any = false;
            foreach (var parameter in method.Parameters)
            {
                if (analysis.Known.KindOf(parameter.Type) == AliasKind.None
                    || !analysis.Index.References.TryGetValue(parameter, out var references))
                {
                    continue;
                }

                summaries[parameter.Ordinal] = analysis.Track(references, body, parameter);
                any = true;
            }

            if (any)
            {
                state.Parameters[method.OriginalDefinition] = summaries;
            }
        }

        /// <summary>The function whose body a value belongs to, looking through hand-off lambdas.</summary>
        private static IOperation FunctionOwner(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda when !IsHandOff(lambda):
                    case ILocalFunctionOperation:
                    case IMethodBodyOperation:
                    case IConstructorBodyOperation:
                        return current;
                }
            }

            return operation.Root();
        }

        /// <summary>A lambda given to Task.Run, TaskFactory.StartNew, ThreadPool.QueueUserWorkItem, ContinueWith or new Thread.</summary>
        private static bool IsHandOff(IAnonymousFunctionOperation lambda)
        {
            IOperation current = lambda;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is not IArgumentOperation argument)
            {
                return false;
            }

            switch (argument.Parent)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    string? ns = method.ContainingType?.ContainingNamespace?.ToDisplayString();
                    if (ns != "System.Threading.Tasks" && ns != "System.Threading")
                    {
                        return false;
                    }

                    return method.Name is "Run" or "StartNew" or "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" or "ContinueWith";
                case IObjectCreationOperation creation:
                    return creation.Type is { Name: "Thread" or "Task" } type
                        && type.ContainingNamespace?.ToDisplayString() is "System.Threading" or "System.Threading.Tasks";
                default:
                    return false;
            }
        }

        // ------------------------------------------------------------------ tracking one connection

        private sealed class Analysis
        {
            public Analysis(KnownTypes known, BodyIndex index, INamedTypeSymbol containingType)
            {
                Known = known;
                Index = index;
                ContainingType = containingType;
            }

            public KnownTypes Known { get; }
            public BodyIndex Index { get; }
            private INamedTypeSymbol ContainingType { get; }

            public Summary Track(
                IEnumerable<IOperation> starts, IOperation owner, IParameterSymbol? parameter = null, bool ownsAll = true, IFieldSymbol? field = null)
            {
                var events = new List<Event>();
                var aliases = new StringBuilder();
                if (Index.WebSocket)
                {
                    events.Add(new Event(0, EventKind.Unknown));
                    return new Summary(events, string.Empty);
                }

                var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var work = new Queue<(IOperation Value, bool Owns)>();
                if (parameter != null)
                {
                    seen.Add(parameter);
                    AppendAlias(aliases, parameter.Name, Known.KindOf(parameter.Type));
                }

                if (field != null)
                {
                    // A session's field: listed like a local so the fix can name it (it is visible in every method).
                    AppendAlias(aliases, field.Name, Known.KindOf(field.Type));
                }

                foreach (var start in starts)
                {
                    work.Enqueue((start, ownsAll));
                }

                int guard = 0;
                while (work.Count > 0 && guard++ < 500)
                {
                    var (value, owns) = work.Dequeue();
                    if (IsOpaque(value, owner))
                    {
                        events.Add(new Event(value.Syntax.SpanStart, EventKind.Unknown));
                        continue;
                    }

                    Classify(value, owns, events, aliases, seen, work);
                }

                for (int i = 0; i < events.Count; i++)
                {
                    events[i].Order = i;
                }

                events.Sort((a, b) => a.Position != b.Position
                    ? a.Position.CompareTo(b.Position)
                    : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : b.Order.CompareTo(a.Order));
                return new Summary(events, aliases.ToString());
            }

            private static void AppendAlias(StringBuilder aliases, string name, AliasKind kind)
            {
                if (kind == AliasKind.None || string.IsNullOrEmpty(name))
                {
                    return;
                }

                if (aliases.Length > 0)
                {
                    aliases.Append(';');
                }

                aliases.Append(name).Append(':').Append(kind);
            }

            /// <summary>Used inside a lambda that is not a hand-off, or a local function: beyond what we follow.</summary>
            private static bool IsOpaque(IOperation value, IOperation owner)
            {
                for (var current = value.Parent; current != null && current != owner; current = current.Parent)
                {
                    if (current is ILocalFunctionOperation || (current is IAnonymousFunctionOperation lambda && !IsHandOff(lambda)))
                    {
                        return true;
                    }
                }

                return false;
            }

            private void Classify(
                IOperation value, bool owns, List<Event> events, StringBuilder aliases, HashSet<ISymbol> seen,
                Queue<(IOperation, bool)> work)
            {
                IOperation current = value;
                while (current.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    current = current.Parent;
                }

                int position = value.Syntax.SpanStart;
                switch (current.Parent)
                {
                    case IInvocationOperation invocation when invocation.Instance == current:
                        ClassifyCall(invocation, owns, events, work);
                        break;
                    case IPropertyReferenceOperation property when property.Instance == current:
                        switch (property.Property.Name)
                        {
                            case "EndOfStream":
                                events.Add(new Event(position, EventKind.Eof));
                                break;
                            case "LingerState" when property.Parent is ISimpleAssignmentOperation lingerSet && lingerSet.Target == property
                                && IsConstantZeroLinger(lingerSet.Value, Known.Sockets.LingerOption):
                                events.Add(new Event(position, EventKind.Unknown));
                                break;
                            // Available == 0 is the client's FIN only after Poll said readable; `Available > 0` alone is not.
                            case "Available" when IsComparedWithEofConstant(property) && Index.PolledBefore(position):
                                events.Add(new Event(position, EventKind.Eof));
                                break;
                            case "Client" or "BaseStream" when Known.KindOf(property.Type) != AliasKind.None:
                                if (property.Parent is ISimpleAssignmentOperation assigned && assigned.Target == property)
                                {
                                    break;
                                }

                                work.Enqueue((property, owns));
                                break;
                        }

                        break;
                    case IArgumentOperation argument:
                        ClassifyArgument(argument, owns, position, events, work);
                        break;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        TrackLocal(declarator.Symbol, declarator, owns, events, aliases, seen, work);
                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        if (assignment.Target is ILocalReferenceOperation target)
                        {
                            TrackLocal(target.Local, null, owns, events, aliases, seen, work);
                        }
                        else
                        {
                            events.Add(new Event(position, EventKind.Unknown));
                        }

                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Target == current:
                        break; // Overwritten: the reference is a write to the variable, not a use of the connection.
                    case IUsingOperation usingOperation when usingOperation.Resources == current:
                        if (owns)
                        {
                            events.Add(UsingEnd(usingOperation));
                        }

                        break;
                    case IConditionalAccessOperation conditional when conditional.Operation == current:
                        foreach (var instance in conditional.WhenNotNull.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>())
                        {
                            work.Enqueue((instance, owns));
                            break;
                        }

                        break;
                    case IBinaryOperation or IIsPatternOperation or IIsTypeOperation when current.Parent is not IIsPatternOperation { Pattern: IDeclarationPatternOperation }:
                        break; // A null check.
                    case IExpressionStatementOperation:
                        break;
                    default:
                        events.Add(new Event(position, EventKind.Unknown));
                        break;
                }
            }

            private void TrackLocal(
                ILocalSymbol local, IVariableDeclaratorOperation? declarator, bool owns, List<Event> events,
                StringBuilder aliases, HashSet<ISymbol> seen, Queue<(IOperation, bool)> work)
            {
                if (!seen.Add(local))
                {
                    return;
                }

                AppendAlias(aliases, local.Name, Known.KindOf(local.Type));
                if (owns && declarator?.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group })
                {
                    if (group.Parent is IUsingOperation usingOperation)
                    {
                        events.Add(UsingEnd(usingOperation));
                    }
                    else if (group.Parent is IUsingDeclarationOperation usingDeclaration
                        && usingDeclaration.Syntax.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax)
                    {
                        var scope = usingDeclaration.Syntax.Parent is GlobalStatementSyntax global ? global.Parent! : usingDeclaration.Syntax.Parent;
                        var close = new Event(scope.Span.End, EventKind.Close)
                        {
                            Location = usingDeclaration.Syntax.GetLocation(),
                            What = "the end of the scope of 'using " + local.Name + "'",
                            FixKind = UsingDeclarationFix,
                        };
                        events.Add(close);
                    }
                }

                if (Index.References.TryGetValue(local, out var references))
                {
                    foreach (var reference in references)
                    {
                        work.Enqueue((reference, owns));
                    }
                }
            }

            private static Event UsingEnd(IUsingOperation usingOperation)
            {
                var syntax = (UsingStatementSyntax)usingOperation.Syntax;
                var start = syntax.AwaitKeyword.IsKind(SyntaxKind.None) ? syntax.UsingKeyword.SpanStart : syntax.AwaitKeyword.SpanStart;
                var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, syntax.CloseParenToken.Span.End);
                return new Event(syntax.Statement.Span.End, EventKind.Close)
                {
                    Location = Location.Create(syntax.SyntaxTree, span),
                    What = "the end of the using statement",
                    FixKind = UsingStatementFix,
                };
            }

            private void ClassifyCall(IInvocationOperation invocation, bool owns, List<Event> events, Queue<(IOperation, bool)> work)
            {
                var method = invocation.TargetMethod;
                string name = method.Name;
                int position = invocation.Syntax.SpanStart;
                switch (name)
                {
                    case "SetSocketOption" when invocation.Arguments.Length == 3
                        && IsConstantZeroLinger(invocation.Arguments[2].Value, Known.Sockets.LingerOption):
                        // A zero linger set on the connection: its close is a reset, see IsConstantZeroLinger.
                        events.Add(new Event(position, EventKind.Unknown));
                        return;
                    case "Close" or "Dispose" or "DisposeAsync":
                        if (owns && !InCatch(invocation))
                        {
                            events.Add(CloseCall(invocation, name + "()"));
                        }

                        return;
                    case "Shutdown" when invocation.Arguments.Length == 1:
                        var how = NativeSocketApi.ConstantInt(invocation.Arguments[0].Value);
                        if (how is 1 or 2)
                        {
                            if (!InCatch(invocation))
                            {
                                events.Add(CloseCall(invocation, how == 1 ? "Shutdown(SocketShutdown.Send)" : "Shutdown(SocketShutdown.Both)"));
                            }
                        }
                        else if (how is null)
                        {
                            events.Add(new Event(position, EventKind.Unknown));
                        }

                        return;
                    case "Disconnect" or "DisconnectAsync" or "BeginDisconnect":
                        if (!InCatch(invocation))
                        {
                            events.Add(CloseCall(invocation, name + "(...)"));
                        }

                        return;
                    case "GetStream":
                        work.Enqueue((invocation, owns));
                        return;
                    case "ReadToEnd" or "ReadToEndAsync" or "CopyTo" or "CopyToAsync":
                        events.Add(new Event(position, EventKind.Eof));
                        return;
                    case "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync":
                        // These throw EndOfStreamException when the client has closed (ReadAtLeast unless told not to,
                        // and then a short count means the end): caught, or with the count checked, that is the EOF.
                        if (InTryCatchingEndOfStream(invocation) || DoesNotThrowOnEndOfStream(invocation))
                        {
                            events.Add(new Event(position, EventKind.Eof));
                        }

                        return;
                }

                if (name.StartsWith("Send", StringComparison.Ordinal) || name.StartsWith("BeginSend", StringComparison.Ordinal)
                    || name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("BeginWrite", StringComparison.Ordinal))
                {
                    events.Add(new Event(position, EventKind.Write));
                }
                else if (name.StartsWith("Receive", StringComparison.Ordinal) || name.StartsWith("Read", StringComparison.Ordinal)
                    || name is "EndReceive" or "EndRead")
                {
                    if (ResultComparedForEof(invocation))
                    {
                        events.Add(new Event(position, EventKind.Eof));
                    }
                }
            }

            /// <summary>In the body of a try whose catch takes EndOfStreamException (or IOException, or Exception).</summary>
            private static bool InTryCatchingEndOfStream(IOperation operation)
            {
                for (IOperation current = operation; current.Parent is { } parent; current = parent)
                {
                    if (parent is ITryOperation tryOperation && tryOperation.Body == current
                        && tryOperation.Catches.Any(c => c.ExceptionType is { Name: "EndOfStreamException" or "IOException" or "Exception" } type
                            && type.ContainingNamespace is { Name: "IO" or "System" }))
                    {
                        return true;
                    }

                    if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return false;
                    }
                }

                return false;
            }

            /// <summary><c>ReadAtLeast(buffer, n, throwOnEndOfStream: false)</c>: the caller checks the count for the end.</summary>
            private static bool DoesNotThrowOnEndOfStream(IInvocationOperation invocation)
                => invocation.Arguments.Any(a => a.Parameter?.Name == "throwOnEndOfStream"
                    && a.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: false });

            private static bool InCatch(IOperation operation)
            {
                for (var current = operation.Parent; current != null; current = current.Parent)
                {
                    switch (current)
                    {
                        case ICatchClauseOperation:
                            return true;
                        case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation:
                            return false;
                    }
                }

                return false;
            }

            private static Event CloseCall(IInvocationOperation invocation, string what)
                => new(invocation.Syntax.SpanStart, EventKind.Close)
                {
                    Location = invocation.Syntax.GetLocation(),
                    What = what,
                    FixKind = StatementFix,
                };

            /// <summary>A read whose result is compared (with 0, -1 or null), directly or through the local it is stored in.</summary>
            private bool ResultComparedForEof(IInvocationOperation read)
            {
                IOperation current = read;
                for (int i = 0; i < 10; i++)
                {
                    var parent = current.Parent;
                    switch (parent)
                    {
                        case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                            current = parent;
                            continue;
                        case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "GetResult" or "GetAwaiter" } chained when chained.Instance == current:
                            current = chained;
                            continue;
                        case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == current:
                            current = result;
                            continue;
                        case IBinaryOperation binary when IsComparison(binary):
                            return IsEofConstant(binary.LeftOperand) || IsEofConstant(binary.RightOperand);
                        case IIsPatternOperation pattern:
                            return IsEofPattern(pattern.Pattern);
                        case ISwitchOperation switchStatement when switchStatement.Value == current:
                            return switchStatement.Cases.Any(c => c.Clauses.Any(IsEofClause));
                        case ISwitchExpressionOperation switchExpression when switchExpression.Value == current:
                            return switchExpression.Arms.Any(arm => IsEofPattern(arm.Pattern));
                        case ISimpleAssignmentOperation assignment when assignment.Value == current:
                            if (assignment.Target is ILocalReferenceOperation target && Index.ComparedLocals.Contains(target.Local))
                            {
                                return true;
                            }

                            current = assignment;
                            continue;
                        case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                            return Index.ComparedLocals.Contains(declarator.Symbol);
                        default:
                            return false;
                    }
                }

                return false;
            }

            private void ClassifyArgument(IArgumentOperation argument, bool owns, int position, List<Event> events, Queue<(IOperation, bool)> work)
            {
                switch (argument.Parent)
                {
                    case IObjectCreationOperation creation when Known.IsWrapper(creation.Type)
                        && argument.Parameter is { Ordinal: 0 }:
                        work.Enqueue((creation, owns && WrapperOwns(creation)));
                        return;
                    case IObjectCreationOperation { Constructor: { } constructor } when argument.Parameter is { RefKind: RefKind.None } handedTo
                        && !constructor.DeclaringSyntaxReferences.IsEmpty
                        && argument.ArgumentKind != ArgumentKind.ParamArray:
                        // A session or connection object of this compilation takes the connection over.
                        events.Add(new Event(position, EventKind.Handoff)
                        {
                            Callee = constructor.OriginalDefinition,
                            Ordinal = handedTo.Ordinal,
                            Owns = owns,
                        });
                        return;
                    case IInvocationOperation invocation:
                        var target = invocation.TargetMethod;
                        if (target.Name is "CopyTo" or "CopyToAsync" && argument.Parameter is { Ordinal: 0 } && invocation.Instance != null)
                        {
                            events.Add(new Event(position, EventKind.Write));
                            return;
                        }

                        if (argument.Parameter is { } parameter
                            && (target.MethodKind == MethodKind.LocalFunction
                                || SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, ContainingType.OriginalDefinition))
                            && !target.DeclaringSyntaxReferences.IsEmpty
                            && argument.ArgumentKind != ArgumentKind.ParamArray
                            && parameter.RefKind == RefKind.None)
                        {
                            events.Add(new Event(position, EventKind.Call)
                            {
                                Callee = target.OriginalDefinition,
                                Ordinal = parameter.Ordinal,
                                Owns = owns,
                            });
                            return;
                        }

                        break;
                }

                events.Add(new Event(position, EventKind.Unknown));
            }

            /// <summary>False when the wrapper is told to leave the inner stream open (or NetworkStream is not given ownership).</summary>
            internal bool WrapperOwns(IObjectCreationOperation creation)
            {
                bool networkStream = Known.IsNetworkStream(creation.Type);
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter is not { Type.SpecialType: SpecialType.System_Boolean } parameter)
                    {
                        continue;
                    }

                    var constant = argument.Value.WalkDownConversions().ConstantValue;
                    if (networkStream && parameter.Name == "ownsSocket")
                    {
                        return constant.HasValue && constant.Value is true;
                    }

                    if (parameter.Name.StartsWith("leave", StringComparison.Ordinal))
                    {
                        return constant.HasValue && constant.Value is false;
                    }
                }

                // NetworkStream(socket) and NetworkStream(socket, access) do not own the socket.
                return !networkStream;
            }
        }

        // ------------------------------------------------------------------ sessions in other types

        /// <summary>
        /// Per constructor parameter of a type of this compilation: what the type does with a connection it is given,
        /// computed once per compilation and only for constructors an accept loop hands a connection to. The parameter
        /// must be stored (as is, or wrapped in a stream) in a field that only constructors assign; each method of the
        /// type is then summarised for that field with the same events as an accepted connection (writes, EOF checks,
        /// closes, unknown uses).
        /// </summary>
        private sealed class SessionSummaries
        {
            private readonly Compilation _compilation;
            private readonly KnownTypes _known;
            private readonly ConcurrentDictionary<(IMethodSymbol, int), ImmutableArray<Summary>> _cache = new();

            public SessionSummaries(Compilation compilation, KnownTypes known)
            {
                _compilation = compilation;
                _known = known;
            }

            public ImmutableArray<Summary> For(IMethodSymbol constructor, int ordinal)
                => _cache.GetOrAdd((constructor, ordinal), key => Compute(key.Item1, key.Item2));

            private SemanticModel? ModelFor(SyntaxTree tree, Dictionary<SyntaxTree, SemanticModel> models)
            {
                if (!_compilation.ContainsSyntaxTree(tree))
                {
                    return null;
                }

                if (!models.TryGetValue(tree, out var model))
                {
                    // Once per file of a session type handed an accepted connection, cached for the compilation.
#pragma warning disable RS1030 // The other type's bodies are needed to follow the connection; bounded by the cache.
                    model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    models[tree] = model;
                }

                return model;
            }

            private ImmutableArray<Summary> Compute(IMethodSymbol constructor, int ordinal)
            {
                var type = constructor.ContainingType;
                if (ordinal >= constructor.Parameters.Length || _known.KindOf(constructor.Parameters[ordinal].Type) == AliasKind.None
                    || type is null || _known.IsWrapper(type))
                {
                    return ImmutableArray<Summary>.Empty;
                }

                var parameter = constructor.Parameters[ordinal];
                var models = new Dictionary<SyntaxTree, SemanticModel>();
                var fields = new Dictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax();
                    if (ModelFor(reference.SyntaxTree, models)?.GetOperation(syntax) is not { } body)
                    {
                        continue;
                    }

                    foreach (var assignment in body.Descendants().OfType<ISimpleAssignmentOperation>())
                    {
                        if (assignment.Target is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } target
                            && StoredParameter(assignment.Value, parameter) is { } owns)
                        {
                            fields[target.Field] = owns;
                        }
                    }
                }

                if (fields.Count == 0)
                {
                    return ImmutableArray<Summary>.Empty;
                }

                // Every method body of the type, once; a field written outside constructors is not followed.
                var bodies = new List<(IMethodSymbol Method, IOperation Body)>();
                foreach (var member in type.GetMembers())
                {
                    if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation or MethodKind.PropertyGet or MethodKind.PropertySet } method)
                    {
                        continue;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        if (ModelFor(reference.SyntaxTree, models)?.GetOperation(reference.GetSyntax()) is { } body)
                        {
                            bodies.Add((method, body));
                        }
                    }
                }

                foreach (var (_, body) in bodies)
                {
                    foreach (var assignment in body.Descendants().OfType<IAssignmentOperation>())
                    {
                        if (assignment.Target is IFieldReferenceOperation target && fields.ContainsKey(target.Field))
                        {
                            fields.Remove(target.Field);
                        }
                    }
                }

                var summaries = ImmutableArray.CreateBuilder<Summary>();
                foreach (var (method, body) in bodies)
                {
                    var index = BuildIndex(body, _known, null);
                    foreach (var field in fields)
                    {
                        var starts = body.Descendants().OfType<IFieldReferenceOperation>()
                            .Where(f => SymbolEqualityComparer.Default.Equals(f.Field, field.Key) && f.Instance is null or IInstanceReferenceOperation)
                            .Cast<IOperation>().ToList();
                        if (starts.Count == 0)
                        {
                            continue;
                        }

                        var analysis = new Analysis(_known, index, type);
                        var summary = analysis.Track(starts, body, ownsAll: field.Value, field: field.Key);
                        if (summary.Events.Count > 0)
                        {
                            summaries.Add(summary);
                        }
                    }
                }

                return summaries.ToImmutable();
            }

            /// <summary>
            /// Whether a value assigned in the constructor is the parameter (true: the field owns the connection), a
            /// stream wrapper or GetStream() of it (owning unless told to leave it open), or null for anything else.
            /// </summary>
            private bool? StoredParameter(IOperation value, IParameterSymbol parameter)
            {
                value = value.WalkDownConversions();
                switch (value)
                {
                    case IParameterReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter):
                        return true;
                    case IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } instance }
                        when StoredParameter(instance, parameter) == true:
                        return true;
                    case IObjectCreationOperation creation when _known.IsWrapper(creation.Type) && creation.Arguments.Length > 0
                        && StoredParameter(creation.Arguments[0].Value, parameter) == true:
                        var analysis = new Analysis(_known, new BodyIndex(), creation.Type as INamedTypeSymbol ?? parameter.ContainingType);
                        return analysis.WrapperOwns(creation);
                    default:
                        return null;
                }
            }
        }

        // ------------------------------------------------------------------ end of type

        private sealed class FlowState
        {
            public bool Wrote;
            public bool Done;
        }

        private static void Report(SymbolAnalysisContext context, KnownTypes known, TypeState state)
        {
            if (state.AcceptBodies.IsEmpty)
            {
                return;
            }

            foreach (var pair in state.HandlerBodies)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!state.AcceptBodies.ContainsKey(pair.Key) && CarriesConnection(pair.Value, known))
                {
                    AnalyzeBody(pair.Key, pair.Value, known, state, context.Options, accepts: false);
                }
            }

            foreach (var pair in state.AcceptBodies)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                AnalyzeBody(pair.Key, pair.Value, known, state, context.Options, accepts: true);
            }

            if (state.Busy.IsEmpty)
            {
                return;
            }

            var reported = new Dictionary<(SyntaxTree?, int, int), (Event Event, string Aliases)>();
            foreach (var summary in state.Busy)
            {
                if (summary.Listener != null && state.UnixListeners.ContainsKey(summary.Listener))
                {
                    continue;
                }

                var flow = new FlowState();
                Evaluate(summary, flow, state, 0, true, reported);
            }

            foreach (var pair in reported.OrderBy(p => p.Key.Item2))
            {
                var closeEvent = pair.Value.Event;
                if (closeEvent.Location is null)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(FixKindProperty, closeEvent.FixKind)
                    .Add(AliasesProperty, pair.Value.Aliases);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SOCK003_ServerClosesFirst,
                    closeEvent.Location,
                    properties,
                    closeEvent.What));
            }
        }

        private static void Evaluate(
            Summary summary, FlowState flow, TypeState state, int depth, bool owns,
            Dictionary<(SyntaxTree?, int, int), (Event, string)> reported)
        {
            foreach (var e in summary.Events)
            {
                if (flow.Done)
                {
                    return;
                }

                switch (e.Kind)
                {
                    case EventKind.Write:
                        flow.Wrote = true;
                        break;
                    case EventKind.Eof:
                    case EventKind.Unknown:
                        flow.Done = true;
                        return;
                    case EventKind.Close:
                        if (!owns)
                        {
                            break;
                        }

                        if (flow.Wrote && e.Location != null && e.Location.IsInSource)
                        {
                            var key = (e.Location.SourceTree, e.Location.SourceSpan.Start, e.Location.SourceSpan.Length);
                            if (!reported.ContainsKey(key))
                            {
                                reported[key] = (e, summary.Aliases);
                            }
                        }

                        flow.Done = true;
                        return;
                    case EventKind.Handoff:
                        if (owns && e.Callee != null)
                        {
                            foreach (var sessionSummary in state.Sessions.For(e.Callee, e.Ordinal))
                            {
                                Evaluate(sessionSummary, new FlowState { Wrote = flow.Wrote }, state, MaxCallDepth, true, reported);
                            }
                        }

                        flow.Done = true;
                        return;
                    case EventKind.Call:
                        if (depth >= MaxCallDepth
                            || e.Callee is null
                            || !state.Parameters.TryGetValue(e.Callee, out var parameters)
                            || e.Ordinal >= parameters.Length
                            || parameters[e.Ordinal] is not { } callee)
                        {
                            flow.Done = true;
                            return;
                        }

                        Evaluate(callee, flow, state, depth + 1, owns && e.Owns, reported);
                        break;
                }
            }
        }
    }
}
