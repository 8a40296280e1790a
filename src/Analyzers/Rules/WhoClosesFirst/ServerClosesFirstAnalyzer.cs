using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The shipped analyzer of the who-closes-first family (SOCK003, <see cref="SOCK003_ServerClosesFirst"/>). It
    /// follows each accepted connection (the result of an Accept call made in a loop, or any accept with
    /// <c>socket_analyzers.SOCK003.scope = any_accepted</c>) through its aliases (GetStream, owning NetworkStream,
    /// SslStream, readers and writers), into Task.Run/ThreadPool/ContinueWith lambdas, into handler methods of the
    /// same type (up to three calls deep) and into session types, and lists in source order what happens to it:
    /// writes, reads that observe the client's EOF, closes, and uses it cannot see into.
    /// <para>
    /// Cost shape: only a type whose declarations name an Accept call (<see cref="SocketWords.Accept"/>, the shared
    /// per-type prefilter) registers anything. Its operation actions only keep bodies (the accepting ones and the
    /// ones with parameters); they are indexed and classified once, at the end of a type that accepts.
    /// </para>
    /// The parts, each in its own file beside this one: <see cref="AcceptLoops"/> (accepts and busy connections),
    /// <see cref="BodyIndex"/> (one walk per body), <see cref="ConnectionFlow"/> (following a connection in a body),
    /// <see cref="EndOfStreamIdioms"/>, <see cref="Handlers"/>, <see cref="SessionTypes"/>, <see cref="ConnectionKinds"/>
    /// (the types on the shared model), <see cref="ServerClosesFirstScope"/> (the option) and the check.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ServerClosesFirstAnalyzer : DiagnosticAnalyzer
    {
        // The diagnostic's properties, read by ServerClosesFirstCodeFixProvider.
        internal const string FixKindProperty = "FixKind";
        internal const string AliasesProperty = "Aliases";
        internal const string StatementFix = "Statement";
        internal const string UsingStatementFix = "UsingStatement";
        internal const string UsingDeclarationFix = "UsingDeclaration";

        // The option, read by OptionValueAnalyzer (SOCK000); see ServerClosesFirstScope.
        internal const string ScopeOption = ServerClosesFirstScope.Name;
        internal const string ScopeValues = ServerClosesFirstScope.Values;

        internal static bool TryParseScope(string? value, out bool anyAccepted) => ServerClosesFirstScope.TryParse(value, out anyAccepted);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SOCK003_ServerClosesFirst);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = SocketSymbols.For(start.Compilation);
                if (!symbols.HasSocketType || !symbols.MayMatterAnywhere(SocketWords.Accept, nativeCalls: false, start.CancellationToken))
                {
                    return; // the gate first (RegisterPerType asks it again): the session types are resolved only past it.
                }

                var sessions = new SessionTypes(start.Compilation, symbols);

                // The prefilter: only a type whose declarations name an Accept/BeginAccept/EndAccept call can have an
                // accept body, and a type without one reports nothing; the others get no actions and no symbol end.
                SocketSymbols.RegisterPerType(start, SocketWords.Accept, nativeCalls: false, symbolStart =>
                {
                    var state = new AcceptingType(sessions);
                    symbolStart.RegisterOperationAction(c => AcceptLoops.NoteInvocation(c, symbols, state), OperationKind.Invocation);
                    symbolStart.RegisterOperationAction(c => Handlers.NoteBody(c, state), OperationKind.MethodBody, OperationKind.ConstructorBody);
                    symbolStart.RegisterOperationAction(
                        c => AcceptLoops.NoteUnixListener((IObjectCreationOperation)c.Operation, symbols, state), OperationKind.ObjectCreation);
                    symbolStart.RegisterSymbolEndAction(c => OnTypeEnd(c, symbols, state));
                });
            });
        }

        /// <summary>
        /// The end of a type: nothing for a type without an accept body. Otherwise the handlers are summarised first,
        /// then the accepting bodies (whose connections may be passed to them), then the rule's check reports.
        /// </summary>
        private static void OnTypeEnd(SymbolAnalysisContext context, SocketSymbols symbols, AcceptingType state)
        {
            if (state.AcceptBodies.IsEmpty)
            {
                return;
            }

            var types = symbols.Types!;
            foreach (var pair in state.HandlerBodies)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!state.AcceptBodies.ContainsKey(pair.Key) && Handlers.MayHandle(pair.Value, types))
                {
                    AnalyzeBody(pair.Key, pair.Value, symbols, state, context.Options, accepts: false);
                }
            }

            foreach (var pair in state.AcceptBodies)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                AnalyzeBody(pair.Key, pair.Value, symbols, state, context.Options, accepts: true);
            }

            SOCK003_ServerClosesFirst.Check(context, state);
        }

        /// <summary>Indexes one body, summarises its connection parameters and, for an accepting body, its accepted connections.</summary>
        private static void AnalyzeBody(
            IOperation body, IMethodSymbol method, SocketSymbols symbols, AcceptingType state, AnalyzerOptions options, bool accepts)
        {
            var index = BodyIndex.Build(body, symbols, state.Rearmers.Keys);
            if (index.References.Count == 0 && index.Accepts.Count == 0)
            {
                return;
            }

            var flow = new ConnectionFlow(symbols, index, method.ContainingType);
            Handlers.Summarise(state, flow, method, body);
            if (accepts && index.Accepts.Count > 0)
            {
                AcceptLoops.SummariseAccepts(state, flow, body, options);
            }
        }
    }

    /// <summary>What the operation actions of one type that names Accept keep until its end, and what its end finds.</summary>
    internal sealed class AcceptingType
    {
        public AcceptingType(SessionTypes sessions) => Sessions = sessions;

        /// <summary>The compilation's session types (shared by every type).</summary>
        public SessionTypes Sessions { get; }

        /// <summary>Methods of the type that start a BeginAccept: calling one re-arms the accept.</summary>
        public readonly ConcurrentDictionary<IMethodSymbol, bool> Rearmers = new(SymbolEqualityComparer.Default);

        /// <summary>Bodies that call an accept, and bodies with parameters (possible handlers).</summary>
        public readonly ConcurrentDictionary<IOperation, IMethodSymbol> AcceptBodies = new();
        public readonly ConcurrentDictionary<IOperation, IMethodSymbol> HandlerBodies = new();

        /// <summary>Listeners created or bound as Unix-domain sockets.</summary>
        public readonly ConcurrentDictionary<ISymbol, bool> UnixListeners = new(SymbolEqualityComparer.Default);

        /// <summary>At the end: the summaries of handler parameters, and of busy accepted connections.</summary>
        public readonly ConcurrentDictionary<IMethodSymbol, ConnectionSummary?[]> Parameters = new(SymbolEqualityComparer.Default);
        public readonly ConcurrentBag<ConnectionSummary> Busy = new();
    }
}
