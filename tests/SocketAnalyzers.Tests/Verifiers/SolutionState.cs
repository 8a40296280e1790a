using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>Source files named like the testing library does: /0/Test0.cs, /0/Test1.cs, ...</summary>
    public sealed class SourceFileList : List<(string Path, string Content)>
    {
        public void Add(string content) => Add(("/0/Test" + Count + ".cs", content));
    }

    /// <summary>Which compiler diagnostics take part in the comparison, as in the testing library.</summary>
    public enum CompilerDiagnostics
    {
        None,
        Errors,
        Warnings,
    }

    /// <summary>The sources of one state of the test (before or after a fix) and the diagnostics expected in it.</summary>
    public sealed class SolutionState
    {
        public SourceFileList Sources { get; } = new();

        /// <summary>.editorconfig files, e.g. ("/.editorconfig", "root = true\n[*.cs]\n...").</summary>
        public List<(string Path, string Content)> AnalyzerConfigFiles { get; } = new();

        public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();

        public List<MetadataReference> AdditionalReferences { get; } = new();

        public OutputKind? OutputKind { get; set; }

        /// <summary>When true, the markup in <see cref="Sources"/> is not turned into expected diagnostics.</summary>
        public bool MarkupHandling_None { get; set; }
    }
}
