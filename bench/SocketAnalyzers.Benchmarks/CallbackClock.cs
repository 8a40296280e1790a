using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// The wrapper is an analyzer only to the driver: it forwards Initialize, EnableConcurrentExecution and
// ConfigureGeneratedCodeAnalysis to the analyzer it times, and is never loaded by a compiler (no attribute).
#pragma warning disable RS1001, RS1012, RS1025, RS1026

namespace SocketAnalyzers.Benchmarks
{
    /// <summary>
    /// A second clock on an analyzer's callbacks (<c>--own-clock</c>), beside the driver's execution-time log.
    /// <para>
    /// The driver's log is the wall time inside an analyzer's callbacks. In a sequential analysis every garbage
    /// collection stops the one thread, and whichever callback is running then is charged the whole pause: 20-80 ms
    /// here, several times per compilation, almost all of it for the compiler's own allocations. On inputs where our
    /// callbacks total 5-30 ms, one such pause decides the figure (medians of three runs moved by a factor of two).
    /// </para>
    /// <para>
    /// This clock times the same callbacks itself and also reads, around each one, the process's total GC pause time
    /// (<see cref="GC.GetTotalPauseDuration"/>) and the bytes the thread allocated. So it can report the callbacks'
    /// time outside GC pauses, and the analyzers' fair share of the pauses: the step's total pause time in proportion to
    /// the bytes the callbacks allocated out of all the step allocated. Sequential analysis only (the pause is
    /// process-wide).
    /// </para>
    /// </summary>
    internal sealed class CallbackClock
    {
        public long Ticks;
        public TimeSpan Pauses;
        public long Bytes;
        public int Calls;

        /// <summary>Time and calls per kind of callback (compilation start, symbol start, operation, symbol end...).</summary>
        public readonly System.Collections.Generic.Dictionary<string, (long Ticks, int Calls)> ByKind = new();

        public void Run<T>(Action<T> action, T context, string kind)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            var pauses = GC.GetTotalPauseDuration();
            long start = Stopwatch.GetTimestamp();
            try
            {
                action(context);
            }
            finally
            {
                long ticks = Stopwatch.GetTimestamp() - start;
                Ticks += ticks;
                ByKind.TryGetValue(kind, out var sofar);
                ByKind[kind] = (sofar.Ticks + ticks, sofar.Calls + 1);
                Pauses += GC.GetTotalPauseDuration() - pauses;
                Bytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
                Calls++;
            }
        }

        public double Milliseconds => Ticks * 1000.0 / Stopwatch.Frequency;

