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
    /// <para>
    /// This file applies the fix (one document, or a batch); <see cref="ClientCloseWaitPlan"/> decides where the wait
    /// goes and what it says, <see cref="WaitHelpers"/> writes the helpers.
    /// </para>
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
            if (root is null || model is null || ClientCloseWaitPlan.TryCreate(root, model, diagnostic, "\n", context.CancellationToken) is null)
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
            var helpers = new Dictionary<SyntaxNode, HashSet<WaitHelper>>();
            var blockEnds = new Dictionary<BlockSyntax, List<StatementSyntax>>();
            var topLevelEnd = new List<StatementSyntax>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (ClientCloseWaitPlan.TryCreate(root, model, diagnostic, endOfLine, cancellationToken) is not { } plan)
                {
                    continue;
                }

                plan.Apply(editor, blockEnds, topLevelEnd);
                if (!helpers.TryGetValue(plan.Type, out var set))
                {
                    set = new HashSet<WaitHelper>();
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
                    WaitHelpers.AddToType(editor, model, type, pair.Value, endOfLine, cancellationToken);
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
                    unit, WaitHelpers.TopLevel(model, (CompilationUnitSyntax)root, helpers[topLevelHelpers], endOfLine, cancellationToken), endOfLine);
            }

            return await MemberInsertion.SimplifyAndFormatAsync(document.WithSyntaxRoot(unit), endOfLine, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A statement that leaves the block: statements that go last go before it.</summary>
        internal static bool IsJump(StatementSyntax statement)
            => statement is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax
                or GotoStatementSyntax or YieldStatementSyntax;
    }
}
