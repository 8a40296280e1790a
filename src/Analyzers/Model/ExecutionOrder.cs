using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers
{
    /// <summary>
    /// Where statements run relative to each other, from the syntax alone: same block and unconditional, or
    /// unconditional in a constructor and read in another member. Conservative: "certainly" means on every path.
    /// </summary>
    internal static class ExecutionOrder
    {
        /// <summary>
        /// True when <paramref name="first"/> certainly ran before <paramref name="second"/> on the same socket:
        /// both in one body, <paramref name="first"/> unconditional in the block they share and written earlier;
        /// or <paramref name="first"/> unconditional in a constructor and <paramref name="second"/> in another member.
        /// </summary>
        internal static bool CertainlyBefore(SocketEvent first, SocketEvent second)
        {
            if (SymbolEqualityComparer.Default.Equals(first.ContainingMember, second.ContainingMember)
                && first.Operation.Syntax.SyntaxTree == second.Operation.Syntax.SyntaxTree)
            {
                var block = CommonBlock(first.Operation.Syntax, second.Operation.Syntax);
                return block != null
                    && first.Operation.Syntax.Span.End <= second.Operation.Syntax.SpanStart
                    && RunsWhenever(first.Operation.Syntax, block);
            }

            return ConstructorThenMember(first, second);
        }

        /// <summary>
        /// True when both statements certainly run together whenever the later one runs: one body with a shared
        /// block, both unconditional in it; or one of them unconditional in a constructor and the other elsewhere.
        /// </summary>
        internal static bool RunTogether(SocketEvent a, SocketEvent b)
        {
            if (SymbolEqualityComparer.Default.Equals(a.ContainingMember, b.ContainingMember)
                && a.Operation.Syntax.SyntaxTree == b.Operation.Syntax.SyntaxTree)
            {
                var block = CommonBlock(a.Operation.Syntax, b.Operation.Syntax);
                return block != null && RunsWhenever(a.Operation.Syntax, block) && RunsWhenever(b.Operation.Syntax, block);
            }

            return ConstructorThenMember(a, b) || ConstructorThenMember(b, a);
        }

        /// <summary>
        /// True when <paramref name="inConstructor"/> runs unconditionally in an instance constructor, on an instance
        /// field or property, and <paramref name="later"/> is in another member that the constructor does not name
        /// (so it cannot run from inside the constructor, before the first statement).
        /// </summary>
        private static bool ConstructorThenMember(SocketEvent inConstructor, SocketEvent later)
        {
            if (!inConstructor.InConstructor
                || later.InConstructor
                || inConstructor.Socket.IsStatic
                || inConstructor.Socket is not (IFieldSymbol or IPropertySymbol)
                || !RunsWheneverBody(inConstructor.Operation.Syntax))
            {
                return false;
            }

            var member = later.ContainingMember is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : later.ContainingMember;
            var constructor = inConstructor.Operation.Syntax.FirstAncestorOrSelf<ConstructorDeclarationSyntax>();
            return constructor != null
                && !constructor.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member.Name);
        }

        /// <summary>True when the node runs every time the body of its member (or its top-level program) runs.</summary>
        internal static bool RunsWheneverBody(SyntaxNode node)
        {
            SyntaxNode? body = node.Ancestors().FirstOrDefault(a =>
                a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax
                    or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
            return body is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax
                && RunsWhenever(node, body);
        }

        /// <summary>The innermost block (or compilation unit) holding both nodes, or null when they meet elsewhere.</summary>
        internal static SyntaxNode? CommonBlock(SyntaxNode a, SyntaxNode b)
        {
            var ancestorsOfB = new HashSet<SyntaxNode>(b.AncestorsAndSelf());
            foreach (var ancestor in a.AncestorsAndSelf())
            {
                if (ancestorsOfB.Contains(ancestor))
                {
                    return ancestor is BlockSyntax or CompilationUnitSyntax ? ancestor : null;
                }
            }

            return null;
        }

        /// <summary>
        /// True when nothing between <paramref name="node"/> and <paramref name="ancestor"/> makes it conditional:
        /// no if/else branch, switch, loop body, catch, lambda, local function, ?:, ?., ??, &amp;&amp; or ||.
        /// </summary>
        internal static bool RunsWhenever(SyntaxNode node, SyntaxNode ancestor)
        {
            SyntaxNode child = node;
            while (child != ancestor)
            {
                var current = child.Parent;
                if (current is null)
                {
                    return false;
                }

                switch (current)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Condition != child:
                    case ElseClauseSyntax:
                    case SwitchStatementSyntax switchStatement when switchStatement.Expression != child:
                    case SwitchSectionSyntax:
                    case SwitchExpressionSyntax:
                    case ForStatementSyntax:
                    case ForEachStatementSyntax forEach when forEach.Expression != child:
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                    case CatchClauseSyntax:
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case ConditionalExpressionSyntax conditional when conditional.Condition != child:
                    case ConditionalAccessExpressionSyntax access when access.Expression != child:
                    case BinaryExpressionSyntax binary when binary.Right == child
                        && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression:
                    case AssignmentExpressionSyntax coalesceAssignment when coalesceAssignment.Right == child
                        && coalesceAssignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        return false;
                }

                child = current;
            }

            return true;
        }
    }
}
