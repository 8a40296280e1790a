using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.Tests.Fuzz
{
    /// <summary>
    /// Damages a C# source deterministically (the caller seeds the <see cref="Random"/>): truncation, deleted spans,
    /// swapped or deleted tokens, unbalanced braces and parentheses, dropped semicolons, duplicated lines, renamed
    /// identifiers, and random but valid socket statements inserted at statement boundaries.
    /// </summary>
    public static class Mutator
    {
        /// <summary>Statements an analyzer might find interesting, inserted where a statement may start.</summary>
        private static readonly string[] s_statements =
        {
            "var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);",
            "var s2 = new Socket(SocketType.Stream, ProtocolType.Unspecified);",
            "var l = new TcpListener(IPAddress.Loopback, 0); l.Start();",
            "s.Bind(new IPEndPoint(IPAddress.Any, 8080));",
            "s.Bind(new IPEndPoint(IPAddress.Loopback, 0));",
            "s.Listen(); s.Listen(100);",
            "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);",
            "s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.ReuseAddress, 1);",
            "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5);",
            "s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);",
            "s.ExclusiveAddressUse = false;",
            "s.LingerState.Enabled = false;",
            "s.LingerState = new LingerOption(true, 0);",
            "s.Shutdown(SocketShutdown.Send); s.Close();",
            "s.Dispose();",
            "using var c = new TcpClient(new IPEndPoint(IPAddress.Any, 5000));",
            "var u = new UdpClient(); u.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));",
            "s.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, new byte[4]);",
            "int one = 1; setsockopt(fd, 1, 2, ref one, sizeof(int));",
            "setsockopt(fd, 1, 2, 1, 4);",
            "bind(fd, IntPtr.Zero, 16); listen(fd, 10);",
            "var n = s.Receive(new byte[10]); if (n == 0) s.Close();",
            "s = null!;",
            "s = s;",
            "return;",
            "throw null!;",
            "goto L;",
            "L: ;",
            "{ }",
            "while (true) { break; }",
            "lock (this) { }",
            "await System.Threading.Tasks.Task.Yield();",
            "var x = default;",
            "local(); void local() { s.Listen(); }",
            "Action a = () => s.Bind(null!);",
            "_ = s?.LingerState?.Enabled;",
        };

        public static string Mutate(string text, Random random)
        {
            int count = 1 + random.Next(3);
            for (int i = 0; i < count && text.Length > 0; i++)
            {
                text = MutateOnce(text, random);
            }

            return text;
        }

        private static string MutateOnce(string text, Random random)
        {
            switch (random.Next(11))
            {
                case 0:
                    return text.Substring(0, random.Next(text.Length));
                case 1:
                {
                    int start = random.Next(text.Length);
                    int length = Math.Min(text.Length - start, 1 + random.Next(60));
                    return text.Remove(start, length);
                }

                case 2:
                    return SwapTokens(text, random);
                case 3:
                    return DeleteToken(text, random);
                case 4:
                    return RemoveOneOf(text, random, '{', '}');
                case 5:
                    return InsertOneOf(text, random, random.Next(2) == 0 ? "{" : "}");
                case 6:
                    return random.Next(3) == 0 ? text.Replace(";", string.Empty, StringComparison.Ordinal) : RemoveOneOf(text, random, ';');
                case 7:
                    return RemoveOneOf(text, random, '(', ')', ',');
                case 8:
                    return DuplicateLine(text, random);
                case 9:
                    return RenameIdentifier(text, random);
                default:
                    return InsertStatement(text, random);
            }
        }

        private static List<SyntaxToken> Tokens(string text)
            => CSharpSyntaxTree.ParseText(text, AnalysisHarness.ParseOptions).GetRoot()
                .DescendantTokens().Where(t => t.Span.Length > 0).ToList();

        private static string SwapTokens(string text, Random random)
        {
            var tokens = Tokens(text);
            if (tokens.Count < 2)
            {
                return text;
            }

            int i = random.Next(tokens.Count - 1);
            var a = tokens[i].Span;
            var b = tokens[i + 1].Span;
            return text.Substring(0, a.Start) + text.Substring(b.Start, b.Length) + text.Substring(a.End, b.Start - a.End)
                + text.Substring(a.Start, a.Length) + text.Substring(b.End);
        }

        private static string DeleteToken(string text, Random random)
        {
            var tokens = Tokens(text);
            if (tokens.Count == 0)
            {
                return text;
            }

            var span = tokens[random.Next(tokens.Count)].Span;
            return text.Remove(span.Start, span.Length);
        }

        private static string RemoveOneOf(string text, Random random, params char[] characters)
        {
            var positions = new List<int>();
            for (int i = 0; i < text.Length; i++)
            {
                if (Array.IndexOf(characters, text[i]) >= 0)
                {
                    positions.Add(i);
                }
            }

            return positions.Count == 0 ? text : text.Remove(positions[random.Next(positions.Count)], 1);
        }

        private static string InsertOneOf(string text, Random random, string insertion)
            => text.Insert(random.Next(text.Length + 1), insertion);

        private static string DuplicateLine(string text, Random random)
        {
            var lines = text.Split('\n').ToList();
            int i = random.Next(lines.Count);
            lines.Insert(i, lines[i]);
            return string.Join('\n', lines);
        }

        private static string RenameIdentifier(string text, Random random)
        {
            var identifiers = Tokens(text).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();
            if (identifiers.Count < 2)
            {
                return text;
            }

            var target = identifiers[random.Next(identifiers.Count)].Span;
            string replacement = identifiers[random.Next(identifiers.Count)].Text;
            return text.Substring(0, target.Start) + replacement + text.Substring(target.End);
        }

        /// <summary>Inserts a statement after a '{' or ';' token (where a statement may start in a method body).</summary>
        private static string InsertStatement(string text, Random random)
        {
            var anchors = Tokens(text).Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.SemicolonToken)).ToList();
            string statement = s_statements[random.Next(s_statements.Length)];
            if (anchors.Count == 0)
            {
                return statement + "\n" + text;
            }

            int at = anchors[random.Next(anchors.Count)].Span.End;
            return text.Insert(at, "\n" + statement + "\n");
        }
    }
}
