using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// Hands out local-variable names that clash with nothing in the enclosing member, nor with names handed out
    /// earlier in the same fix pass (fix-all inserts several locals into one member before anything is re-parsed).
    /// </summary>
    internal sealed class UniqueLocalNames
    {
        private readonly Dictionary<SyntaxNode, HashSet<string>> _used = new();

        public string Next(SemanticModel model, StatementSyntax anchor, string baseName)
        {
            // Top-level statements share one scope: the compilation unit (a GlobalStatement is a member too).
            SyntaxNode scope = (SyntaxNode?)anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax)
                ?? anchor.SyntaxTree.GetRoot();
            if (!_used.TryGetValue(scope, out var used))
            {
                used = new HashSet<string>(StringComparer.Ordinal);
                foreach (var token in scope.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        used.Add(token.ValueText);
                    }
                }

                _used[scope] = used;
            }

            string candidate = baseName;
            for (int i = 2; used.Contains(candidate) || model.LookupSymbols(anchor.SpanStart, name: candidate).Any(); i++)
            {
                candidate = baseName + i.ToString(CultureInfo.InvariantCulture);
            }

            used.Add(candidate);
            return candidate;
        }
    }
}
