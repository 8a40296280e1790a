using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketAnalyzers.CodeFixes.Shared
{
    /// <summary>
    /// Adds members that a fix writes (helper methods, constants, top-level local functions) where every build
    /// configuration sees them, in the document's own line endings.
    /// </summary>
    internal static class MemberInsertion
    {
        /// <summary>The line ending the document uses: that of its first line break ("\n" when it has none).</summary>
        internal static string EndOfLine(SyntaxNode root)
        {
            foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia.ToString();
                }
            }

            return "\n";
        }

        /// <summary>
        /// Simplifies and formats what the fix annotated, with the document's line ending as the formatter's new line
        /// (the formatter otherwise writes the machine's, CRLF into LF files or LF into CRLF files), and removes the
        /// annotations so that the code action's own clean-up leaves the result alone.
        /// </summary>
        internal static async Task<Document> SimplifyAndFormatAsync(Document document, string endOfLine, CancellationToken cancellationToken)
        {
            var options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, options, cancellationToken).ConfigureAwait(false);
            options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(
                document, Formatter.Annotation, options.WithChangedOption(FormattingOptions.NewLine, endOfLine), cancellationToken).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var annotated = root.GetAnnotatedNodes(Formatter.Annotation).Concat(root.GetAnnotatedNodes(Simplifier.Annotation)).ToList();
            root = root.ReplaceNodes(annotated, (_, current) => current.WithoutAnnotations(Formatter.Annotation).WithoutAnnotations(Simplifier.Annotation));
            return document.WithSyntaxRoot(root);
        }

        /// <summary>Text written with "\n" line breaks, in the document's line ending.</summary>
        internal static string WithEndOfLine(string text, string endOfLine)
            => endOfLine == "\n" ? text : text.Replace("\r\n", "\n").Replace("\n", endOfLine);

        /// <summary>
        /// Appends <paramref name="members"/> to the type, after its last member and outside any <c>#if</c>/<c>#region</c>
        /// block that the type's members end in: the directives before the closing brace move in front of the new
        /// members, so they are compiled in every configuration.
        /// </summary>
        internal static TypeDeclarationSyntax AddMembers(TypeDeclarationSyntax type, IReadOnlyList<MemberDeclarationSyntax> members, string endOfLine)
        {
            if (members.Count == 0)
            {
                return type;
            }

            var closeBrace = type.CloseBraceToken;
            var (moved, kept) = SplitAtLastDirective(closeBrace.LeadingTrivia);
            if (moved.Count == 0 || !IsBalancedBetween(type, type.OpenBraceToken.Span.End, closeBrace))
            {
                // No directive before the closing brace, or one that opens a block around it: the usual place.
                return type.WithMembers(type.Members.AddRange(members));
            }

            var first = members[0];
            var leading = new List<SyntaxTrivia>(moved) { SyntaxFactory.EndOfLine(endOfLine) };
            leading.AddRange(first.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
            var updated = new List<MemberDeclarationSyntax>(members) { [0] = first.WithLeadingTrivia(leading) };
            return type.WithMembers(type.Members.AddRange(updated))
                .WithCloseBraceToken(closeBrace.WithLeadingTrivia(kept));
        }

        /// <summary>
        /// Adds top-level statements (local functions, a constant) after the last top-level statement of the file and
        /// before its type and namespace declarations, outside any directive block that the statements end in.
        /// </summary>
        internal static CompilationUnitSyntax AddTopLevelStatements(CompilationUnitSyntax unit, IReadOnlyList<StatementSyntax> statements, string endOfLine)
        {
            if (statements.Count == 0)
            {
                return unit;
            }

            var globals = statements.Select(s => (MemberDeclarationSyntax)SyntaxFactory.GlobalStatement(s)).ToList();
            int index = 0;
            for (int i = 0; i < unit.Members.Count; i++)
            {
                if (unit.Members[i] is GlobalStatementSyntax)
                {
                    index = i + 1;
                }
            }

            // A last statement with no line break after it (the end of a file without a final new line): the new
            // statements start after a blank line, and the file still ends without one.
            var nextToken = index < unit.Members.Count ? unit.Members[index].GetFirstToken() : unit.EndOfFileToken;
            if (index > 0 && !unit.Members[index - 1].GetLastToken().TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                globals[0] = globals[0].WithLeadingTrivia(globals[0].GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(endOfLine)));
                if (index == unit.Members.Count && unit.EndOfFileToken.LeadingTrivia.Count == 0)
                {
                    var last = globals[globals.Count - 1];
                    var trailing = last.GetTrailingTrivia();
                    if (trailing.Count > 0 && trailing[trailing.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        globals[globals.Count - 1] = last.WithTrailingTrivia(trailing.RemoveAt(trailing.Count - 1));
                    }
                }
            }

            // The trivia in front of what follows the last statement: the next declaration, or the end of the file.
            var (moved, kept) = SplitAtLastDirective(nextToken.LeadingTrivia);
            if (moved.Count > 0 && IsBalancedBetween(unit, 0, nextToken))
            {
                var leading = new List<SyntaxTrivia>(moved) { SyntaxFactory.EndOfLine(endOfLine) };
                leading.AddRange(globals[0].GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
                globals[0] = globals[0].WithLeadingTrivia(leading);
                var replacement = nextToken.WithLeadingTrivia(kept);
                unit = unit.ReplaceToken(nextToken, replacement);
            }

            return unit.WithMembers(unit.Members.InsertRange(index, globals));
        }

        /// <summary>
        /// Splits leading trivia after its last directive (and that directive's line break): what comes up to there
        /// belongs to the members before, the rest (indentation, comments) stays with the token.
        /// </summary>
        private static (List<SyntaxTrivia> Moved, SyntaxTriviaList Kept) SplitAtLastDirective(SyntaxTriviaList trivia)
        {
            int last = -1;
            for (int i = 0; i < trivia.Count; i++)
            {
                if (trivia[i].IsDirective || trivia[i].IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    last = i;
                }
            }

            if (last < 0)
            {
                return (new List<SyntaxTrivia>(), trivia);
            }

            // A directive's trivia holds its own line break.
            int split = last + 1;
            var moved = trivia.Take(split).ToList();
            return (moved, SyntaxFactory.TriviaList(trivia.Skip(split)));
        }

        /// <summary>
        /// True when every <c>#if</c> and <c>#region</c> opened in <paramref name="container"/> from <paramref name="start"/>
        /// to the end of the leading trivia of <paramref name="token"/> is also closed there, so a member after that
        /// trivia is outside them.
        /// </summary>
        private static bool IsBalancedBetween(SyntaxNode container, int start, SyntaxToken token)
        {
            int conditionals = 0;
            int regions = 0;
            foreach (var trivia in container.DescendantTrivia(container.FullSpan, descendIntoTrivia: false))
            {
                if (trivia.SpanStart < start)
                {
                    continue;
                }

                if (trivia.SpanStart >= token.SpanStart)
                {
                    break;
                }

                switch (trivia.Kind())
                {
                    case SyntaxKind.IfDirectiveTrivia:
                        conditionals++;
                        break;
                    case SyntaxKind.EndIfDirectiveTrivia:
                        conditionals--;
                        break;
                    case SyntaxKind.RegionDirectiveTrivia:
                        regions++;
                        break;
                    case SyntaxKind.EndRegionDirectiveTrivia:
                        regions--;
                        break;
                }
            }

            return conditionals == 0 && regions == 0;
        }
    }
}
