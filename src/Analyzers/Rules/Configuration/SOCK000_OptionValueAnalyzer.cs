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
            // RS1013 suggests a compilation action instead of a start with only an end. The start is the gate: where the
            // socket types do not resolve, nothing at all is registered (RegistrationTests), which a compilation action
            // registered in Initialize could not do.
#pragma warning disable RS1013
            context.RegisterCompilationStartAction(start =>
#pragma warning restore RS1013
            {
                // The only option belongs to SOCK003, which runs only where the socket types are referenced; elsewhere
                // the value cannot matter, and this analyzer registers nothing (as every SocketAnalyzers analyzer).
                if (!SocketSymbols.For(start.Compilation).HasSocketType)
                {
                    return;
                }

                // Read once, at the end: the global options and each tree's (a loop of look-ups, not one callback per tree).
                start.RegisterCompilationEndAction(end =>
                {
                    var invalid = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                    var provider = end.Options.AnalyzerConfigOptionsProvider;
                    Check(provider.GlobalOptions, invalid);
                    foreach (var tree in end.Compilation.SyntaxTrees)
                    {
                        end.CancellationToken.ThrowIfCancellationRequested();
                        Check(provider.GetOptions(tree), invalid);
                    }

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
