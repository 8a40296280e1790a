using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>
    /// SOCK003 fix, the planning half: for one diagnostic, where the wait goes (before the close statement, at the
    /// end of the using block or of the using declaration's scope, or wrapped around an embedded statement), what it
    /// says (flush the connection's writers, then <c>WaitForClientClose(...)</c> or
    /// <c>await WaitForClientCloseAsync(..., cancellationToken)</c> on an alias of the connection visible there), and
    /// which helper the type then needs (<see cref="WaitHelpers"/>). Reads the analyzer's FixKind and Aliases
    /// properties.
    /// </summary>
    internal sealed class ClientCloseWaitPlan
    {
        private const string SyncHelper = ServerClosesFirstCodeFixProvider.SyncHelper;
        private const string AsyncHelper = ServerClosesFirstCodeFixProvider.AsyncHelper;

        private ClientCloseWaitPlan(SyntaxNode type, WaitHelper helper, ImmutableArray<StatementSyntax> statements, SyntaxNode anchor, PlanKind kind)
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
        public WaitHelper Helper { get; }
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

        public static ClientCloseWaitPlan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string endOfLine, CancellationToken cancellationToken)
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
                        position = ServerClosesFirstCodeFixProvider.IsJump(lastGlobal.Statement) ? lastGlobal.SpanStart : lastGlobal.Span.End;
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

            WaitHelper helper;
            if (isAsync)
            {
                string? token = CancellationTokenInScope(model, anchor, cancellationToken);
                string argument = stream ?? socket ?? string.Empty;
                if (argument.Length == 0)
                {
                    return null;
                }

                helper = stream != null ? WaitHelper.AsyncStream : WaitHelper.AsyncSocket;
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

                helper = socket != null ? WaitHelper.SyncSocket : WaitHelper.SyncStream;
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
            return new ClientCloseWaitPlan(type, helper, statements, anchor, kind);
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
}
