using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The options family: SOCK005, SOCK009, SOCK010, SOCK013 and SOCK014 read each option call once, through
    /// <see cref="OptionCall"/> (arguments by parameter, numbers from <see cref="SocketNumbers"/>), and report from the
    /// operation action itself: no per-type state, no symbol-end action. Each rule is a small check in its own file
    /// (<c>SOCKnnn_*.cs</c> beside this one).
    /// </summary>
    public abstract class OptionsFamily : DiagnosticAnalyzer
    {
        private readonly bool _sock005;
        private readonly bool _sock009;
        private readonly bool _sock010;
        private readonly bool _sock013;
        private readonly bool _sock014;

        private protected OptionsFamily(params DiagnosticDescriptor[] reported)
        {
            SupportedDiagnostics = ImmutableArray.Create(reported);
            _sock005 = reported.Contains(Descriptors.SOCK005_OptionNeedsObject);
            _sock009 = reported.Contains(Descriptors.SOCK009_OptionAtWrongLevel);
            _sock010 = reported.Contains(Descriptors.SOCK010_LingerStateCopyMutated);
            _sock013 = reported.Contains(Descriptors.SOCK013_RawOptionWithWindowsNumbers);
            _sock014 = reported.Contains(Descriptors.SOCK014_AbortiveClose);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        /// <summary>SOCK010 reads every write of a LingerOption field; SOCK014 only LingerState assignments.</summary>
        private static readonly ImmutableArray<OperationKind> AnyWrite = ImmutableArray.Create(
            OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.CoalesceAssignment, OperationKind.Increment, OperationKind.Decrement);

        private static readonly ImmutableArray<OperationKind> SimpleAssignment = ImmutableArray.Create(OperationKind.SimpleAssignment);

        /// <summary>The rules that can report in one compilation (the ones this analyzer runs whose types exist there).</summary>
        private sealed class Live
        {
            public Live(SocketSymbols symbols, SocketTypes types)
            {
                Symbols = symbols;
                Types = types;
            }

            public SocketSymbols Symbols { get; }

            public SocketTypes Types { get; }

            /// <summary>For SOCK013: the platform checks that leave a call alone (resolved when SOCK013 is live).</summary>
            public PlatformTypes? Platforms;

            public bool Sock005;
            public bool Sock009;
            public bool Sock010;
            public bool Sock013;
            public bool Sock014;

            /// <summary>A rule that reads invocations: Set/GetSocketOption (005, 009, 014), raw and imported options (013), Close/Disconnect (014).</summary>
            public bool Invocations => Sock005 || Sock009 || Sock013 || Sock014;

            /// <summary>A rule that reads property writes: LingerOption fields (010), LingerState (014).</summary>
            public bool Assignments => Sock010 || Sock014;

            /// <summary>The words a type must mention for an invocation rule to report (SocketVocabulary).</summary>
            public SocketWords InvocationWords
                => (Sock005 || Sock009 || Sock013 || Sock014 ? SocketWords.Options : SocketWords.None) | (Sock014 ? SocketWords.Close : SocketWords.None);

            /// <summary>The words a type must mention for a property-write rule to report: LingerState.</summary>
            public SocketWords AssignmentWords => Assignments ? SocketWords.Linger : SocketWords.None;
        }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is not analyzed (no Analyze flag: the driver runs no callback of ours in a generated file,
            // a [GeneratedCode] type or member, or hidden lines), and every rule of the family reports inside the
            // member whose operation it reads: the call, an argument, or the one write of a local of that body. So the
            // driver's second check, made for each diagnostic, of whether its location is generated code could only
            // repeat the first; ReportDiagnostics skips it. That check is not free: the first diagnostic in a tree
            // makes the driver find the declared symbol of every declaration in the tree and read its attributes,
            // about 0.9 ms for the one SOCK009 finding of SuperSocket.Udp (lower in 9 of 9 paired runs; measured on
            // the project's own compilation, where it is a tenth of the compile; docs/performance.md).
            // OptionsGeneratedCodeTests holds generated code to the silence of GeneratedCodeAnalysisFlags.None.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = SocketSymbols.For(start.Compilation);
                if (!symbols.HasSocketType)
                {
                    return; // no System.Net.Sockets: every rule of the family names its types.
                }

                // The compilation-wide gate before any other type is resolved (RegisterPerType asks it again, per rule).
                if (!symbols.MayMatterAnywhere(SocketWords.Options | SocketWords.Close | SocketWords.Linger, nativeCalls: _sock013, start.CancellationToken))
                {
                    return;
                }

                var types = symbols.Types!;

                bool optionEnums = types.SocketOptionLevel != null && types.SocketOptionName != null;
                var live = new Live(symbols, types)
                {
                    Sock005 = _sock005 && optionEnums,
                    Sock009 = _sock009 && optionEnums,
                    Sock010 = _sock010 && types.LingerOption != null,
                    Sock013 = _sock013 && types.SocketOptionName != null,

                    // A test project resets connections on purpose (to test how code copes with a reset).
                    Sock014 = _sock014 && types.LingerOption != null && !AbortIntent.ReferencesTestFramework(start.Compilation),
                };
                if (!live.Invocations && !live.Assignments)
                {
                    return;
                }

                if (live.Sock013)
                {
                    live.Platforms = new PlatformTypes(symbols.Lookup);
                }

                // Per type, only where an option call, LingerState, Close/Disconnect or (SOCK013) an imported
                // setsockopt/getsockopt is named; inside the type, only the operation kinds whose words it mentions.
                SocketSymbols.RegisterPerType(start, live.InvocationWords | live.AssignmentWords, nativeCalls: live.Sock013, perType =>
                {
                    var type = (INamedTypeSymbol)perType.Symbol;
                    bool both = live.Invocations && live.Assignments;
                    bool invocations = live.Invocations
                        && (!both || symbols.MayMatter(type, live.InvocationWords, live.Sock013, perType.CancellationToken));
                    bool assignments = live.Assignments
                        && (!both || symbols.MayMatter(type, live.AssignmentWords, nativeCalls: false, perType.CancellationToken));
                    if (!invocations && !assignments)
                    {
                        return;
                    }

                    // Every rule of the family reads one call or one write, with what its own body holds (a local
                    // written once, the statement's initializer): so inside a type that passes, only the bodies that
                    // name a word get operation actions; the others (most of a large class) are not walked for us.
                    perType.RegisterOperationBlockStartAction(block =>
                    {
                        if (invocations && symbols.MayMatterIn(block.OperationBlocks, live.InvocationWords, live.Sock013, block.CancellationToken))
                        {
                            block.RegisterOperationAction(c => OnInvocation(c, live), OperationKind.Invocation);
                        }

                        if (assignments && symbols.MayMatterIn(block.OperationBlocks, live.AssignmentWords, nativeCalls: false, block.CancellationToken))
                        {
                            block.RegisterOperationAction(c => OnWrite(c, live), live.Sock010 ? AnyWrite : SimpleAssignment);
                        }
                    });
                });
            });
        }

        private static void OnInvocation(OperationAnalysisContext context, Live live)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.IsStatic)
            {
                // An imported setsockopt/getsockopt under any name (SOCK013); SocketImportOf leaves every other static call
                // after a look at its modifiers or its name.
                if (live.Sock013
                    && live.Symbols.SocketImportOf(method) is { Function: "setsockopt" or "getsockopt" }
                    && OptionCall.Read(invocation, live.Symbols) is { } native)
                {
                    SOCK013_RawSocketOptionWindowsNumbers.Check(context, native, live.Types, live.Platforms!);
                }

                return;
            }

            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, live.Types.Socket))
            {
                return;
            }

            switch (live.Symbols.MemberOf(method))
            {
                case SocketMember.SetSocketOption:
                case SocketMember.GetSocketOption:
                    if (OptionCall.Read(invocation, live.Symbols) is not { } call)
                    {
                        return;
                    }

                    if (live.Sock005)
                    {
                        SOCK005_SocketOptionValueKind.Check(context, call, live.Types.SocketOptionName!);
                    }

                    if (live.Sock009)
                    {
                        SOCK009_SocketOptionLevel.Check(context, call, live.Types.SocketOptionName!);
                    }

                    if (live.Sock014)
                    {
                        SOCK014_AbortiveClose.CheckLinger(context, call, live.Types);
                    }

                    break;
                case SocketMember.SetRawSocketOption:
                case SocketMember.GetRawSocketOption:
                    if (live.Sock013 && OptionCall.Read(invocation, live.Symbols) is { } raw)
                    {
                        SOCK013_RawSocketOptionWindowsNumbers.Check(context, raw, live.Types, live.Platforms!);
                    }

                    break;
                case SocketMember.Close:
                    if (live.Sock014)
                    {
                        SOCK014_AbortiveClose.CheckClose(context, invocation, live.Symbols);
                    }

                    break;
            }
        }

        private static void OnWrite(OperationAnalysisContext context, Live live)
        {
            var target = context.Operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            if (target is not IPropertyReferenceOperation property)
            {
                return;
            }

            var owner = property.Property.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(owner, live.Types.LingerOption))
            {
                if (live.Sock010)
                {
                    SOCK010_LingerStateCopyMutation.Check(context, live.Symbols, property);
                }
            }
            else if (live.Sock014
                && live.Symbols.IsSocketType(owner)
                && context.Operation is ISimpleAssignmentOperation assignment
                && OptionCall.Read(assignment, live.Symbols) is { Option: KnownOption.Linger } call)
            {
                SOCK014_AbortiveClose.CheckLinger(context, call, live.Types);
            }
        }
    }

    /// <summary>The shipped analyzer of the options family: every rule of it, each option call read once.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OptionsAnalyzer : OptionsFamily
    {
        public OptionsAnalyzer()
            : base(
                Descriptors.SOCK005_OptionNeedsObject,
                Descriptors.SOCK009_OptionAtWrongLevel,
                Descriptors.SOCK010_LingerStateCopyMutated,
                Descriptors.SOCK013_RawOptionWithWindowsNumbers,
                Descriptors.SOCK014_AbortiveClose)
        {
        }
    }
}
