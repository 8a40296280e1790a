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

        /// <summary>
        /// The name of an accept method of Socket or TcpListener (SOCK003): <c>Accept</c>, <c>AcceptAsync</c>,
        /// <c>AcceptSocket(Async)</c>, <c>AcceptTcpClient(Async)</c> and their <c>Begin</c>/<c>End</c> forms.
        /// </summary>
        Accept = 2,

        /// <summary><c>DllImport</c>, <c>LibraryImport</c> or <c>extern</c>: the tree may declare a native import.</summary>
        Import = 4,

        /// <summary><c>SetSocketOption</c>, <c>GetSocketOption</c>, <c>SetRawSocketOption</c>, <c>GetRawSocketOption</c>.</summary>
        Options = 16,

        /// <summary><c>LingerState</c>.</summary>
        Linger = 32,

        /// <summary>
        /// <c>Close</c> called with an argument (<c>Close(0)</c>, <c>Close(timeout: t)</c>: only Socket.Close(int) among the
        /// common Close methods takes one), <c>Disconnect</c> or <c>DisconnectAsync</c> called with an argument (every
        /// overload of Socket's takes <c>reuseSocket</c> or the event args that carry it).
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
        /// True when some declaration of <paramref name="type"/> names one of the compilation's native socket imports
        /// (<paramref name="importWords"/>: where a tree names them). Types without source declarations answer true
        /// (nothing to scan, nothing assumed).
        /// </summary>
        internal static bool CallsImport(INamedTypeSymbol type, System.Func<SyntaxTree, TreeWords> importWords)
        {
            var references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return true;
            }

            foreach (var reference in references)
            {
                if (importWords(reference.SyntaxTree).Any(reference.Span, SocketWords.Import))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every kind of word in the declarations of <paramref name="type"/> (the union); all kinds for a type without
        /// source declarations (nothing to scan, nothing assumed).
        /// </summary>
        internal static SocketWords WordsOf(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            var references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return (SocketWords)0xFF;
            }

            var words = SocketWords.None;
            foreach (var reference in references)
            {
                words |= For(reference.SyntaxTree, cancellationToken).KindsIn(reference.Span);
            }

            return words;
        }

        /// <summary>One tree's scan for a set of import names (<see cref="ImportWords"/>).</summary>
        private sealed class ImportScan
        {
            public ImportScan(string key, TreeWords words)
            {
                Key = key;
                Words = words;
            }

            /// <summary>The names, sorted and joined.</summary>
            public string Key { get; }

            public TreeWords Words { get; }
        }

        private sealed class ImportScanBox
        {
            public volatile ImportScan? Last;
        }

        private static readonly ConditionalWeakTable<SyntaxTree, ImportScanBox> s_importWords = new();

        /// <summary>
        /// Where <paramref name="tree"/> names one of <paramref name="names"/> (<paramref name="key"/>: the same names,
        /// sorted and joined): kept with the tree for the last set of names, so a new compilation with the same imports
        /// (an edit elsewhere) does not scan the tree again.
        /// </summary>
        internal static TreeWords ImportWords(SyntaxTree tree, ImmutableHashSet<string> names, string key, System.Threading.CancellationToken cancellationToken)
        {
            var box = s_importWords.GetOrCreateValue(tree);
            var last = box.Last;
            if (last != null && string.Equals(last.Key, key, StringComparison.Ordinal))
            {
                return last.Words;
            }

            var words = TreeWords.ScanNames(tree.GetText(cancellationToken), names, For(tree, cancellationToken).HasEscapes);
            box.Last = new ImportScan(key, words);
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
                if ((For(tree, cancellationToken).All & SocketWords.Import) == 0)
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
            private static readonly TreeWords s_none = new(Array.Empty<int>(), Array.Empty<SocketWords>(), hasEscapes: false);
            private static readonly TreeWords s_noneEscaped = new(Array.Empty<int>(), Array.Empty<SocketWords>(), hasEscapes: true);

            private readonly int[] _positions;
            private readonly SocketWords[] _kinds;

            private TreeWords(int[] positions, SocketWords[] kinds, bool hasEscapes)
            {
                _positions = positions;
                _kinds = kinds;
                HasEscapes = hasEscapes;
                foreach (var kind in kinds)
                {
                    All |= kind;
                }
            }

            public int Count => _positions.Length;

            /// <summary>Every kind of word the tree holds (the union): the compilation-wide gate reads it.</summary>
            public SocketWords All { get; }

            /// <summary>
            /// True when the text holds a <c>\u</c> or <c>\U</c> anywhere (in a string or in an identifier): only then can
            /// an identifier be spelled with an escape, which a search for its plain spelling would miss.
            /// </summary>
            public bool HasEscapes { get; }

            /// <summary>The kinds of the words that start inside <paramref name="span"/> (the union).</summary>
            public SocketWords KindsIn(TextSpan span)
            {
                if (All == SocketWords.None)
                {
                    return SocketWords.None;
                }

                int index = Array.BinarySearch(_positions, span.Start);
                if (index < 0)
                {
                    index = ~index;
                }

                var kinds = SocketWords.None;
                for (; index < _positions.Length && _positions[index] < span.End; index++)
                {
                    kinds |= _kinds[index];
                }

                return kinds;
            }

            /// <summary>True when a word of a kind in <paramref name="wanted"/> starts inside <paramref name="span"/>.</summary>
            public bool Any(TextSpan span, SocketWords wanted) => (KindsIn(span) & wanted) != 0;

            /// <summary>
            /// The positions of the identifiers of <paramref name="names"/> in <paramref name="text"/> (as
            /// <see cref="SocketWords.Import"/>): a whole-identifier search for each name (the runtime's ordinal
            /// <c>IndexOf</c>, vectorized), then every identifier written with a Unicode escape, decoded and compared.
            /// </summary>
            [MethodImpl(Hot)]
            internal static TreeWords ScanNames(SourceText text, ImmutableHashSet<string> names, bool hasEscapes = true)
            {
                string source = text.ToString();
                List<int>? positions = null;
                foreach (var name in names)
                {
                    if (name.Length == 0)
                    {
                        continue;
                    }

                    for (int at = source.IndexOf(name, StringComparison.Ordinal); at >= 0; at = source.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                    {
                        int end = at + name.Length;
                        if ((at == 0 || !IsIdentifierPart(source[at - 1])) && (end == source.Length || !IsIdentifierPart(source[end])))
                        {
                            (positions ??= new List<int>()).Add(at);
                        }
                    }
                }

                for (int at = hasEscapes ? source.IndexOf('\\') : -1; at >= 0 && at + 1 < source.Length; at = source.IndexOf('\\', at + 1))
                {
                    if (source[at + 1] is not ('u' or 'U'))
                    {
                        continue;
                    }

                    int start = IdentifierStart(source, at);
                    int end = SkipIdentifier(source, at);

                    if (names.Contains(Unescape(source, start, end - start)))
                    {
                        (positions ??= new List<int>()).Add(start);
                    }

                    at = end - 1;
                }

                if (positions is null)
                {
                    return s_none;
                }

                positions.Sort();
                var kinds = new SocketWords[positions.Count];
                for (int k = 0; k < kinds.Length; k++)
                {
                    kinds[k] = SocketWords.Import;
                }

                return new TreeWords(positions.ToArray(), kinds, hasEscapes);
            }

            // MethodImplOptions.AggressiveOptimization (not in netstandard2.0's enum): compiled optimized at once. A scan
            // runs once per tree, so in a build it would otherwise run in the runtime's unoptimized first tier.
            private const MethodImplOptions Hot = (MethodImplOptions)512;

            // What each UTF-16 code unit is to the identifier walks: one table look-up per character.
            private const byte Other = 0, Digit = 1, Letter = 2;
            private static readonly byte[] s_chars = CharTable();

            private static byte[] CharTable()
            {
                var table = new byte[char.MaxValue + 1];
                for (int c = 0; c <= char.MaxValue; c++)
                {
                    char ch = (char)c;
                    table[c] = c < 128
                        ? (c >= '0' && c <= '9' ? Digit
                            : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ? Letter
                            : Other)
                        : char.IsLetter(ch) ? Letter : char.IsDigit(ch) ? Digit : Other;
                }

                return table;
            }

            /// <summary>
            /// Every word contains one of these (<c>Accept</c> is in all twelve accept methods, <c>SocketOption</c> in the four
            /// option calls, <c>Import</c> in DllImport and LibraryImport, <c>GetLast</c> in both last-error reads, <c>xtern</c>
            /// in <c>extern</c>). The keyword is searched without its <c>e</c>: the runtime's <c>IndexOf</c> looks for a
            /// string's first and last characters together, and <c>e</c> and <c>n</c> are the most frequent letters of C#
            /// source, which made <c>extern</c> the slowest anchor (a third to a half slower than the others on DotNetty); the
            /// identifier around a hit is read whole.
            /// </summary>
            private static readonly string[] s_anchors =
            {
                "Accept", "Close", "Disconnect", "ExclusiveAddressUse", "SocketOption", "GetLast", "Listen", "LingerState", "Import", "xtern",
            };

            /// <summary>
            /// The words of one text. Each anchor is found with the runtime's ordinal <c>IndexOf</c> (vectorized, and
            /// compiled ahead of time, so it does not wait for the JIT's tiers), and the whole identifier around each hit is
            /// read and classified; so is every identifier written with a Unicode escape, found from its backslash. A
            /// character-by-character pass costs about two to three times as much on real code (docs/performance.md).
            /// </summary>
            [MethodImpl(Hot)]
            internal static TreeWords Scan(SourceText text)
            {
                string source = text.ToString();
                List<long>? found = null;
                bool hasEscapes = false;
                foreach (string anchor in s_anchors)
                {
                    for (int at = source.IndexOf(anchor, StringComparison.Ordinal); at >= 0; at = source.IndexOf(anchor, at + anchor.Length, StringComparison.Ordinal))
                    {
                        ClassifyAround(source, at, ref found);
                    }
                }

                for (int at = source.IndexOf('\\'); at >= 0 && at + 1 < source.Length; at = source.IndexOf('\\', at + 1))
                {
                    if (source[at + 1] is 'u' or 'U')
                    {
                        hasEscapes = true;
                        ClassifyAround(source, at, ref found);
                    }
                }

                if (found is null)
                {
                    return hasEscapes ? s_noneEscaped : s_none;
                }

                // Position in the high bits, kind in the low byte: sorted by position, one entry per identifier (an
                // identifier with an anchor and an escape is found twice).
                found.Sort();
                var positions = new List<int>(found.Count);
                var kinds = new List<SocketWords>(found.Count);
                foreach (long entry in found)
                {
                    int position = (int)(entry >> 8);
                    if (positions.Count == 0 || positions[positions.Count - 1] != position)
                    {
                        positions.Add(position);
                        kinds.Add((SocketWords)(entry & 0xFF));
                    }
                }

                return new TreeWords(positions.ToArray(), kinds.ToArray(), hasEscapes);
            }

            /// <summary>Classifies the whole identifier that <paramref name="at"/> is inside of, and records it when it is a word.</summary>
            [MethodImpl(Hot)]
            private static void ClassifyAround(string source, int at, ref List<long>? found)
            {
                int start = IdentifierStart(source, at);
                int end = SkipIdentifier(source, at);
                bool escaped = false;
                for (int k = start; k + 1 < end; k++)
                {
                    escaped |= source[k] == '\\' && source[k + 1] is 'u' or 'U';
                }

                SocketWords kind;
                if (escaped)
                {
                    // \u0041ccept is Accept; "\u00e9t\u00e9" or "C:\\users" in a string is no word.
                    string decoded = Unescape(source, start, end - start);
                    kind = decoded.Length == 0 ? SocketWords.None
                        : decoded is "Close" or "Disconnect" or "DisconnectAsync" ? (CalledWithArgument(source, end) ? SocketWords.Close : SocketWords.None)
                        : Classify(decoded, 0, decoded.Length);
                }
                else
                {
                    kind = Classify(source, start, end - start);
                    if (kind == (SocketWords.Reuse | SocketWords.Options) && end - start == 15 && !MaySetReuseOption(source, end))
                    {
                        kind = SocketWords.Options; // SetSocketOption(level, SocketOptionName.NoDelay, ...): no reuse rule reads it.
                    }
                }

                if (kind != SocketWords.None)
                {
                    (found ??= new List<long>()).Add(((long)start << 8) | (byte)kind);
                }
            }

            /// <summary>
            /// False only for a <c>SetSocketOption</c> call (its name ends at <paramref name="end"/>) whose second argument
            /// is written <c>SocketOptionName.Member</c> (optionally qualified by <c>System.Net.Sockets.</c> or
            /// <c>global::</c>) with a member other than <c>ReuseAddress</c>, <c>ExclusiveAddressUse</c> and
            /// <c>ReuseUnicastPort</c>: such a call sets no address-reuse option, so it is no word of the reuse family.
            /// Every other spelling (a variable, an alias, a cast number, named arguments, a comment between) counts.
            /// </summary>
            private static bool MaySetReuseOption(string s, int end)
            {
                int i = SkipWhitespace(s, end);
                if (i >= s.Length || s[i] != '(')
                {
                    return true;
                }

                // The first argument: anything up to a comma outside brackets; a quote, a comment or a named argument
                // (an identifier followed by one colon) ends the reading.
                int depth = 0;
                for (i++; i < s.Length; i++)
                {
                    char c = s[i];
                    if (c is '"' or '\'' or '/' or ';')
                    {
                        return true;
                    }

                    if (c == ':' && !(i + 1 < s.Length && s[i + 1] == ':') && !(i > 0 && s[i - 1] == ':'))
                    {
                        return true;
                    }

                    if (c is '(' or '[' or '{')
                    {
                        depth++;
                    }
                    else if (c is ')' or ']' or '}')
                    {
                        if (depth-- == 0)
                        {
                            return true; // one argument only.
                        }
                    }
                    else if (c == ',' && depth == 0)
                    {
                        break;
                    }
                }

                if (i >= s.Length)
                {
                    return true; // the text ends inside the call.
                }

                i = SkipWhitespace(s, i + 1);
                int nameStart = i;
                while (i < s.Length && (IsIdentifierPart(s[i]) || s[i] == '.' || s[i] == ':'))
                {
                    i++;
                }

                string name = s.Substring(nameStart, i - nameStart);
                i = SkipWhitespace(s, i);
                if (i >= s.Length || s[i] is not (',' or ')'))
                {
                    return true; // a cast, a call, an operator: not a plain member.
                }

                foreach (string prefix in new[] { "global::", "System.Net.Sockets." })
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        name = name.Substring(prefix.Length);
                    }
                }

                const string Enum = "SocketOptionName.";
                if (!name.StartsWith(Enum, StringComparison.Ordinal))
                {
                    return true;
                }

                string member = name.Substring(Enum.Length);
                return member.Length == 0 || member.IndexOf('.') >= 0 || member.IndexOf(':') >= 0
                    || member is "ReuseAddress" or "ExclusiveAddressUse" or "ReuseUnicastPort";
            }

            /// <summary>
            /// The identifier <paramref name="source"/>[start..start+length) with its <c>\uXXXX</c> and <c>\UXXXXXXXX</c>
            /// escapes decoded; empty when a backslash is not such an escape (then it is in a string or a comment: code
            /// with it would not compile) or decodes outside the BMP (no word has such a character).
            /// </summary>
            private static string Unescape(string source, int start, int length)
            {
                var builder = new System.Text.StringBuilder(length);
                int end = start + length;
                for (int k = start; k < end; k++)
                {
                    char c = source[k];
                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }

                    int digits = k + 1 < end && source[k + 1] == 'u' ? 4 : k + 1 < end && source[k + 1] == 'U' ? 8 : 0;
                    if (digits == 0 || k + digits + 1 > end || !TryHex(source, k + 2, digits, out int value) || value > 0xFFFF)
                    {
                        return string.Empty;
                    }

                    builder.Append((char)value);
                    k += 1 + digits;
                }

                return builder.ToString();
            }

            private static bool TryHex(string source, int start, int digits, out int value)
            {
                value = 0;
                if (start + digits > source.Length)
                {
                    return false;
                }

                for (int k = start; k < start + digits; k++)
                {
                    char c = source[k];
                    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (d < 0 || value > 0x0FFFFFFF)
                    {
                        return false;
                    }

                    value = (value << 4) | d;
                }

                return true;
            }

            /// <summary>Where the identifier (escapes included) that <paramref name="at"/> is inside of starts.</summary>
            private static int IdentifierStart(string source, int at)
            {
                while (at > 0 && (IsIdentifierPart(source[at - 1]) || source[at - 1] == '\\'))
                {
                    at--;
                }

                return at;
            }

            private static int SkipIdentifier(string source, int i)
            {
                while (i < source.Length && (IsIdentifierPart(source[i]) || source[i] == '\\'))
                {
                    i++;
                }

                return i;
            }

            private static bool IsIdentifierPart(char c) => s_chars[c] != Other;

            // Dispatch on the first character, then the length: most identifiers of ordinary code leave at the first
            // test, and none is compared with more than the few words of its first letter.
            [MethodImpl(Hot)]
            private static SocketWords Classify(string s, int start, int length)
            {
                if (length < 5)
                {
                    return SocketWords.None; // the shortest word is Close.
                }

                switch (s[start])
                {
                    case 'A':
                        return length switch
                        {
                            6 when Is(s, start, "Accept") => SocketWords.Accept,
                            11 when Is(s, start, "AcceptAsync") => SocketWords.Accept,
                            12 when Is(s, start, "AcceptSocket") => SocketWords.Accept,
                            15 when Is(s, start, "AcceptTcpClient") => SocketWords.Accept,
                            17 when Is(s, start, "AcceptSocketAsync") => SocketWords.Accept,
                            20 when Is(s, start, "AcceptTcpClientAsync") => SocketWords.Accept,
                            _ => SocketWords.None,
                        };
                    case 'B':
                        return length switch
                        {
                            11 when Is(s, start, "BeginAccept") => SocketWords.Accept,
                            17 when Is(s, start, "BeginAcceptSocket") => SocketWords.Accept,
                            20 when Is(s, start, "BeginAcceptTcpClient") => SocketWords.Accept,
                            _ => SocketWords.None,
                        };
                    case 'C':
                        return length == 5 && Is(s, start, "Close") && CalledWithArgument(s, start + length) ? SocketWords.Close : SocketWords.None;
                    case 'D':
                        return length == 9 && Is(s, start, "DllImport") ? SocketWords.Import
                            : ((length == 10 && Is(s, start, "Disconnect")) || (length == 15 && Is(s, start, "DisconnectAsync")))
                                && CalledWithArgument(s, start + length) ? SocketWords.Close
                            : SocketWords.None;
                    case 'E':
                        return length switch
                        {
                            19 when Is(s, start, "ExclusiveAddressUse") => SocketWords.Reuse,
                            9 when Is(s, start, "EndAccept") => SocketWords.Accept,
                            15 when Is(s, start, "EndAcceptSocket") => SocketWords.Accept,
                            18 when Is(s, start, "EndAcceptTcpClient") => SocketWords.Accept,
                            _ => SocketWords.None,
                        };
                    case 'G':
                        return length switch
                        {
                            15 when Is(s, start, "GetSocketOption") => SocketWords.Options,
                            17 when Is(s, start, "GetLastWin32Error") => SocketWords.LastError,
                            18 when Is(s, start, "GetRawSocketOption") => SocketWords.Options,
                            19 when Is(s, start, "GetLastPInvokeError") => SocketWords.LastError,
                            _ => SocketWords.None,
                        };
                    case 'L':
                        return length switch
                        {
                            6 when Is(s, start, "Listen") => SocketWords.Reuse,
                            11 when Is(s, start, "LingerState") => SocketWords.Linger,
                            13 when Is(s, start, "LibraryImport") => SocketWords.Import,
                            _ => SocketWords.None,
                        };
                    case 'S':
                        return length switch
                        {
                            15 when Is(s, start, "SetSocketOption") => SocketWords.Reuse | SocketWords.Options,
                            18 when Is(s, start, "SetRawSocketOption") => SocketWords.Reuse | SocketWords.Options,
                            _ => SocketWords.None,
                        };
                    case 'e':
                        return length == 6 && Is(s, start, "extern") ? SocketWords.Import : SocketWords.None;
                    default:
                        return SocketWords.None;
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

            private static bool Is(string s, int start, string word)
            {
                // The caller has checked the length; the first character is compared by the dispatch already.
                for (int k = 1; k < word.Length; k++)
                {
                    if (s[start + k] != word[k])
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
