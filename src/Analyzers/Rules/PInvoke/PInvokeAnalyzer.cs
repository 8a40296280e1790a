using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The P/Invoke family: SOCK002, SOCK011 and SOCK012 check hand-written socket imports and the calls made through
    /// them. Imports are read by <see cref="SocketSymbols.ImportOf"/> (one <see cref="NativeImport"/> per method and
    /// compilation), setsockopt/getsockopt calls by <see cref="OptionCall.Read"/>. Each rule is a small check in its own
    /// file (<c>SOCKnnn_*.cs</c> beside this one).
    /// <list type="bullet">
    /// <item>Declarations: one symbol action on methods (SOCK002 by-value option parameter, SOCK012 missing SetLastError).</item>
    /// <item>Calls: one invocation action per type that names an import, a call of one or an error read
    /// (<see cref="SocketSymbols.RegisterPerType"/>): SOCK002 number passed as an address, SOCK011 optlen, SOCK012
    /// error read after an import that does not save the error.</item>
    /// </list>
    /// Nothing needs a whole type, so there is no symbol-end action.
    /// </summary>
    public abstract class PInvokeFamily : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property shared by SOCK002 and SOCK012: what was found (declaration, call, read).</summary>
        internal const string KindProperty = "Kind";

        private readonly bool _sock002;
        private readonly bool _sock011;
        private readonly bool _sock012;

        private protected PInvokeFamily(params DiagnosticDescriptor[] reported)
        {
            SupportedDiagnostics = ImmutableArray.Create(reported);
            _sock002 = reported.Contains(Descriptors.SOCK002_SetsockoptValueForReference);
            _sock011 = reported.Contains(Descriptors.SOCK011_OptlenMismatch);
            _sock012 = reported.Contains(Descriptors.SOCK012_SocketPInvokeWithoutSetLastError);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

            // Raw P/Invoke code needs nothing from System.Net.Sockets: a compilation that sees it, or declares a member
            // named like a socket function, is enough.
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = SocketSymbols.For(start.Compilation);
                if (!symbols.MayUseNativeSockets)
                {
                    return;
                }

                // Declarations: only where some tree declares an import that may call a socket function.
                if ((_sock002 || _sock012) && symbols.MayMatterAnywhere(SocketWords.None, nativeCalls: true, start.CancellationToken))
                {
                    start.RegisterSymbolAction(c => AnalyzeDeclarations(c, symbols), SymbolKind.NamedType);
                }

                // Per type, only where an import is declared, an import is called by name or the error is read.
                SocketSymbols.RegisterPerType(start, SocketWords.Import | SocketWords.LastError, nativeCalls: true, perType =>
                {
                    perType.RegisterOperationAction(c => AnalyzeCall(c, symbols), OperationKind.Invocation);
                    if (_sock002 || _sock012)
                    {
                        // An extern local function is an import too, and no symbol action sees it.
                        perType.RegisterOperationAction(c => AnalyzeLocalFunction(c, symbols), OperationKind.LocalFunction);
                    }
                });
            });
        }

        private void AnalyzeDeclarations(SymbolAnalysisContext context, SocketSymbols symbols)
        {
            // One callback per type rather than per method: only a type whose declarations hold an import word (extern,
            // DllImport, LibraryImport) can declare an import, and most types of a compilation with imports do not.
            var type = (INamedTypeSymbol)context.Symbol;
            if (!symbols.MayMatter(type, SocketWords.Import, nativeCalls: false, context.CancellationToken))
            {
                return;
            }

            foreach (var member in type.GetMembers())
            {
                // Only extern methods and partial definitions can be imports (cheap flags first); the implementation part
                // of a LibraryImport method is analyzed through its definition.
                if (member is not IMethodSymbol { IsStatic: true } method
                    || !(method.IsExtern || method.IsPartialDefinition)
                    || symbols.SocketImportOf(method) is not { Attribute: not null } import)
                {
                    continue;
                }

                CheckDeclaration(context.ReportDiagnostic, method, import, context.CancellationToken);
            }
        }

        private void AnalyzeLocalFunction(OperationAnalysisContext context, SocketSymbols symbols)
        {
            // Cheap first: only a static extern local function can be an import.
            if (((ILocalFunctionOperation)context.Operation).Symbol is not { IsStatic: true, IsExtern: true } method
                || symbols.ImportOf(method) is not { Attribute: not null, IsSocketFunction: true } import)
            {
                return;
            }

            CheckDeclaration(context.ReportDiagnostic, method, import, context.CancellationToken);
        }

        private void CheckDeclaration(System.Action<Diagnostic> report, IMethodSymbol method, NativeImport import, System.Threading.CancellationToken cancellationToken)
        {
            if (_sock012)
            {
                SOCK012_SocketPInvokeWithoutSetLastError.CheckDeclaration(report, method, import, cancellationToken);
            }

            if (_sock002)
            {
                SOCK002_SetsockoptValueForReference.CheckDeclaration(report, method, import, cancellationToken);
            }
        }

        private void AnalyzeCall(OperationAnalysisContext context, SocketSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!method.IsStatic)
            {
                return;
            }

            if (method.Parameters.IsEmpty)
            {
                if (_sock012 && SOCK012_SocketPInvokeWithoutSetLastError.IsErrorRead(method))
                {
                    SOCK012_SocketPInvokeWithoutSetLastError.CheckRead(context, invocation, symbols);
                }

                return;
            }

            // SocketImportOf leaves at once for a method that is neither extern nor partial, or that this compilation
            // declares under a name no socket import has; OptionCall reads the rest.
            if (!(_sock002 || _sock011) || method.Parameters.Length != 5 || symbols.SocketImportOf(method) is null
                || OptionCall.Read(invocation, symbols) is not { Form: OptionForm.Native, Value: { } } call)
            {
                return;
            }

            if (_sock002)
            {
                SOCK002_SetsockoptValueForReference.CheckCall(context, call);
            }

            if (_sock011)
            {
                SOCK011_OptionLengthMismatch.Check(context, call);
            }
        }
    }

    /// <summary>The shipped analyzer of the P/Invoke family: SOCK002, SOCK011 and SOCK012.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PInvokeAnalyzer : PInvokeFamily
    {
        public PInvokeAnalyzer()
            : base(
                Descriptors.SOCK002_SetsockoptValueForReference,
                Descriptors.SOCK011_OptlenMismatch,
                Descriptors.SOCK012_SocketPInvokeWithoutSetLastError)
        {
        }
    }
}
