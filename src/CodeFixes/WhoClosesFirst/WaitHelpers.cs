using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SocketAnalyzers.CodeFixes.Shared;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>The helper a SOCK003 fix calls, by connection form (Socket or Stream) and by sync/async context.</summary>
    internal enum WaitHelper
    {
        SyncSocket,
        SyncStream,
        AsyncSocket,
        AsyncStream,
    }

    /// <summary>
    /// SOCK003 fix, the text half: the <c>WaitForClientClose</c>/<c>WaitForClientCloseAsync</c> helpers and the
    /// <c>ClientCloseTimeoutMilliseconds</c> constant, added once per type as private static members (or, in a
    /// top-level program, as static local functions after the last statement), reusing any already there (written by
    /// hand, or by the fix for another target of a linked file). The helpers use only APIs netstandard2.0 also has.
    /// </summary>
    internal static class WaitHelpers
    {
        private const string TimeoutConstant = ServerClosesFirstCodeFixProvider.TimeoutConstant;
        private const string SyncHelper = ServerClosesFirstCodeFixProvider.SyncHelper;
        private const string AsyncHelper = ServerClosesFirstCodeFixProvider.AsyncHelper;

        internal static void AddToType(DocumentEditor editor, SemanticModel model, TypeDeclarationSyntax type, HashSet<WaitHelper> needed, string endOfLine, CancellationToken cancellationToken)
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
        internal static List<StatementSyntax> TopLevel(SemanticModel model, CompilationUnitSyntax unit, HashSet<WaitHelper> needed, string endOfLine, CancellationToken cancellationToken)
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

        private static (string Name, string ParameterType) Signature(WaitHelper helper)
            => (helper is WaitHelper.SyncSocket or WaitHelper.SyncStream ? SyncHelper : AsyncHelper,
                helper is WaitHelper.SyncSocket or WaitHelper.AsyncSocket ? "System.Net.Sockets.Socket" : "System.IO.Stream");

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

        private static string HelperText(WaitHelper helper) => helper switch
        {
            WaitHelper.SyncSocket => Summary +
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
            WaitHelper.SyncStream => Summary +
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
            WaitHelper.AsyncSocket => Summary +
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
