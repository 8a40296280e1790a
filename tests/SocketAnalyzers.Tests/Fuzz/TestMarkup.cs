using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>One span marked in test source: <c>[|...|]</c> (id null), <c>{|ID:...|}</c>, or <c>{|#n:...|}</c>.</summary>
    public readonly record struct MarkedSpan(string? Id, int? LocationKey, TextSpan Span);

    /// <summary>
    /// Parses the markup conventions of Microsoft.CodeAnalysis.Testing: <c>[|text|]</c> marks a diagnostic of the
    /// analyzer's single rule, <c>{|SOCK001:text|}</c> one of a named rule or compiler error, and <c>{|#0:text|}</c> a
    /// location that a <see cref="DiagnosticResult"/> refers to with WithLocation(0). Spans may nest.
    /// </summary>
    public static class TestMarkup
    {
        public static (string Text, List<MarkedSpan> Spans) Parse(string markup)
        {
            var text = new StringBuilder(markup.Length);
            var spans = new List<MarkedSpan>();
            var open = new Stack<(char Close, string? Id, int? Key, int Start)>();
            int i = 0;
            while (i < markup.Length)
            {
                if (Starts(markup, i, "[|"))
                {
                    open.Push((']', null, null, text.Length));
                    i += 2;
                }
                else if (Starts(markup, i, "{|"))
                {
                    int colon = markup.IndexOf(':', i + 2);
                    if (colon < 0)
                    {
                        throw new FormatException("'{|' without ':' at offset " + i);
                    }

                    string name = markup.Substring(i + 2, colon - i - 2);
                    if (name.StartsWith('#'))
                    {
                        open.Push(('}', null, int.Parse(name.Substring(1), System.Globalization.CultureInfo.InvariantCulture), text.Length));
                    }
                    else
                    {
                        open.Push(('}', name, null, text.Length));
                    }

                    i = colon + 1;
                }
                else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
                {
                    char close = markup[i + 1];
                    if (open.Count == 0 || open.Peek().Close != close)
                    {
                        throw new FormatException("unbalanced markup '|" + close + "' at offset " + i);
                    }

                    var (_, id, key, start) = open.Pop();
                    spans.Add(new MarkedSpan(id, key, TextSpan.FromBounds(start, text.Length)));
                    i += 2;
                }
                else
                {
                    text.Append(markup[i]);
                    i++;
                }
            }

            if (open.Count != 0)
            {
                throw new FormatException("markup span opened but not closed");
            }

            return (text.ToString(), spans);
        }

        private static bool Starts(string s, int i, string token)
            => i + token.Length <= s.Length && string.CompareOrdinal(s, i, token, 0, token.Length) == 0;
    }
}
