using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// Every analyzer and code fix the shipped assemblies give a host, found by reflection as a compiler or IDE finds
    /// them: each non-abstract <see cref="DiagnosticAnalyzer"/> carrying <see cref="DiagnosticAnalyzerAttribute"/> /
    /// <see cref="CodeFixProvider"/> carrying <see cref="ExportCodeFixProviderAttribute"/>, with a public parameterless
    /// constructor. (The reuse family's one-rule views have no attribute: hosts never load them, and neither does this
    /// catalogue.) A rule added later is covered by the fuzz, precision, concurrency, cancellation and generated-code
    /// tests with no edit.
    /// </summary>
    public static class AnalyzerCatalog
    {
        private static readonly Lazy<ImmutableArray<Type>> s_analyzerTypes =
            new(() => Discover(typeof(ListenerWithoutAddressReuseAnalyzer).Assembly, typeof(DiagnosticAnalyzer)));

        private static readonly Lazy<ImmutableArray<Type>> s_fixerTypes =
            new(() => Discover(typeof(CodeFixes.ListenerWithoutAddressReuseCodeFixProvider).Assembly, typeof(CodeFixProvider)));

        public static ImmutableArray<Type> AnalyzerTypes => s_analyzerTypes.Value;

        public static ImmutableArray<Type> CodeFixProviderTypes => s_fixerTypes.Value;

        /// <summary>New instances of every analyzer (analyzers are stateless, but fresh instances keep runs independent).</summary>
        public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers()
            => AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

        public static ImmutableArray<CodeFixProvider> CreateCodeFixProviders()
            => CodeFixProviderTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();

        /// <summary>The ids of every rule the analyzers support.</summary>
        public static ImmutableHashSet<string> SupportedIds { get; } = CreateAnalyzersSupportedIds();

        private static ImmutableHashSet<string> CreateAnalyzersSupportedIds()
            => Discover(typeof(ListenerWithoutAddressReuseAnalyzer).Assembly, typeof(DiagnosticAnalyzer))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .SelectMany(a => a.SupportedDiagnostics)
                .Select(d => d.Id)
                .ToImmutableHashSet(StringComparer.Ordinal);

        private static ImmutableArray<Type> Discover(Assembly assembly, Type baseType)
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t != null).ToArray()!;
            }

            return types
                .Where(t => t.IsClass && !t.IsAbstract && baseType.IsAssignableFrom(t)
                    && (t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false)
                        || t.IsDefined(typeof(ExportCodeFixProviderAttribute), inherit: false))
                    && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, binder: null, Type.EmptyTypes, modifiers: null) != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToImmutableArray();
        }
    }
}
