using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Tests.Verifiers
{
    /// <summary>An expected diagnostic, built like Microsoft.CodeAnalysis.Testing's DiagnosticResult.</summary>
    public readonly struct DiagnosticResult
    {
        private DiagnosticResult(
            string? id, DiagnosticSeverity? severity, string? path, FileLinePositionSpan? lineSpan, TextSpan? span,
            int? locationKey, string? message, ImmutableArray<object?> arguments)
        {
            Id = id;
            Severity = severity;
            Path = path;
            LineSpan = lineSpan;
            Span = span;
            LocationKey = locationKey;
            Message = message;
            Arguments = arguments;
        }

        public string? Id { get; }
        public DiagnosticSeverity? Severity { get; }
        public string? Path { get; }
        public FileLinePositionSpan? LineSpan { get; }
        public TextSpan? Span { get; }
        public int? LocationKey { get; }
        public string? Message { get; }
        public ImmutableArray<object?> Arguments { get; }

        public bool HasLocation => LineSpan.HasValue || Span.HasValue || LocationKey.HasValue;

        public static DiagnosticResult Create(string id) => new(id, null, null, null, null, null, null, default);

        public static DiagnosticResult CompilerError(string id) => Create(id).WithSeverity(DiagnosticSeverity.Error);

        internal static DiagnosticResult FromMarkup(string? id, string path, TextSpan span)
            => new(id, null, path, null, span, null, null, default);

        public DiagnosticResult WithSeverity(DiagnosticSeverity severity)
            => new(Id, severity, Path, LineSpan, Span, LocationKey, Message, Arguments);

        /// <summary>A span given as 1-based line and column numbers, like the testing library.</summary>
        public DiagnosticResult WithSpan(int startLine, int startColumn, int endLine, int endColumn)
            => WithSpan(string.Empty, startLine, startColumn, endLine, endColumn);

        public DiagnosticResult WithSpan(string path, int startLine, int startColumn, int endLine, int endColumn)
            => new(Id, Severity, path, new FileLinePositionSpan(path,
                new LinePosition(startLine - 1, startColumn - 1), new LinePosition(endLine - 1, endColumn - 1)),
                null, null, Message, Arguments);

        /// <summary>The span marked <c>{|#key:...|}</c> in the sources.</summary>
        public DiagnosticResult WithLocation(int key)
            => new(Id, Severity, Path, null, null, key, Message, Arguments);

        public DiagnosticResult WithMessage(string message)
            => new(Id, Severity, Path, LineSpan, Span, LocationKey, message, Arguments);

        public DiagnosticResult WithArguments(params object?[] arguments)
            => new(Id, Severity, Path, LineSpan, Span, LocationKey, Message, arguments.ToImmutableArray());

        internal DiagnosticResult WithResolvedSpan(string path, TextSpan span)
            => new(Id, Severity, path, null, span, null, Message, Arguments);

        public override string ToString()
        {
            var b = new StringBuilder();
            b.Append(Id ?? "(any)");
            if (Span is { } s)
            {
                b.Append(CultureInfo.InvariantCulture, $" at {Path}[{s.Start}..{s.End})");
            }
            else if (LineSpan is { } l)
            {
                b.Append(CultureInfo.InvariantCulture, $" at {l.Path}({l.StartLinePosition.Line + 1},{l.StartLinePosition.Character + 1})-({l.EndLinePosition.Line + 1},{l.EndLinePosition.Character + 1})");
            }
            else if (LocationKey is { } k)
            {
                b.Append(CultureInfo.InvariantCulture, $" at location #{k}");
            }

            if (Message != null)
            {
                b.Append(": ").Append(Message);
            }

            return b.ToString();
        }
    }

    /// <summary>Thrown when a verification fails; its message says what was expected and what was found.</summary>
    public sealed class VerificationException : Exception
    {
        public VerificationException(string message) : base(message) { }
    }
}
