using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK000: a SocketAnalyzers option in .editorconfig or a global config has a value the analyzers do not
    /// understand. The analyzers fall back to the default; this tells the user once per compilation and value
    /// instead of ignoring the setting silently. Only <c>socket_analyzers.SOCK003.scope</c> exists today.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OptionValueAnalyzer : DiagnosticAnalyzer
    {
        // The descriptor lives here rather than in Descriptors.cs: it is about configuration, not socket code.
        internal static readonly DiagnosticDescriptor SOCK000_InvalidOptionValue = new DiagnosticDescriptor(
            "SOCK000",
            "Invalid SocketAnalyzers option value",
            "'{0}' is not a valid value of {1} (valid: {2}); the default, {3}, applies",
            "Configuration",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A socket_analyzers.* option in .editorconfig or a global analyzer config has a value the " +
                "analyzers do not recognise. The option keeps its default, so the setting has no effect until it is corrected.",
            helpLinkUri: Descriptors.HelpLink("SOCK000"),
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(SOCK000_InvalidOptionValue);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // The only option belongs to SOCK003, which runs only where the socket types are referenced; elsewhere
                // the value cannot matter, and this analyzer registers nothing (as every SocketAnalyzers analyzer).
                if (SocketTypes.TryCreate(start.Compilation) is null)
                {
                    return;
                }

                var invalid = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                Check(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions, invalid);
                start.RegisterSyntaxTreeAction(tree => Check(tree.Options.AnalyzerConfigOptionsProvider.GetOptions(tree.Tree), invalid));
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (string value in invalid.Keys.OrderBy(v => v, StringComparer.Ordinal))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(
                            SOCK000_InvalidOptionValue, Location.None,
                            value, ServerClosesFirstAnalyzer.ScopeOption, ServerClosesFirstAnalyzer.ScopeValues, "accept_loop"));
                    }
                });
            });
        }

        private static void Check(AnalyzerConfigOptions options, ConcurrentDictionary<string, byte> invalid)
        {
            if (options.TryGetValue(ServerClosesFirstAnalyzer.ScopeOption, out var value)
                && !ServerClosesFirstAnalyzer.TryParseScope(value, out _))
            {
                invalid.TryAdd(value ?? string.Empty, 0);
            }
        }
    }
}
