using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK012: an imported socket function without <c>SetLastError = true</c> (fact 18), at the import; and with
    /// certainty at <c>Marshal.GetLastPInvokeError()</c> / <c>GetLastWin32Error()</c> read after a call to a socket
    /// import that does not save the error (none, or an explicit <c>SetLastError = false</c>).
    /// </summary>
    internal static class SOCK012_SocketPInvokeWithoutSetLastError
    {
        internal const string ReadKind = "Read";

        /// <summary>The import of a socket function (<paramref name="import"/> has an attribute, and is one).</summary>
        internal static void CheckDeclaration(System.Action<Diagnostic> report, IMethodSymbol method, NativeImport import, System.Threading.CancellationToken cancellationToken)
        {
            // An explicit SetLastError = false is a decision: silent here; a read of the error after a call to it is
            // reported at the read (CheckRead), with certainty.
            if (import.SetsLastError || import.SaysSetLastErrorFalse
                || import.Attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not { } attributeSyntax)
            {
                return;
            }

            report(Diagnostic.Create(
                Descriptors.SOCK012_SocketPInvokeWithoutSetLastError,
                attributeSyntax.GetLocation(),
                method.Name,
                import.Function,
                import.AttributeKind));
        }

        /// <summary><c>Marshal.GetLastPInvokeError()</c> or <c>Marshal.GetLastWin32Error()</c> (a static method without parameters).</summary>
        internal static bool IsErrorRead(IMethodSymbol method)
            => method.Name is "GetLastPInvokeError" or "GetLastWin32Error"
               && FrameworkTypes.Is(method.ContainingType, FrameworkTypes.InteropServices, "Marshal");

        /// <summary>
        /// The read, when the nearest P/Invoke call before it in the same body is a socket import that does not capture
        /// the error: the read then returns the error of some earlier call that did capture one, or 0.
        /// <c>Marshal.GetLastSystemError()</c> is not flagged: it reads the live errno, which is what code that
        /// deliberately leaves SetLastError off is meant to use.
        /// </summary>
        internal static void CheckRead(OperationAnalysisContext context, IInvocationOperation read, SocketSymbols symbols)
        {
            if (NearestImportCallBefore(read, symbols) is not { } nearest
                || symbols.ImportOf(nearest.TargetMethod) is not { Attribute: { } attribute } import
                || import.SetsLastError || !import.IsSocketFunction)
            {
                return;
            }

            var method = nearest.TargetMethod.PartialDefinitionPart ?? nearest.TargetMethod;
            var additional = attribute.ApplicationSyntaxReference is { } reference
                ? new[] { Location.Create(reference.SyntaxTree, reference.Span) }
                : System.Array.Empty<Location>();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK012_SocketPInvokeWithoutSetLastError,
                read.Syntax.GetLocation(),
                additional,
                ImmutableDictionary<string, string?>.Empty.Add(PInvokeFamily.KindProperty, ReadKind),
                method.Name,
                import.Function,
                import.AttributeKind));
        }

        // ---------------------------------------------------------------- the import calls of one body

        /// <summary>The calls of imports (with an import attribute) in each body, in source order: one walk per body.</summary>
        private static readonly ConditionalWeakTable<IOperation, IInvocationOperation[]> s_importCalls = new();

        private static IInvocationOperation? NearestImportCallBefore(IOperation read, SocketSymbols symbols)
        {
            var calls = s_importCalls.GetValue(read.Root(), root => ImportCalls(root, symbols));
            int position = read.Syntax.SpanStart;
            IInvocationOperation? nearest = null;
            foreach (var call in calls)
            {
                if (call.Syntax.SpanStart >= position)
                {
                    break;
                }

                if (nearest is null || call.Syntax.SpanStart > nearest.Syntax.SpanStart)
                {
                    nearest = call;
                }
            }

            return nearest;
        }

        private static IInvocationOperation[] ImportCalls(IOperation root, SocketSymbols symbols)
        {
            var calls = new System.Collections.Generic.List<IInvocationOperation>();
            foreach (var operation in root.Descendants())
            {
                if (operation is IInvocationOperation { TargetMethod: { IsStatic: true } target } call
                    && symbols.ImportOf(target) is { Attribute: not null })
                {
                    calls.Add(call);
                }
            }

            // Descendants come in tree order; sorted by position (stable: the first of equal starts stays first).
            return calls.OrderBy(c => c.Syntax.SpanStart).ToArray();
        }
    }
}
