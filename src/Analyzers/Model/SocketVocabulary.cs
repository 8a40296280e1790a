using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers
{
    /// <summary>The kinds of socket words a per-type analysis needs to see before it is worth registering.</summary>
    [Flags]
    internal enum SocketWords : byte
    {
        None = 0,

        /// <summary>
        /// A word the reuse-policy rules cannot report without: <c>Listen</c> (SOCK001's managed listener),
        /// <c>SetSocketOption</c>, <c>SetRawSocketOption</c> or <c>ExclusiveAddressUse</c> (every other rule of the family
        /// reads an address-reuse option). <c>Bind</c> and <c>Start</c> are not words of their own: no reuse rule reports
        /// on a bind or a start without one of these (or a native import) in the same type.
        /// </summary>
        Reuse = 1,

        /// <summary>An identifier that starts with <c>Accept</c>, <c>BeginAccept</c> or <c>EndAccept</c> (SOCK003).</summary>
        Accept = 2,

        /// <summary><c>DllImport</c>, <c>LibraryImport</c> or <c>extern</c>: the tree may declare a native import.</summary>
        Import = 4,

        /// <summary>An identifier written with a Unicode escape: it could be any word, so it matches every kind.</summary>
        Escaped = 8,

        /// <summary><c>SetSocketOption</c>, <c>GetSocketOption</c>, <c>SetRawSocketOption</c>, <c>GetRawSocketOption</c>.</summary>
        Options = 16,

        /// <summary><c>LingerState</c>.</summary>
        Linger = 32,

        /// <summary>
        /// <c>Close</c> called with an argument (<c>Close(0)</c>, <c>Close(timeout: t)</c>: only Socket.Close(int) among the
        /// common Close methods takes one), <c>Disconnect</c>, <c>DisconnectAsync</c>.
        /// </summary>
        Close = 64,

        /// <summary><c>GetLastPInvokeError</c>, <c>GetLastWin32Error</c>.</summary>
        LastError = 128,
    }

    /// <summary>
    /// The cheap prefilter of the per-type analyses: does any declaration of a type mention a word without which none
    /// of its rules can report? Every call the rules follow is written with the member's name (<c>s.Bind(...)</c>,
    /// <c>Server.SetSocketOption(...)</c>, <c>base.Start()</c>, <c>listener.AcceptSocketAsync()</c>), whatever the
    /// socket's declared type is spelled as (an alias, <c>var</c> from a factory, a field in another partial part, an
    /// inherited wrapper), and a native socket function is called by the C# name of its import. So a type whose
    /// declarations contain none of these identifiers has no event a rule could report on, and its symbol-start action
    /// registers nothing: no operation action, no symbol-end action (which in the IDE would make the driver analyze
    /// every partial part of the type before the end runs).
    /// The scan is of the source text (identifiers in comments and strings count too: more types pass, none is lost),
    /// done once per syntax tree and cached with the tree, which an edit of another document does not replace.
    /// </summary>
    internal static class SocketVocabulary
    {
        private static readonly ConditionalWeakTable<SyntaxTree, TreeWords> s_trees = new();

        /// <summary>
        /// True when some declaration of <paramref name="type"/> mentions a word of <paramref name="wanted"/>, or a call
        /// of one of <paramref name="importNames"/> (the C# names of the compilation's native socket imports). Types
        /// without source declarations answer true (nothing to scan, nothing assumed).
        /// </summary>
        internal static bool Mentions(INamedTypeSymbol type, SocketWords wanted, System.Func<SyntaxTree, TreeWords>? importWords, System.Threading.CancellationToken cancellationToken)
        {
            var references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return true;
            }

            foreach (var reference in references)
            {
                var words = For(reference.SyntaxTree, cancellationToken);
                if (words.Any(reference.Span, wanted | SocketWords.Escaped))
                {
                    return true;
                }

                if (importWords != null && importWords(reference.SyntaxTree).Any(reference.Span, SocketWords.Import))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class ImportScan
        {
            public ImportScan(ImmutableHashSet<string> names, TreeWords words)
            {
                Names = names;
                Words = words;
            }

            public ImmutableHashSet<string> Names { get; }

            public TreeWords Words { get; }
        }

        private sealed class ImportScanBox
        {
            public volatile ImportScan? Last;
        }

        private static readonly ConditionalWeakTable<SyntaxTree, ImportScanBox> s_importWords = new();

        /// <summary>
        /// Where <paramref name="tree"/> names one of <paramref name="names"/>: kept with the tree for the last set of
        /// names, so a new compilation with the same imports (an edit elsewhere) does not scan the tree again.
        /// </summary>
        internal static TreeWords ImportWords(SyntaxTree tree, ImmutableHashSet<string> names, System.Threading.CancellationToken cancellationToken)
        {
            var box = s_importWords.GetOrCreateValue(tree);
            var last = box.Last;
            if (last != null && (ReferenceEquals(last.Names, names) || last.Names.SetEquals(names)))
            {
                return last.Words;
            }

            var words = TreeWords.ScanNames(tree.GetText(cancellationToken), names);
            box.Last = new ImportScan(names, words);
            return words;
        }

        /// <summary>The words of one tree, scanned on first use.</summary>
        internal static TreeWords For(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
            => s_trees.GetValue(tree, t => TreeWords.Scan(t.GetText(cancellationToken)));

        /// <summary>
        /// The C# names of the native imports in <paramref name="trees"/> that may call a socket function: an
        /// <c>extern</c> or <c>[LibraryImport]</c> method whose name, or a string in whose attributes, is a socket
        /// function name (<c>bind</c>, <c>setsockopt</c>...), or whose <c>EntryPoint</c> is not a string literal.
        /// Only trees whose scan found an import word are walked.
        /// </summary>
        internal static ImmutableHashSet<string> ImportNames(IEnumerable<SyntaxTree> trees, System.Threading.CancellationToken cancellationToken)
        {
            ImmutableHashSet<string>.Builder? names = null;
            foreach (var tree in trees)
            {
                var words = For(tree, cancellationToken);
                if (!words.Any(new TextSpan(0, int.MaxValue), SocketWords.Import | SocketWords.Escaped))
                {
                    continue;
                }

                foreach (string name in s_declaredImports.GetValue(tree, t => DeclaredImports(t, cancellationToken)))
                {
                    (names ??= ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal)).Add(name);
                }
            }

            return names?.ToImmutable() ?? ImmutableHashSet<string>.Empty;
        }

        // The import names each tree declares, kept with the tree: a new compilation after an edit walks only the
        // edited tree again.
        private static readonly ConditionalWeakTable<SyntaxTree, string[]> s_declaredImports = new();

        private static string[] DeclaredImports(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
        {
            List<string>? names = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax method && MayImportSocketFunction(method))
                {
                    (names ??= new List<string>()).Add(method.Identifier.ValueText);
                }
            }

            return names?.ToArray() ?? Array.Empty<string>();
        }

        private static bool MayImportSocketFunction(MethodDeclarationSyntax method)
        {
            bool isExtern = false;
            bool isPartial = false;
            foreach (var modifier in method.Modifiers)
            {
                isExtern |= modifier.IsKind(SyntaxKind.ExternKeyword);
                isPartial |= modifier.IsKind(SyntaxKind.PartialKeyword);
            }

            if (!isExtern && !(isPartial && method.AttributeLists.Count > 0))
            {
                return false;
            }

            if (NativeSocketApi.SocketFunctionNames.Contains(method.Identifier.ValueText))
            {
                return true;
            }

            foreach (var list in method.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (attribute.ArgumentList is null)
                    {
                        continue;
                    }

                    foreach (var argument in attribute.ArgumentList.Arguments)
                    {
                        bool entryPoint = argument.NameEquals?.Name.Identifier.ValueText == "EntryPoint";
                        if (argument.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                        {
                            if (entryPoint && NativeSocketApi.SocketFunctionNames.Contains(literal.Token.ValueText))
                            {
                                return true;
                            }
                        }
                        else if (entryPoint)
                        {
                            return true; // a constant or an expression: cannot tell here, keep it.
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>The positions and kinds of the socket words of one tree, in text order.</summary>
        internal sealed class TreeWords
        {
            private static readonly TreeWords s_none = new(Array.Empty<int>(), Array.Empty<SocketWords>());

            private readonly int[] _positions;
            private readonly SocketWords[] _kinds;

            private TreeWords(int[] positions, SocketWords[] kinds)
            {
                _positions = positions;
                _kinds = kinds;
            }

            public int Count => _positions.Length;

            /// <summary>True when a word of a kind in <paramref name="wanted"/> starts inside <paramref name="span"/>.</summary>
            public bool Any(TextSpan span, SocketWords wanted)
            {
                int index = Array.BinarySearch(_positions, span.Start);
                if (index < 0)
                {
                    index = ~index;
                }

                for (; index < _positions.Length && _positions[index] < span.End; index++)
                {
                    if ((_kinds[index] & wanted) != 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            internal static TreeWords Scan(SourceText text) => Scan(text, null);

            /// <summary>The positions of the identifiers of <paramref name="names"/> in <paramref name="text"/> (as <see cref="SocketWords.Import"/>).</summary>
            internal static TreeWords ScanNames(SourceText text, ImmutableHashSet<string> names) => Scan(text, names);

            private static TreeWords Scan(SourceText text, ImmutableHashSet<string>? names)
            {
                string source = text.ToString();
                List<int>? positions = null;
                List<SocketWords>? kinds = null;
                int length = source.Length;
                int i = 0;
                while (i < length)
                {
                    char c = source[i];
                    if (!IsIdentifierStart(c) && c != '\\')
                    {
                        i++;
                        continue;
                    }

                    int start = i;
                    bool escaped = false;
                    while (i < length && (IsIdentifierPart(source[i]) || source[i] == '\\'))
                    {
                        escaped |= source[i] == '\\' && i + 1 < length && (source[i + 1] == 'u' || source[i + 1] == 'U');
                        i++;
                    }

                    var kind = escaped ? SocketWords.Escaped
                        : names is null ? Classify(source, start, i - start)
                        : IsName(source, start, i - start, names) ? SocketWords.Import : SocketWords.None;
                    if (kind != SocketWords.None)
                    {
                        (positions ??= new List<int>()).Add(start);
                        (kinds ??= new List<SocketWords>()).Add(kind);
                    }
                }

                return positions is null ? s_none : new TreeWords(positions.ToArray(), kinds!.ToArray());
            }

            private static bool IsName(string s, int start, int length, ImmutableHashSet<string> names)
            {
                foreach (var name in names)
                {
                    if (name.Length == length && string.CompareOrdinal(s, start, name, 0, length) == 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            // ASCII first: nearly every character of C# source is ASCII, and the table avoids the Unicode category look-up.
            private static readonly bool[] s_start = Table(identifierPart: false);
            private static readonly bool[] s_part = Table(identifierPart: true);

            private static bool[] Table(bool identifierPart)
            {
                var table = new bool[128];
                for (int c = 0; c < 128; c++)
                {
                    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (identifierPart && c >= '0' && c <= '9');
                }

                return table;
            }

            private static bool IsIdentifierStart(char c) => c < 128 ? s_start[c] : char.IsLetter(c);

            private static bool IsIdentifierPart(char c) => c < 128 ? s_part[c] : char.IsLetterOrDigit(c);

            private static SocketWords Classify(string s, int start, int length)
            {
                switch (length)
                {
                    case 5:
                        return Is(s, start, "Close") && CalledWithArgument(s, start + length) ? SocketWords.Close : SocketWords.None;
                    case 6:
                        return Is(s, start, "Listen") ? SocketWords.Reuse
                            : Is(s, start, "extern") ? SocketWords.Import
                            : Starts(s, start, length, "Accept") ? SocketWords.Accept : SocketWords.None;
                    case 9:
                        return Is(s, start, "DllImport") ? SocketWords.Import : AcceptWord(s, start, length);
                    case 10:
                        return Is(s, start, "Disconnect") ? SocketWords.Close : AcceptWord(s, start, length);
                    case 11:
                        return Is(s, start, "LingerState") ? SocketWords.Linger : AcceptWord(s, start, length);
                    case 13:
                        return Is(s, start, "LibraryImport") ? SocketWords.Import : AcceptWord(s, start, length);
                    case 15:
                        return Is(s, start, "SetSocketOption") ? SocketWords.Reuse | SocketWords.Options
                            : Is(s, start, "GetSocketOption") ? SocketWords.Options
                            : Is(s, start, "DisconnectAsync") ? SocketWords.Close : AcceptWord(s, start, length);
                    case 17:
                        return Is(s, start, "GetLastWin32Error") ? SocketWords.LastError : AcceptWord(s, start, length);
                    case 18:
                        return Is(s, start, "SetRawSocketOption") ? SocketWords.Reuse | SocketWords.Options
                            : Is(s, start, "GetRawSocketOption") ? SocketWords.Options : AcceptWord(s, start, length);
                    case 19:
                        return Is(s, start, "ExclusiveAddressUse") ? SocketWords.Reuse
                            : Is(s, start, "GetLastPInvokeError") ? SocketWords.LastError : AcceptWord(s, start, length);
                    default:
                        return length > 6 ? AcceptWord(s, start, length) : SocketWords.None;
                }
            }

            /// <summary>
            /// True when the identifier ending at <paramref name="end"/> is followed by <c>(</c> and something other than
            /// <c>)</c> (whitespace and comments between are skipped as whitespace is; a comment there counts as an argument,
            /// which only lets more types through).
            /// </summary>
            private static bool CalledWithArgument(string s, int end)
            {
                int i = SkipWhitespace(s, end);
                if (i >= s.Length || s[i] != '(')
                {
                    return false;
                }

                i = SkipWhitespace(s, i + 1);
                return i < s.Length && s[i] != ')';
            }

            private static int SkipWhitespace(string s, int i)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                return i;
            }

            private static SocketWords AcceptWord(string s, int start, int length)
                => Starts(s, start, length, "Accept") || Starts(s, start, length, "BeginAccept") || Starts(s, start, length, "EndAccept")
                    ? SocketWords.Accept
                    : SocketWords.None;

            private static bool Is(string s, int start, string word)
                => string.CompareOrdinal(s, start, word, 0, word.Length) == 0;

            private static bool Starts(string s, int start, int length, string prefix)
                => length >= prefix.Length && string.CompareOrdinal(s, start, prefix, 0, prefix.Length) == 0;
        }
    }
}
