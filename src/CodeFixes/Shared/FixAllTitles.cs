using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketAnalyzers.CodeFixes
{
    /// <summary>Readable fix-all titles: the fix's own title and where it applies ("Use ProtocolType.Tcp in 'Server.cs'").</summary>
    internal static class FixAllTitles
    {
        /// <summary>The title of a fix-all of the fix titled <paramref name="fixTitle"/>.</summary>
        internal static string For(FixAllContext context, string fixTitle) => context.Scope switch
        {
            FixAllScope.Document when context.Document is { } document => fixTitle + " everywhere in '" + document.Name + "'",
            FixAllScope.Project => fixTitle + " everywhere in project '" + context.Project.Name + "'",
            FixAllScope.Solution => fixTitle + " everywhere in the solution",
            _ => fixTitle + " everywhere",
        };

        /// <summary>The title of a fix-all of the fix with this equivalence key, when the key alone says what it does.</summary>
        internal static string For(FixAllContext context)
            => For(context, FixTitle(context.CodeActionEquivalenceKey) ?? "Fix " + string.Join(", ", context.DiagnosticIds));

        /// <summary>The fix title that goes with an equivalence key, for fixes whose title does not vary.</summary>
        internal static string? FixTitle(string? equivalenceKey) => equivalenceKey switch
        {
            ListenerWithoutAddressReuseCodeFixProvider.UseTcpKey => "Use ProtocolType.Tcp",
            ListenerWithoutAddressReuseCodeFixProvider.SetReuseAddressKey => "Set SO_REUSEADDR before bind",
            "SOCK003.WaitForClientClose" => "Wait for the client to close first",
            "SOCK004.RemoveReuse" => "Remove the address-reuse statement",
            "SOCK004.BindPortZero" => "Bind local port 0",
            "SOCK005.UseLingerState" => "Set LingerState to a LingerOption",
            "SOCK005.UseTypedOverload" => "Call the typed SetSocketOption overload",
            "SOCK006.MoveBeforeBind" => "Move the address-reuse option before Bind",
            "SOCK007.RemoveReuseStatement" => "Remove the address-reuse statement",
            "SOCK008.RemoveReuseAddress" => "Remove the ReuseAddress option",
            "SOCK009.UseOwningLevel" => "Use the level that owns the option",
            "SOCK010.AssignNewLingerOption" => "Assign a new LingerOption to LingerState",
            "SOCK011.UseSizeOfValue" => "Pass the size of the option value",
            SocketPInvokeFixes.SetLastErrorKey => "Add SetLastError = true",
            SocketPInvokeFixes.PassAddressKey => "Pass the address of the value",
            SocketPInvokeFixes.PassByReferenceKey => "Declare the option value by reference and update callers",
            "SOCK014.RemoveAbortiveClose" => "Remove the abortive close",
            _ => null,
        };
    }
}
