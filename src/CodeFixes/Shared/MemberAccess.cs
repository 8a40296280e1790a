using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>Member accesses written the way a user would write them where an expression belongs.</summary>
    internal static class MemberAccess
    {
        /// <summary>
        /// <c>Type.Member</c> as an expression (nested member accesses, not a qualified name), with the type named as
        /// briefly as the usings at <paramref name="position"/> allow: <c>ProtocolType.Tcp</c> with
        /// <c>using System.Net.Sockets;</c>, <c>System.Net.Sockets.ProtocolType.Tcp</c> without.
        /// </summary>
        internal static ExpressionSyntax Of(INamedTypeSymbol type, string member, SemanticModel model, int position)
            => SyntaxFactory.ParseExpression(type.ToMinimalDisplayString(model, position) + "." + member);
    }
}
