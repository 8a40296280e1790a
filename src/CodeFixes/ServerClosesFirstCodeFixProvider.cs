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
using SocketAnalyzers.CodeFixes.Shared;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK003 fix: right before the server's close, flush any writer of the connection and wait for the client to close
    /// first: <c>WaitForClientClose(socket)</c> or <c>await WaitForClientCloseAsync(stream, cancellationToken)</c>, a
    /// private static helper added once per type (reused when present) that reads and discards until the client's EOF or
    /// <c>ClientCloseTimeoutMilliseconds</c> (5 s), treating a reset or a disposed connection as done. The helpers use
    /// only APIs that netstandard2.0 also has. In a top-level program the helpers are static local functions after the
    /// last statement. Helpers go after any <c>#if</c>/<c>#region</c> block the members end in, in the document's line
    /// endings, and a helper that is already there when the fix applies (another target's edit of a linked file) is
    /// reused, as is a wait that is already right before the close.
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
            if (root is null || model is null || Plan.TryCreate(root, model, diagnostic, "\n", context.CancellationToken) is null)
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
            string endOfLine = MemberInsertion.EndOfLine(root);
            var helpers = new Dictionary<SyntaxNode, HashSet<Helper>>();
            var blockEnds = new Dictionary<BlockSyntax, List<StatementSyntax>>();
            var topLevelEnd = new List<StatementSyntax>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan.TryCreate(root, model, diagnostic, endOfLine, cancellationToken) is not { } plan)
                {
                    continue;
                }

                plan.Apply(editor, blockEnds, topLevelEnd);
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
                    if (at > 0 && IsJump(statements[at - 1]))
                    {
                        at--;
                    }

                    return updated.WithStatements(statements.InsertRange(at, added));
                });
            }

            CompilationUnitSyntax? topLevelHelpers = null;
            foreach (var pair in helpers)
            {
                if (pair.Key is TypeDeclarationSyntax type)
                {
                    AddHelpers(editor, model, type, pair.Value, endOfLine, cancellationToken);
                }
                else
                {
                    topLevelHelpers = (CompilationUnitSyntax)pair.Key;
                }
            }

            if (topLevelHelpers is null && topLevelEnd.Count == 0)
            {
                return await MemberInsertion.SimplifyAndFormatAsync(editor.GetChangedDocument(), endOfLine, cancellationToken).ConfigureAwait(false);
            }

            // Top-level programs: the statements that go last and the local functions go after the last statement, on
            // the edited file (the editor has no node to anchor an insertion after the last statement on).
            var unit = (CompilationUnitSyntax)editor.GetChangedRoot();
            if (topLevelEnd.Count > 0)
            {
                var globals = unit.Members.OfType<GlobalStatementSyntax>().ToList();
                if (globals.Count > 0 && IsJump(globals[globals.Count - 1].Statement))
                {
                    unit = unit.WithMembers(unit.Members.InsertRange(
                        unit.Members.IndexOf(globals[globals.Count - 1]),
                        topLevelEnd.Select(s => (MemberDeclarationSyntax)SyntaxFactory.GlobalStatement(s))));
                }
                else
                {
                    unit = MemberInsertion.AddTopLevelStatements(unit, topLevelEnd, endOfLine);
                }
            }

            if (topLevelHelpers != null)
            {
                unit = MemberInsertion.AddTopLevelStatements(
                    unit, TopLevelHelpers(model, (CompilationUnitSyntax)root, helpers[topLevelHelpers], endOfLine, cancellationToken), endOfLine);
            }

            return await MemberInsertion.SimplifyAndFormatAsync(document.WithSyntaxRoot(unit), endOfLine, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsJump(StatementSyntax statement)
            => statement is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax
                or GotoStatementSyntax or YieldStatementSyntax;

        private enum Helper
        {
            SyncSocket,
            SyncStream,
            AsyncSocket,
            AsyncStream,
        }

        private sealed class Plan
        {
            private Plan(SyntaxNode type, Helper helper, ImmutableArray<StatementSyntax> statements, SyntaxNode anchor, PlanKind kind)
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
                EndOfTopLevel,
                WrapEmbedded,
            }

            /// <summary>Where the helpers go: the type declaration, or the compilation unit of a top-level program.</summary>
            public SyntaxNode Type { get; }
            public Helper Helper { get; }
            private ImmutableArray<StatementSyntax> Statements { get; }
            private SyntaxNode Anchor { get; }
            private PlanKind Kind { get; }

            public void Apply(DocumentEditor editor, Dictionary<BlockSyntax, List<StatementSyntax>> blockEnds, List<StatementSyntax> topLevelEnd)
            {
                switch (Kind)
                {
                    case PlanKind.Before when Anchor is GlobalStatementSyntax:
                        editor.InsertBefore(Anchor, Statements.Select(s => SyntaxFactory.GlobalStatement(s)));
                        break;
                    case PlanKind.Before:
                        editor.InsertBefore(Anchor, Statements);
                        break;
                    case PlanKind.EndOfTopLevel:
                        topLevelEnd.AddRange(Statements);
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

            public static Plan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string endOfLine, CancellationToken cancellationToken)
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
                        if (statement is null || !(statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
                        {
                            return null;
                        }

                        if (AlreadyWaits(statement))
                        {
                            // The wait is there (a linked file that another target's fix already changed).
                            return null;
                        }

                        anchor = statement.Parent is GlobalStatementSyntax global ? global : statement;
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
                        var declaration = node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
                        if (declaration?.Parent is GlobalStatementSyntax && root is CompilationUnitSyntax unit)
                        {
                            anchor = unit;
                            kind = PlanKind.EndOfTopLevel;
                            var lastGlobal = unit.Members.OfType<GlobalStatementSyntax>().Last();
                            position = IsJump(lastGlobal.Statement) ? lastGlobal.SpanStart : lastGlobal.Span.End;
                            break;
                        }

                        if (declaration?.Parent is not BlockSyntax block)
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

                SyntaxNode? type = anchor.AncestorsAndSelf().FirstOrDefault(a => a is TypeDeclarationSyntax or GlobalStatementSyntax or CompilationUnitSyntax);
                if (type is GlobalStatementSyntax)
                {
                    type = type.Parent;
                }

                if (type is null || type is InterfaceDeclarationSyntax)
                {
                    return null;
                }

                bool isAsync = IsAsyncContext(anchor);
                var aliases = VisibleAliases(model, anchor, position, aliasText ?? string.Empty, cancellationToken);
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

                    builder.Add(parsed.WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(endOfLine)).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
                }

                var statements = builder.ToImmutable();
                return new Plan(type, helper, statements, anchor, kind);
            }

            /// <summary>The statement before <paramref name="statement"/> already calls a wait helper.</summary>
            private static bool AlreadyWaits(StatementSyntax statement)
            {
                StatementSyntax? previous = statement.Parent switch
                {
                    BlockSyntax block => block.Statements.IndexOf(statement) is var i and > 0 ? block.Statements[i - 1] : null,
                    SwitchSectionSyntax section => section.Statements.IndexOf(statement) is var j and > 0 ? section.Statements[j - 1] : null,
                    GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit
                        => unit.Members.IndexOf(global) is var k and > 0 && unit.Members[k - 1] is GlobalStatementSyntax before ? before.Statement : null,
                    _ => null,
                };
                var expression = (previous as ExpressionStatementSyntax)?.Expression;
                if (expression is AwaitExpressionSyntax awaited)
                {
                    expression = awaited.Expression;
                }

                return expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax name }
                    && name.Identifier.ValueText is SyncHelper or AsyncHelper;
            }

            private static bool IsAsyncContext(SyntaxNode node)
            {
                foreach (var ancestor in node.AncestorsAndSelf())
                {
                    switch (ancestor)
                    {
                        case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                            return TopLevelAwaits(unit);
                        case CompilationUnitSyntax unit:
                            return TopLevelAwaits(unit);
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

            /// <summary>True when the top-level statements await (their entry point is async).</summary>
            private static bool TopLevelAwaits(CompilationUnitSyntax unit)
                => unit.Members.OfType<GlobalStatementSyntax>().Any(g => g.DescendantNodesAndSelf(
                        n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .Any(n => n is AwaitExpressionSyntax
                        || (n is LocalDeclarationStatementSyntax local && local.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                        || (n is UsingStatementSyntax usingStatement && usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                        || (n is CommonForEachStatementSyntax forEach && forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))));

            /// <summary>
            /// The connection's aliases (name:kind pairs from the analyzer) that are in scope and declared before the
            /// position: locals and parameters, or fields of the containing type (a session object's connection field)
            /// usable from the code at the position.
            /// </summary>
            private static List<(string Name, string Kind)> VisibleAliases(
                SemanticModel model, SyntaxNode anchor, int position, string aliasText, CancellationToken cancellationToken)
            {
                var result = new List<(string, string)>();
                SyntaxNode? member = anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                if (member is GlobalStatementSyntax or null)
                {
                    // Top-level statements: their locals are visible in every later statement of the file.
                    member = anchor.FirstAncestorOrSelf<CompilationUnitSyntax>();
                }

                if (member is null)
                {
                    return result;
                }

                foreach (var entry in aliasText.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    int colon = entry.IndexOf(':');
                    if (colon > 0 && (IsVisible(member, entry.Substring(0, colon), position)
                        || IsFieldInScope(model, anchor, entry.Substring(0, colon), position, cancellationToken)))
                    {
                        result.Add((entry.Substring(0, colon), entry.Substring(colon + 1)));
                    }
                }

                return result;
            }

            /// <summary>
            /// A field of the type that contains the position (or of a type it is nested in), found by the name the code
            /// at the position would bind, and usable there: static, or read from an instance member.
            /// </summary>
            private static bool IsFieldInScope(SemanticModel model, SyntaxNode anchor, string name, int position, CancellationToken cancellationToken)
            {
                if (anchor.SyntaxTree != model.SyntaxTree || !model.SyntaxTree.GetRoot(cancellationToken).FullSpan.Contains(position))
                {
                    return false;
                }

                var found = model.LookupSymbols(position, name: name);
                if (found.Length != 1 || found[0] is not IFieldSymbol field)
                {
                    return false;
                }

                var enclosing = model.GetEnclosingSymbol(position, cancellationToken);
                var containing = enclosing?.ContainingType;
                bool inType = false;
                for (var type = containing; type != null; type = type.ContainingType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, field.ContainingType))
                    {
                        inType = true;
                        break;
                    }
                }

                if (!inType)
                {
                    return false;
                }

                if (field.IsStatic)
                {
                    return true;
                }

                // An instance field needs `this`: not from a static member, nor from a type nested in the field's type.
                for (var symbol = enclosing; symbol != null && symbol is not INamedTypeSymbol; symbol = symbol.ContainingSymbol)
                {
                    if (symbol.IsStatic)
                    {
                        return false;
                    }
                }

                return SymbolEqualityComparer.Default.Equals(containing, field.ContainingType);
            }

            /// <summary>A parameter of a function around the position, or a local declared before it in a scope around it.</summary>
            private static bool IsVisible(SyntaxNode member, string name, int position)
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
                                LocalDeclarationStatementSyntax statement => statement.Parent is GlobalStatementSyntax global ? global.Parent : statement.Parent,
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

        private static void AddHelpers(DocumentEditor editor, SemanticModel model, TypeDeclarationSyntax type, HashSet<Helper> needed, string endOfLine, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol symbol)
            {
                return;
            }

            // Members already there (written by hand, or by the fix for another target of a linked file) are reused.
            var members = new List<MemberDeclarationSyntax>();
            if (symbol.GetMembers(TimeoutConstant).IsEmpty && !DeclaresInSyntax(type, TimeoutConstant, null))
            {
                members.Add(Parse("private const int " + TimeoutConstant + " = 5000;\n", endOfLine));
            }

            foreach (var helper in needed.OrderBy(h => h))
            {
                var (name, parameterType) = Signature(helper);
                var parameterSymbol = model.Compilation.GetTypeByMetadataName(parameterType);
                bool present = symbol.GetMembers(name).OfType<IMethodSymbol>().Any(m =>
                        m.Parameters.Length >= 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, parameterSymbol))
                    || DeclaresInSyntax(type, name, parameterType);
                if (!present)
                {
                    members.Add(Parse(HelperText(helper), endOfLine));
                }
            }

            if (members.Count > 0)
            {
                editor.ReplaceNode(type, (current, _) => MemberInsertion.AddMembers((TypeDeclarationSyntax)current, members, endOfLine));
            }
        }

        /// <summary>The statements a top-level program needs: the constant and the static local functions not there yet.</summary>
        private static List<StatementSyntax> TopLevelHelpers(SemanticModel model, CompilationUnitSyntax unit, HashSet<Helper> needed, string endOfLine, CancellationToken cancellationToken)
        {
            var statements = unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement).ToList();
            var result = new List<StatementSyntax>();
            bool hasConstant = statements.OfType<LocalDeclarationStatementSyntax>().Any(d =>
                d.IsConst && d.Declaration.Variables.Any(v => v.Identifier.ValueText == TimeoutConstant));
            if (!hasConstant)
            {
                result.Add(ParseStatement("const int " + TimeoutConstant + " = 5000;\n", endOfLine));
            }

            foreach (var helper in needed.OrderBy(h => h))
            {
                var (name, parameterType) = Signature(helper);
                var parameterSymbol = model.Compilation.GetTypeByMetadataName(parameterType);
                bool present = statements.OfType<LocalFunctionStatementSyntax>().Any(f =>
                    f.Identifier.ValueText == name
                    && f.ParameterList.Parameters.Count >= 1
                    && model.GetDeclaredSymbol(f.ParameterList.Parameters[0], cancellationToken) is { } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Type, parameterSymbol));
                if (!present)
                {
                    // The formatter puts a blank line before a local function that follows other statements.
                    result.Add(ParseStatement(TopLevelText(HelperText(helper)), endOfLine, blankLineBefore: result.Count == 0));
                }
            }

            return result;
        }

        private static (string Name, string ParameterType) Signature(Helper helper)
            => (helper is Helper.SyncSocket or Helper.SyncStream ? SyncHelper : AsyncHelper,
                helper is Helper.SyncSocket or Helper.AsyncSocket ? "System.Net.Sockets.Socket" : "System.IO.Stream");

        /// <summary>
        /// A member of that name (and for methods a first parameter written as that type, or its last name part) in
        /// this declaration, for what the semantic model may not show yet.
        /// </summary>
        private static bool DeclaresInSyntax(TypeDeclarationSyntax type, string name, string? parameterType)
        {
            foreach (var member in type.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field when parameterType is null:
                        if (field.Declaration.Variables.Any(v => v.Identifier.ValueText == name))
                        {
                            return true;
                        }

                        break;
                    case MethodDeclarationSyntax method when parameterType != null && method.Identifier.ValueText == name:
                        if (method.ParameterList.Parameters.FirstOrDefault()?.Type is { } written)
                        {
                            string text = written.ToString();
                            if (text == parameterType || parameterType.EndsWith("." + text, StringComparison.Ordinal))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static MemberDeclarationSyntax Parse(string text, string endOfLine)
        {
            var member = SyntaxFactory.ParseMemberDeclaration(MemberInsertion.WithEndOfLine(text, endOfLine))!;
            return member.WithLeadingTrivia(member.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(endOfLine)))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }

        private static StatementSyntax ParseStatement(string text, string endOfLine, bool blankLineBefore = true)
        {
            var statement = SyntaxFactory.ParseStatement(MemberInsertion.WithEndOfLine(text, endOfLine));
            if (blankLineBefore)
            {
                statement = statement.WithLeadingTrivia(statement.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(endOfLine)));
            }

            return statement.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }

        /// <summary>A helper as a static local function of a top-level program: no accessibility, a plain comment.</summary>
        private static string TopLevelText(string memberText)
        {
            var lines = memberText.Split('\n')
                .Where(l => l != "/// <summary>" && l != "/// </summary>")
                .Select(l => l.StartsWith("/// ", StringComparison.Ordinal) ? "// " + l.Substring(4) : l);
            return string.Join("\n", lines).Replace("private static ", "static ");
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
