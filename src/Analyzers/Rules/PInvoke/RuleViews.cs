#pragma warning disable RS1001 // Not loaded by hosts on purpose: the shipped analyzer is PInvokeAnalyzer.

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    // Views of the P/Invoke family under the names the rule tests and the fixes use. They carry no
    // [DiagnosticAnalyzer] attribute, so compilers and IDEs never load them: the package ships PInvokeAnalyzer alone.

    /// <summary>
    /// SOCK002 and SOCK012 (the import declarations and the calls through them). See
    /// <see cref="SOCK002_SetsockoptValueForReference"/> and <see cref="SOCK012_SocketPInvokeWithoutSetLastError"/>.
    /// </summary>
    public sealed class SocketPInvokeDeclarationAnalyzer : PInvokeFamily
    {
        internal const string DeclarationKind = SOCK002_SetsockoptValueForReference.DeclarationKind;
        internal const string CallKind = SOCK002_SetsockoptValueForReference.CallKind;
        internal const string FixableProperty = SOCK002_SetsockoptValueForReference.FixableProperty;
        internal const string IsGetProperty = SOCK002_SetsockoptValueForReference.IsGetProperty;
        internal const string ReadKind = SOCK012_SocketPInvokeWithoutSetLastError.ReadKind;

        public SocketPInvokeDeclarationAnalyzer()
            : base(Descriptors.SOCK002_SetsockoptValueForReference, Descriptors.SOCK012_SocketPInvokeWithoutSetLastError)
        {
        }

        /// <inheritdoc cref="SOCK002_SetsockoptValueForReference.NumberMadeAddress"/>
        internal static IOperation? NumberMadeAddress(IOperation value) => SOCK002_SetsockoptValueForReference.NumberMadeAddress(value);

        /// <inheritdoc cref="SOCK002_SetsockoptValueForReference.IsAddressable"/>
        internal static bool IsAddressable(IOperation operand) => SOCK002_SetsockoptValueForReference.IsAddressable(operand);
    }

    /// <summary>SOCK011 alone. See <see cref="SOCK011_OptionLengthMismatch"/>.</summary>
    public sealed class OptionLengthMismatchAnalyzer : PInvokeFamily
    {
        internal const string ReplacementProperty = SOCK011_OptionLengthMismatch.ReplacementProperty;
        internal const string MarshalSizeOfValue = SOCK011_OptionLengthMismatch.MarshalSizeOfValue;

        public OptionLengthMismatchAnalyzer()
            : base(Descriptors.SOCK011_OptlenMismatch)
        {
        }

        /// <inheritdoc cref="SOCK011_OptionLengthMismatch.PointedType"/>
        internal static ITypeSymbol? PointedType(IArgumentOperation argument) => SOCK011_OptionLengthMismatch.PointedType(argument);
    }
}