        public double OutsidePausesMilliseconds => Milliseconds - Pauses.TotalMilliseconds;
    }

    /// <summary>An analyzer whose every callback runs under a <see cref="CallbackClock"/>; otherwise the inner analyzer.</summary>
    internal sealed class ClockedAnalyzer : DiagnosticAnalyzer
    {
        public ClockedAnalyzer(DiagnosticAnalyzer inner)
        {
            Inner = inner;
        }

        public DiagnosticAnalyzer Inner { get; }

        public CallbackClock Clock { get; private set; } = new();

        /// <summary>A new clock for the next analysis (the driver calls Initialize once per analyzer instance and host).</summary>
        public void Reset() => Clock = new CallbackClock();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

        /// <summary>The action, run under the clock current when it runs (so a Reset applies to actions registered before it).</summary>
        private Action<T> Timed<T>(Action<T> action, string? kind = null)
        {
            string name = kind ?? typeof(T).Name.Replace("AnalysisContext", string.Empty);
            return context => Clock.Run(action, context, name);
        }

        public override void Initialize(AnalysisContext context) => Inner.Initialize(new ClockedAnalysisContext(context, this));

        private sealed class ClockedAnalysisContext : AnalysisContext
        {
            private readonly AnalysisContext _inner;
            private readonly ClockedAnalyzer _owner;

            public ClockedAnalysisContext(AnalysisContext inner, ClockedAnalyzer owner)
            {
                _inner = inner;
                _owner = owner;
            }

            public override void EnableConcurrentExecution() => _inner.EnableConcurrentExecution();

            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _inner.ConfigureGeneratedCodeAnalysis(analysisMode);

            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
                => _inner.RegisterCompilationStartAction(_owner.Timed<CompilationStartAnalysisContext>(start => action(new ClockedCompilationStart(start, _owner))));

            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationAction(_owner.Timed(action));

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_owner.Timed(action));

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_owner.Timed(action), symbolKinds);

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
                => _inner.RegisterSymbolStartAction(_owner.Timed<SymbolStartAnalysisContext>(start => action(new ClockedSymbolStart(start, _owner))), symbolKind);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_owner.Timed(action));

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_owner.Timed(action));

            public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_owner.Timed(action));

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
                => _inner.RegisterSyntaxNodeAction(_owner.Timed(action), syntaxKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
                => _inner.RegisterOperationBlockStartAction(_owner.Timed<OperationBlockStartAnalysisContext>(block => action(new ClockedOperationBlockStart(block, _owner))));

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_owner.Timed(action));

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);
        }

        private sealed class ClockedCompilationStart : CompilationStartAnalysisContext
        {
            private readonly CompilationStartAnalysisContext _inner;
            private readonly ClockedAnalyzer _owner;

            public ClockedCompilationStart(CompilationStartAnalysisContext inner, ClockedAnalyzer owner)
                : base(inner.Compilation, inner.Options, inner.CancellationToken)
#pragma warning restore CS0618
            {
                _inner = inner;
                _owner = owner;
            }

            public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationEndAction(_owner.Timed(action, "CompilationEnd"));

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_owner.Timed(action));

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_owner.Timed(action), symbolKinds);

            public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
                => _inner.RegisterSymbolStartAction(_owner.Timed<SymbolStartAnalysisContext>(start => action(new ClockedSymbolStart(start, _owner))), symbolKind);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_owner.Timed(action));

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_owner.Timed(action));

            public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_owner.Timed(action));

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
                => _inner.RegisterSyntaxNodeAction(_owner.Timed(action), syntaxKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
                => _inner.RegisterOperationBlockStartAction(_owner.Timed<OperationBlockStartAnalysisContext>(block => action(new ClockedOperationBlockStart(block, _owner))));

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_owner.Timed(action));

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);
        }

        private sealed class ClockedSymbolStart : SymbolStartAnalysisContext
        {
            private readonly SymbolStartAnalysisContext _inner;
            private readonly ClockedAnalyzer _owner;

            // The public constructor is obsolete (hosts should not make these contexts); here it only carries the
            // symbol, compilation and options the wrapped analyzer reads, and every registration goes to the driver's own.
#pragma warning disable CS0618
            public ClockedSymbolStart(SymbolStartAnalysisContext inner, ClockedAnalyzer owner)
                : base(inner.Symbol, inner.Compilation, inner.Options, inner.CancellationToken)
            {
                _inner = inner;
                _owner = owner;
            }

            public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => _inner.RegisterSymbolEndAction(_owner.Timed(action, "SymbolEnd"));

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_owner.Timed(action));

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
                => _inner.RegisterSyntaxNodeAction(_owner.Timed(action), syntaxKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
                => _inner.RegisterOperationBlockStartAction(_owner.Timed<OperationBlockStartAnalysisContext>(block => action(new ClockedOperationBlockStart(block, _owner))));

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_owner.Timed(action));

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);
        }

        private sealed class ClockedOperationBlockStart : OperationBlockStartAnalysisContext
        {
            private readonly OperationBlockStartAnalysisContext _inner;
            private readonly ClockedAnalyzer _owner;

            public ClockedOperationBlockStart(OperationBlockStartAnalysisContext inner, ClockedAnalyzer owner)
                : base(inner.OperationBlocks, inner.OwningSymbol, inner.Compilation, inner.Options, inner.CancellationToken)
            {
                _inner = inner;
                _owner = owner;
            }

            public override void RegisterOperationBlockEndAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockEndAction(_owner.Timed(action, "OperationBlockEnd"));

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);
        }

        // Code-block start actions hand out contexts of their own, which this clock does not wrap; no SocketAnalyzers
        // analyzer registers one. Failing loudly keeps a future one from being timed only in part.
        private static NotSupportedException Unsupported()
            => new("--own-clock does not time code-block start actions; add them to CallbackClock.cs.");
    }
}
