#pragma warning disable RS1001 // Not loaded by hosts on purpose: the shipped analyzer is ReusePolicyAnalyzer.

namespace SocketAnalyzers
{
    // One-rule views of the reuse-policy family, for tests and tools that run a single id (the rule tests' VerifyCS
    // aliases name them). They carry no [DiagnosticAnalyzer] attribute, so compilers and IDEs never load them: the
    // package ships ReusePolicyAnalyzer alone, and each type is indexed once.

    /// <summary>SOCK001 alone. See <see cref="SOCK001_ListenerWithoutReuse"/>.</summary>
    public sealed class ListenerWithoutAddressReuseAnalyzer : ReusePolicyFamily
    {
        internal const string KindProperty = SOCK001_ListenerWithoutReuse.KindProperty;
        internal const string ManagedKind = SOCK001_ListenerWithoutReuse.ManagedKind;
        internal const string RawKind = SOCK001_ListenerWithoutReuse.RawKind;

        public ListenerWithoutAddressReuseAnalyzer()
            : base(Descriptors.SOCK001_ListenerWithoutAddressReuse)
        {
        }
    }

    /// <summary>SOCK004 alone. See <see cref="SOCK004_ClientFixedPortWithReuse"/>.</summary>
    public sealed class ClientFixedPortWithReuseAnalyzer : ReusePolicyFamily
    {
        internal const string RemovableProperty = SOCK004_ClientFixedPortWithReuse.RemovableProperty;
        internal const string PortZeroProperty = SOCK004_ClientFixedPortWithReuse.PortZeroProperty;

        public ClientFixedPortWithReuseAnalyzer()
            : base(Descriptors.SOCK004_ClientFixedPortWithReuse)
        {
        }
    }

    /// <summary>SOCK006 alone. See <see cref="SOCK006_ReuseOptionAfterBind"/>.</summary>
    public sealed class ReuseOptionAfterBindAnalyzer : ReusePolicyFamily
    {
        public ReuseOptionAfterBindAnalyzer()
            : base(Descriptors.SOCK006_ReuseOptionAfterBind)
        {
        }
    }

    /// <summary>SOCK007 alone. See <see cref="SOCK007_ListenerShareablePort"/>.</summary>
    public sealed class ListenerShareablePortAnalyzer : ReusePolicyFamily
    {
        internal const string RemovableProperty = SOCK007_ListenerShareablePort.RemovableProperty;

        public ListenerShareablePortAnalyzer()
            : base(Descriptors.SOCK007_ListenerShareablePort)
        {
        }
    }

    /// <summary>SOCK008 alone. See <see cref="SOCK008_ContradictoryReusePolicy"/>.</summary>
    public sealed class ContradictoryReusePolicyAnalyzer : ReusePolicyFamily
    {
        public ContradictoryReusePolicyAnalyzer()
            : base(Descriptors.SOCK008_ContradictoryReusePolicy)
        {
        }
    }
}
