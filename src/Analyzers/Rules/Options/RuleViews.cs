using System.Collections.Immutable;

#pragma warning disable RS1001 // Not loaded by hosts on purpose: the shipped analyzer is OptionsAnalyzer.

namespace SocketAnalyzers
{
    // One-rule views of the options family, for tests and tools that run a single id (the rule tests' VerifyCS aliases
    // name them) and for the code fixes, which read the diagnostic property names here. They carry no
    // [DiagnosticAnalyzer] attribute, so compilers and IDEs never load them: the package ships OptionsAnalyzer alone.

    /// <summary>SOCK005 alone. See <see cref="SOCK005_SocketOptionValueKind"/>.</summary>
    public sealed class SocketOptionValueKindAnalyzer : OptionsFamily
    {
        internal const string FixProperty = SOCK005_SocketOptionValueKind.FixProperty;
        internal const string LingerFix = SOCK005_SocketOptionValueKind.LingerFix;
        internal const string TypedFix = SOCK005_SocketOptionValueKind.TypedFix;
        internal const string EnabledProperty = SOCK005_SocketOptionValueKind.EnabledProperty;
        internal const string CastProperty = SOCK005_SocketOptionValueKind.CastProperty;

        public SocketOptionValueKindAnalyzer()
            : base(Descriptors.SOCK005_OptionNeedsObject)
        {
        }
    }

    /// <summary>SOCK009 alone. See <see cref="SOCK009_SocketOptionLevel"/>.</summary>
    public sealed class SocketOptionLevelAnalyzer : OptionsFamily
    {
        internal const string OwnersProperty = SOCK009_SocketOptionLevel.OwnersProperty;

        /// <summary>Per member, the levels .NET's Unix layer maps (the runtime tests read it here).</summary>
        internal static ImmutableDictionary<string, OptionLevels> LinuxMapped => SocketNumbers.LinuxMapped;

        public SocketOptionLevelAnalyzer()
            : base(Descriptors.SOCK009_OptionAtWrongLevel)
        {
        }
    }

    /// <summary>SOCK010 alone. See <see cref="SOCK010_LingerStateCopyMutation"/>.</summary>
    public sealed class LingerStateCopyMutationAnalyzer : OptionsFamily
    {
        internal const string FieldProperty = SOCK010_LingerStateCopyMutation.FieldProperty;
        internal const string FixableProperty = SOCK010_LingerStateCopyMutation.FixableProperty;

        public LingerStateCopyMutationAnalyzer()
            : base(Descriptors.SOCK010_LingerStateCopyMutated)
        {
        }
    }

    /// <summary>SOCK013 alone. See <see cref="SOCK013_RawSocketOptionWindowsNumbers"/>.</summary>
    public sealed class RawSocketOptionWindowsNumbersAnalyzer : OptionsFamily
    {
        public RawSocketOptionWindowsNumbersAnalyzer()
            : base(Descriptors.SOCK013_RawOptionWithWindowsNumbers)
        {
        }
    }

    /// <summary>SOCK014 alone. See <see cref="SOCK014_AbortiveClose"/>.</summary>
    public sealed class AbortiveCloseAnalyzer : OptionsFamily
    {
        internal const string KindProperty = SOCK014_AbortiveClose.KindProperty;
        internal const string LingerKind = SOCK014_AbortiveClose.LingerKind;
        internal const string DisconnectKind = SOCK014_AbortiveClose.DisconnectKind;
        internal const string CloseZeroKind = SOCK014_AbortiveClose.CloseZeroKind;

        public AbortiveCloseAnalyzer()
            : base(Descriptors.SOCK014_AbortiveClose)
        {
        }
    }
}
