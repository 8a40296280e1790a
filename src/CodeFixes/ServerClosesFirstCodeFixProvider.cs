using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK003 fix: right before the server's close, flush any writer of the connection and wait for the client to close
    /// first: <c>WaitForClientClose(socket)</c> or <c>await WaitForClientCloseAsync(stream, cancellationToken)</c>, a
    /// private static helper added once per type (reused when present) that reads and discards until the client's EOF or
    /// <c>ClientCloseTimeoutMilliseconds</c> (5 s), treating a reset or a disposed connection as done. The helpers use
    /// only APIs that netstandard2.0 also has.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServerClosesFirstCodeFixProvider))]
    public sealed class ServerClosesFirstCodeFixProvider : CodeFixProvider
    {
        internal const string WaitKey = "SOCK003.WaitForClientClose";
        internal const string TimeoutConstant = "ClientCloseTimeoutMilliseconds";
        internal const string SyncHelper = "WaitForClientClose";
        internal const string AsyncHelper = "WaitForClientCloseAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.SOCK003_ServerClosesFirst.Id);

        public override FixAllProvider GetFixAllProvider() => new DocumentBatchFixAllProvider(FixDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Plan.TryCreate(root, model, diagnostic, context.CancellationToken) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Wait for the client to close first",
                    ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    WaitKey),
                diagnostic);
        }

        private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = editor.OriginalRoot;
            var model = editor.SemanticModel;
            var helpers = new Dictionary<TypeDeclarationSyntax, HashSet<Helper>>();
            var blockEnds = new Dictionary<BlockSyntax, List<StatementSyntax>>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan.TryCreate(root, model, diagnostic, cancellationToken) is not { } plan)
                {
                    continue;
                }

                plan.Apply(editor, blockEnds);
                if (!helpers.TryGetValue(plan.Type, out var set))
                {
                    set = new HashSet<Helper>();
                    helpers[plan.Type] = set;
                }

                set.Add(plan.Helper);
            }

            foreach (var pair in blockEnds)
            {
                var block = pair.Key;
                var added = pair.Value;
                editor.ReplaceNode(block, (current, _) =>
                {
                    var updated = (BlockSyntax)current;
                    var statements = updated.Statements;
                    int at = statements.Count;
                    if (at > 0 && statements[at - 1] is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax
                        or ContinueStatementSyntax or GotoStatementSyntax or YieldStatementSyntax)
                    {
                        at--;
                    }

                    return updated.WithStatements(statements.InsertRange(at, added));
                });
            }

            foreach (var pair in helpers)
            {
                AddHelpers(editor, model, pair.Key, pair.Value, cancellationToken);
            }

            return editor.GetChangedDocument();
        }

        private enum Helper
        {
            SyncSocket,
            SyncStream,
            AsyncSocket,
            AsyncStream,
        }

        private sealed class Plan
        {
            private Plan(TypeDeclarationSyntax type, Helper helper, ImmutableArray<StatementSyntax> statements, SyntaxNode anchor, PlanKind kind)
            {
                Type = type;
                Helper = helper;
                Statements = statements;
                Anchor = anchor;
                Kind = kind;
            }

            private enum PlanKind
            {
                Before,
                EndOfBlock,
                WrapEmbedded,
            }

            public TypeDeclarationSyntax Type { get; }
            public Helper Helper { get; }
            private ImmutableArray<StatementSyntax> Statements { get; }
            private SyntaxNode Anchor { get; }
            private PlanKind Kind { get; }

            public void Apply(DocumentEditor editor, Dictionary<BlockSyntax, List<StatementSyntax>> blockEnds)
            {
                switch (Kind)
                {
                    case PlanKind.Before:
                        editor.InsertBefore(Anchor, Statements);
                        break;
                    case PlanKind.EndOfBlock:
                        var block = (BlockSyntax)Anchor;
                        if (!blockEnds.TryGetValue(block, out var list))
                        {
                            list = new List<StatementSyntax>();
                            blockEnds[block] = list;
                        }

                        list.AddRange(Statements);
                        break;
                    case PlanKind.WrapEmbedded:
                        var embedded = (StatementSyntax)Anchor;
                        editor.ReplaceNode(embedded, (current, _) => SyntaxFactory.Block(
                                new[] { ((StatementSyntax)current).WithoutTrivia() }.Concat(Statements))
                            .WithAdditionalAnnotations(Formatter.Annotation));
                        break;
                }
            }

            public static Plan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (!diagnostic.Properties.TryGetValue(ServerClosesFirstAnalyzer.FixKindProperty, out var fixKind)
                    || !diagnostic.Properties.TryGetValue(ServerClosesFirstAnalyzer.AliasesProperty, out var aliasText)
                    || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
                {
                    return null;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                SyntaxNode anchor;
                PlanKind kind;
                int position;
                switch (fixKind)
                {
                    case ServerClosesFirstAnalyzer.StatementFix:
                        var statement = node.FirstAncestorOrSelf<StatementSyntax>();
                        if (statement is null || !(statement.Parent is BlockSyntax or SwitchSectionSyntax))
                        {
                            return null;
                        }

                        anchor = statement;
                        kind = PlanKind.Before;
                        position = statement.SpanStart;
                        break;
                    case ServerClosesFirstAnalyzer.UsingStatementFix:
                        var usingStatement = node.FirstAncestorOrSelf<UsingStatementSyntax>();
                        if (usingStatement is null)
                        {
                            return null;
                        }

                        if (usingStatement.Statement is BlockSyntax body)
                        {
                            anchor = body;
                            kind = PlanKind.EndOfBlock;
                            position = body.CloseBraceToken.SpanStart;
                        }
                        else
                        {
                            anchor = usingStatement.Statement;
                            kind = PlanKind.WrapEmbedded;
                            position = usingStatement.Statement.Span.End;
                        }

                        break;
                    case ServerClosesFirstAnalyzer.UsingDeclarationFix:
                        if (node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()?.Parent is not BlockSyntax block)
                        {
                            return null;
                        }

                        anchor = block;
                        kind = PlanKind.EndOfBlock;
                        var last = block.Statements.LastOrDefault();
                        position = last is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax
                            or GotoStatementSyntax or YieldStatementSyntax
                            ? last.SpanStart
                            : block.CloseBraceToken.SpanStart;
                        break;
                    default:
                        return null;
                }

                var type = anchor.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                if (type is null || type is InterfaceDeclarationSyntax)
                {
                    return null;
                }

                bool isAsync = IsAsyncContext(anchor);
                var aliases = VisibleAliases(anchor, position, aliasText ?? string.Empty);
                var text = new System.Text.StringBuilder();
                foreach (var (name, aliasKind) in aliases)
                {
                    if (aliasKind is "StreamWriter" or "TextWriter")
                    {
                        text.Append(isAsync ? "await " + name + ".FlushAsync();\n" : name + ".Flush();\n");
                    }
                    else if (aliasKind == "BinaryWriter")
                    {
                        text.Append(name).Append(".Flush();\n");
                    }
                }

                string? socket = aliases.Select(a => a.Kind switch
                {
                    "Socket" => a.Name,
                    "TcpClient" => a.Name + ".Client",
                    _ => null,
                }).FirstOrDefault(s => s != null);
                string? stream = aliases.Select(a => a.Kind switch
                {
                    "Stream" => (Rank: 0, Text: a.Name),
                    "StreamReader" or "StreamWriter" or "BinaryReader" or "BinaryWriter" => (Rank: 1, Text: a.Name + ".BaseStream"),
                    "TcpClient" => (Rank: 2, Text: a.Name + ".GetStream()"),
                    _ => (Rank: 3, Text: (string?)null),
                }).Where(c => c.Text != null).OrderBy(c => c.Rank).Select(c => c.Text).FirstOrDefault();

                Helper helper;
                if (isAsync)
                {
                    string? token = CancellationTokenInScope(model, anchor, cancellationToken);
                    string argument = stream ?? socket ?? string.Empty;
                    if (argument.Length == 0)
                    {
                        return null;
                    }

                    helper = stream != null ? Helper.AsyncStream : Helper.AsyncSocket;
                    text.Append("await ").Append(AsyncHelper).Append('(').Append(argument)
                        .Append(token is null ? string.Empty : ", " + token).Append(");\n");
                }
                else
                {
                    string? argument = socket ?? stream;
                    if (argument is null)
                    {
                        return null;
                    }

                    helper = socket != null ? Helper.SyncSocket : Helper.SyncStream;
                    text.Append(SyncHelper).Append('(').Append(argument).Append(");\n");
                }

                // `await` outside an async method does not parse as a keyword: build await statements from their operand.
                var builder = ImmutableArray.CreateBuilder<StatementSyntax>();
                foreach (var line in text.ToString().Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    StatementSyntax parsed;
                    if (line.StartsWith("await ", StringComparison.Ordinal))
                    {
                        var operand = SyntaxFactory.ParseExpression(line.Substring(6).TrimEnd(';'));
                        parsed = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(operand));
                    }
                    else
                    {
                        parsed = SyntaxFactory.ParseStatement(line);
                    }

                    if (parsed.ContainsDiagnostics)
                    {
                        return null;
                    }

                    builder.Add(parsed.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
                }

                var statements = builder.ToImmutable();
                return new Plan(type, helper, statements, anchor, kind);
            }

            private static bool IsAsyncContext(SyntaxNode node)
            {
                foreach (var ancestor in node.AncestorsAndSelf())
                {
                    switch (ancestor)
                    {
                        case AnonymousFunctionExpressionSyntax lambda:
                            return !lambda.AsyncKeyword.IsKind(SyntaxKind.None);
                        case LocalFunctionStatementSyntax local:
                            return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                        case MethodDeclarationSyntax method:
                            return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                        case MemberDeclarationSyntax:
                            return false;
                    }
                }

                return false;
            }

            /// <summary>The connection's aliases (name:kind pairs from the analyzer) that are in scope and declared before the position.</summary>
            private static List<(string Name, string Kind)> VisibleAliases(SyntaxNode anchor, int position, string aliasText)
            {
                var result = new List<(string, string)>();
                var member = anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                if (member is null)
                {
                    return result;
                }

                foreach (var entry in aliasText.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    int colon = entry.IndexOf(':');
                    if (colon > 0 && IsVisible(member, entry.Substring(0, colon), position))
                    {
                        result.Add((entry.Substring(0, colon), entry.Substring(colon + 1)));
                    }
                }

                return result;
            }

            /// <summary>A parameter of a function around the position, or a local declared before it in a scope around it.</summary>
            private static bool IsVisible(MemberDeclarationSyntax member, string name, int position)
            {
                foreach (var node in member.DescendantNodes())
                {
                    switch (node)
                    {
                        case ParameterSyntax parameter when parameter.Identifier.ValueText == name:
                            if (parameter.Parent?.Parent is { } function && function.Span.Contains(position))
                            {
                                return true;
                            }

                            break;
                        case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                            SyntaxNode? scope = declarator.Parent?.Parent switch
                            {
                                LocalDeclarationStatementSyntax statement => statement.Parent,
                                UsingStatementSyntax usingStatement => usingStatement,
                                ForStatementSyntax forStatement => forStatement,
                                FixedStatementSyntax fixedStatement => fixedStatement,
                                _ => null,
                            };
                            if (scope != null && scope.Span.Contains(position) && declarator.Span.End <= position)
                            {
                                return true;
                            }

                            break;
                    }
                }

                return false;
            }

            /// <summary>A CancellationToken parameter of the innermost function around the anchor that has one.</summary>
            private static string? CancellationTokenInScope(SemanticModel model, SyntaxNode anchor, CancellationToken cancellationToken)
            {
                var tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
                if (tokenType is null)
                {
                    return null;
                }

                foreach (var ancestor in anchor.Ancestors())
                {
                    IEnumerable<ParameterSyntax> parameters = ancestor switch
                    {
                        ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
                        SimpleLambdaExpressionSyntax simple => new[] { simple.Parameter },
                        AnonymousMethodExpressionSyntax anonymous when anonymous.ParameterList != null => anonymous.ParameterList.Parameters,
                        LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                        BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                        _ => Enumerable.Empty<ParameterSyntax>(),
                    };
                    foreach (var parameter in parameters)
                    {
                        if (model.GetDeclaredSymbol(parameter, cancellationToken) is { } symbol
                            && SymbolEqualityComparer.Default.Equals(symbol.Type, tokenType))
                        {
                            return symbol.Name;
                        }
                    }

                    if (ancestor is MemberDeclarationSyntax)
                    {
                        break;
                    }
                }

                return null;
            }
        }

        // ------------------------------------------------------------------ helpers added to the type

        private static void AddHelpers(DocumentEditor editor, SemanticModel model, TypeDeclarationSyntax type, HashSet<Helper> needed, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol symbol)
            {
                return;
            }

            var members = new List<MemberDeclarationSyntax>();
            if (symbol.GetMembers(TimeoutConstant).IsEmpty)
            {
                members.Add(Parse("private const int " + TimeoutConstant + " = 5000;\n"));
            }

            foreach (var helper in needed.OrderBy(h => h))
            {
                string name = helper is Helper.SyncSocket or Helper.SyncStream ? SyncHelper : AsyncHelper;
                string parameterType = helper is Helper.SyncSocket or Helper.AsyncSocket ? "System.Net.Sockets.Socket" : "System.IO.Stream";
                bool present = symbol.GetMembers(name).OfType<IMethodSymbol>().Any(m =>
                    m.Parameters.Length >= 1 && m.Parameters[0].Type.ToDisplayString() == parameterType);
                if (!present)
                {
                    members.Add(Parse(HelperText(helper)));
                }
            }

            foreach (var member in members)
            {
                editor.AddMember(type, member);
            }
        }

        private static MemberDeclarationSyntax Parse(string text)
        {
            var member = SyntaxFactory.ParseMemberDeclaration(text)!;
            return member.WithLeadingTrivia(member.GetLeadingTrivia().Insert(0, SyntaxFactory.CarriageReturnLineFeed))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }

        private const string Summary =
            "/// <summary>\n" +
            "/// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT\n" +
            "/// state: reads and discards until the client's EOF, for at most " + TimeoutConstant + ".\n" +
            "/// A reset or an already closed connection also ends the wait.\n" +
            "/// </summary>\n";

        private static string HelperText(Helper helper) => helper switch
        {
            Helper.SyncSocket => Summary +
                "private static void " + SyncHelper + "(System.Net.Sockets.Socket socket)\n{\n" +
                "var buffer = new byte[1024];\n" +
                "var deadline = System.DateTime.UtcNow.AddMilliseconds(" + TimeoutConstant + ");\n" +
                "try\n{\n" +
                "while (true)\n{\n" +
                "var left = deadline - System.DateTime.UtcNow;\n" +
                "if (left <= System.TimeSpan.Zero || !socket.Poll((int)(left.Ticks / 10), System.Net.Sockets.SelectMode.SelectRead))\n{\nreturn;\n}\n\n" +
                "if (socket.Receive(buffer) == 0)\n{\nreturn;\n}\n" +
                "}\n}\n" +
                "catch (System.Net.Sockets.SocketException)\n{\n}\n" +
                "catch (System.ObjectDisposedException)\n{\n}\n" +
                "}\n",
            Helper.SyncStream => Summary +
                "private static void " + SyncHelper + "(System.IO.Stream stream)\n{\n" +
                "var buffer = new byte[1024];\n" +
                "var deadline = System.DateTime.UtcNow.AddMilliseconds(" + TimeoutConstant + ");\n" +
                "try\n{\n" +
                "while (stream.CanTimeout)\n{\n" +
                "var left = deadline - System.DateTime.UtcNow;\n" +
                "if (left <= System.TimeSpan.Zero)\n{\nreturn;\n}\n\n" +
                "stream.ReadTimeout = System.Math.Max(1, (int)left.TotalMilliseconds);\n" +
                "if (stream.Read(buffer, 0, buffer.Length) == 0)\n{\nreturn;\n}\n" +
                "}\n}\n" +
                "catch (System.IO.IOException)\n{\n}\n" +
                "catch (System.ObjectDisposedException)\n{\n}\n" +
                "catch (System.InvalidOperationException)\n{\n}\n" +
                "}\n",
            Helper.AsyncSocket => Summary +
                "private static async System.Threading.Tasks.Task " + AsyncHelper + "(System.Net.Sockets.Socket socket, System.Threading.CancellationToken cancellationToken = default)\n{\n" +
                "var buffer = new byte[1024];\n" +
                "using (var timeout = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))\n{\n" +
                "timeout.CancelAfter(" + TimeoutConstant + ");\n" +
                "try\n{\n" +
                "using (var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false))\n{\n" +
                "while (await stream.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false) > 0)\n{\n}\n" +
                "}\n" +
                "}\n" +
                "catch (System.OperationCanceledException)\n{\n}\n" +
                "catch (System.IO.IOException)\n{\n}\n" +
                "catch (System.ObjectDisposedException)\n{\n}\n" +
                "}\n}\n",
            _ => Summary +
                "private static async System.Threading.Tasks.Task " + AsyncHelper + "(System.IO.Stream stream, System.Threading.CancellationToken cancellationToken = default)\n{\n" +
                "var buffer = new byte[1024];\n" +
                "using (var timeout = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))\n{\n" +
                "timeout.CancelAfter(" + TimeoutConstant + ");\n" +
                "try\n{\n" +
                "while (await stream.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false) > 0)\n{\n}\n" +
                "}\n" +
                "catch (System.OperationCanceledException)\n{\n}\n" +
                "catch (System.IO.IOException)\n{\n}\n" +
                "catch (System.ObjectDisposedException)\n{\n}\n" +
                "}\n}\n",
        };
    }
}
