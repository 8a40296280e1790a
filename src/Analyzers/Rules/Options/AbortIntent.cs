using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// Evidence that an abortive close (SOCK014) is the purpose of the code rather than an accident:
    /// <list type="bullet">
    /// <item>the member that contains it, or a type around it, is named for aborting a connection: a word Abort,
    /// Abortive, Reset, Kill, Terminate, or fault injection (Fault, Chaos, Inject) in the identifier, e.g.
    /// <c>Connection.Abort()</c>, <c>ResetConnection</c>, <c>KillSession</c>, <c>FaultInjector</c>;</item>
    /// <item>test code: a test attribute (Fact, Theory, Test, TestCase, TestMethod, TestFixture, TestClass, ...) on the
    /// member or a containing type, a containing type named ...Test or ...Tests, or a compilation that references a test
    /// framework (xunit, NUnit, MSTest);</item>
    /// <item>(for Disconnect) a socket created in the same body and never connected, accepted or written to.</item>
    /// <item>a type that builds a loopback socket pair (connects to a listener's own LocalEndPoint and accepts the other
    /// end from it): both ends are its own and are closed together.</item>
    /// </list>
    /// The evidence is names and references, not behaviour: a method named <c>Abort</c> that aborts by accident is
    /// missed on purpose.
    /// </summary>
    internal static class AbortIntent
    {
        private static readonly string[] AbortWords = { "Abort", "Abortive", "Reset", "Kill", "Terminate", "Fault", "Chaos", "Inject" };

        private static readonly string[] TestAttributes =
        {
            "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod", "TestFixture", "TestClass",
            "SkippableFact", "SkippableTheory", "ConditionalFact", "ConditionalTheory", "OuterLoop",
        };

        internal static bool ReferencesTestFramework(Compilation compilation)
        {
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                string name = assembly.Name;
                if (name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("nunit.framework", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("Microsoft.VisualStudio.TestPlatform.TestFramework", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("MSTest.TestFramework", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The containing member (through lambdas and local functions) or a type around it says the abort is meant.</summary>
        internal static bool IsDeliberate(ISymbol? symbol)
        {
            if (OwnsBothEnds(symbol))
            {
                return true;
            }

            for (var current = symbol; current != null && current is not INamespaceSymbol; current = current.ContainingSymbol)
            {
                if (NamesAbort(current.Name) || HasTestAttribute(current))
                {
                    return true;
                }

                if (current is INamedTypeSymbol type
                    && (type.Name.EndsWith("Test", StringComparison.Ordinal) || type.Name.EndsWith("Tests", StringComparison.Ordinal)))
                {
                    return true;
                }

                // Property accessors and event accessors are named get_X/set_X: their property's name is checked too.
                if (current is IMethodSymbol { AssociatedSymbol: { } associated } && NamesAbort(associated.Name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when one of the words starts a word of the identifier (PascalCase, camelCase or snake_case):
        /// <c>Abort</c>, <c>AbortConnection</c>, <c>OnReset</c>, <c>kill_peer</c>; not <c>Resetting</c>... in the middle of a word.
        /// </summary>
        internal static bool NamesAbort(string name)
        {
            foreach (string word in AbortWords)
            {
                for (int index = name.IndexOf(word, StringComparison.OrdinalIgnoreCase); index >= 0;
                    index = name.IndexOf(word, index + 1, StringComparison.OrdinalIgnoreCase))
                {
                    bool startsWord = index == 0 || name[index - 1] == '_' || char.IsUpper(name[index]);
                    int end = index + word.Length;
                    bool endsWord = end == name.Length || !char.IsLower(name[end]) || name[end] == 'e' /* Aborted, Reseted */ || name[end] == 'i' /* Aborting */ || name[end] == 's' /* Kills */;
                    if (startsWord && endsWord)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasTestAttribute(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                string? name = attribute.AttributeClass?.Name;
                if (name is null)
                {
                    continue;
                }

                if (name.EndsWith("Attribute", StringComparison.Ordinal))
                {
                    name = name.Substring(0, name.Length - "Attribute".Length);
                }

                if (Array.IndexOf(TestAttributes, name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, object> s_pairTypes = new();
        private static readonly object s_yes = new();
        private static readonly object s_no = new();

        /// <summary>
        /// The containing type builds a loopback socket pair: it connects a socket to a listener's own
        /// <c>LocalEndPoint</c> and accepts the other end from that listener (a wake-up signal pair). Both ends belong
        /// to the same object and are closed together, so resetting one of them loses nothing anyone waits for.
        /// Read from syntax, once per type declaration.
        /// </summary>
        internal static bool OwnsBothEnds(ISymbol? symbol)
        {
            var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
            if (type is null)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                if (s_pairTypes.GetValue(node, BuildsPair) == s_yes)
                {
                    return true;
                }
            }

            return false;
        }

        private static object BuildsPair(SyntaxNode type)
        {
            var connectedTo = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            var acceptedFrom = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (var node in type.DescendantNodes())
            {
                if (node is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    {
                        Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access,
                    } invocation)
                {
                    continue;
                }

                string method = access.Name.Identifier.ValueText;
                if (method.StartsWith("Accept", StringComparison.Ordinal))
                {
                    acceptedFrom.Add(access.Expression.ToString());
                }
                else if (method.StartsWith("Connect", StringComparison.Ordinal) && invocation.ArgumentList.Arguments.Count > 0
                    && invocation.ArgumentList.Arguments[0].Expression.ToString() is var target)
                {
                    int dot = target.IndexOf(".LocalEndPoint", StringComparison.Ordinal);
                    if (dot > 0)
                    {
                        connectedTo.Add(target.Substring(0, dot));
                    }
                }
            }

            connectedTo.IntersectWith(acceptedFrom);
            return connectedTo.Count > 0 ? s_yes : s_no;
        }

        /// <summary>
        /// <c>s.Disconnect(true)</c> where <c>s</c> is a local created with <c>new Socket(...)</c> in the same body and
        /// nothing in the body connects, accepts into, sends on or hands it elsewhere before the call: no connection
        /// exists, so no data can be lost.
        /// </summary>
        internal static bool NeverConnected(IInvocationOperation disconnect, SocketSymbols symbols)
        {
            if (disconnect.Instance?.WalkDownConversions() is not ILocalReferenceOperation receiver)
            {
                return false;
            }

            var local = receiver.Local;
            bool created = false;
            int position = disconnect.Syntax.SpanStart;
            foreach (var operation in disconnect.Root().Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer?.Value.WalkDownConversions() is IObjectCreationOperation creation
                            && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.Types?.Socket))
                        {
                            created = true;
                        }
                        else
                        {
                            return false;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local)
                        && reference != receiver:
                        if (reference.Syntax.SpanStart >= position)
                        {
                            break;
                        }

                        // Only option settings and property reads before the disconnect: anything else may connect it.
                        var parent = reference.Parent;
                        if (parent is IInvocationOperation call
                            && call.Instance == reference
                            && symbols.MemberOf(call.TargetMethod) is SocketMember.SetSocketOption or SocketMember.GetSocketOption or SocketMember.Bind)
                        {
                            break;
                        }

                        if (parent is IPropertyReferenceOperation property && property.Instance == reference
                            && !property.Property.Name.StartsWith("Connect", StringComparison.Ordinal))
                        {
                            break;
                        }

                        return false;
                }
            }

            return created;
        }
    }
}
