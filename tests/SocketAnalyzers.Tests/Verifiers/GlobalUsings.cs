// The testing library's types that rule tests name directly. Aliases rather than a namespace import, so that
// SocketAnalyzers.Tests.Verifiers.AnalyzerTest<TAnalyzer> does not clash with the library's AnalyzerTest<TVerifier>.
global using CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors;
global using CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics;
global using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;
global using MarkupMode = Microsoft.CodeAnalysis.Testing.MarkupMode;
global using TestBehaviors = Microsoft.CodeAnalysis.Testing.TestBehaviors;
