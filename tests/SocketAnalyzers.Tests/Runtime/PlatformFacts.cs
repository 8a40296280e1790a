using System;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>A fact that runs only on Linux (the measured socket behaviour is Linux's); elsewhere it is skipped with the reason.</summary>
    public sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Linux-only: the premise is Linux socket behaviour (docs/facts.md).";
            }
        }
    }

    /// <summary>A theory that runs only on Linux.</summary>
    public sealed class LinuxTheoryAttribute : TheoryAttribute
    {
        public LinuxTheoryAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Linux-only: the premise is Linux socket behaviour (docs/facts.md).";
            }
        }
    }
}
