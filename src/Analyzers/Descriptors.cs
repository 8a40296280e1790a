using Microsoft.CodeAnalysis;

namespace SocketAnalyzers
{
    /// <summary>
    /// The catalogue of every SocketAnalyzers rule. Ids are fixed for the life of the project; every descriptor
    /// links to its page under docs/rules. Messages must agree with the measured facts in
    /// docs/facts.md.
    /// </summary>
    internal static class Descriptors
    {
        internal const string HelpLinkBase = "https://github.com/SocketAnalyzers/SocketAnalyzers/blob/main/docs/rules/";

        internal const string Reliability = "Reliability";
        internal const string Security = "Security";

        internal static string HelpLink(string id) => HelpLinkBase + id + ".md";

        private static DiagnosticDescriptor Rule(
            string id, string title, string message, string category, DiagnosticSeverity severity, string description)
            => new DiagnosticDescriptor(
                id, title, message, category, severity, isEnabledByDefault: true, description: description,
                helpLinkUri: HelpLink(id));

        internal static readonly DiagnosticDescriptor SOCK001_ListenerWithoutAddressReuse = Rule(
            "SOCK001",
            "Listening socket cannot restart while old connections are in TIME_WAIT",
            "'{0}' {1}, so this listener cannot restart ({2}) while old connections are in TIME_WAIT; {3}",
            Reliability,
            DiagnosticSeverity.Warning,
            "A TCP listener whose bind does not allow address reuse fails to restart with 'Address already in use' " +
            "while connections from its previous run sit in TIME_WAIT. .NET sets SO_REUSEADDR before every bind only " +
            "when the socket's protocol is ProtocolType.Tcp; raw bind() needs setsockopt(SOL_SOCKET, SO_REUSEADDR) first.");

        internal static readonly DiagnosticDescriptor SOCK002_SetsockoptValueForReference = Rule(
            "SOCK002",
            "Value passed where setsockopt expects a reference",
            "'{0}' passes the option value itself where {1} expects its address, so the call fails with EFAULT; {2}",
            Reliability,
            DiagnosticSeverity.Warning,
            "setsockopt and getsockopt take the address of the option value. Passing the value itself makes the kernel " +
            "read from (or, for getsockopt, write to) the number as if it were an address: the call fails with EFAULT " +
            "and the option is left unchanged. Declare the parameter ref/out, or pass the address of a variable: a 'ref' " +
            "parameter, '&value' in unsafe code, or a Marshal.AllocHGlobal buffer written with Marshal.WriteInt32.");

        internal static readonly DiagnosticDescriptor SOCK003_ServerClosesFirst = Rule(
            "SOCK003",
            "Server closes accepted connections first",
            "Server closes the accepted connection first ({0}) after writing to it: one TIME_WAIT socket per connection; wait for the client's EOF",
            Reliability,
            DiagnosticSeverity.Warning,
            "Whoever sends the first FIN keeps the connection in TIME_WAIT. A busy server that closes each accepted " +
            "connection before the client does accumulates one TIME_WAIT socket per connection. Wait for the client's EOF " +
            "(a read that returns 0), with a timeout, before closing.");

        internal static readonly DiagnosticDescriptor SOCK004_ClientFixedPortWithReuse = Rule(
            "SOCK004",
            "Client binds a fixed local port with address reuse",
            "'{0}' allows address reuse, then binds {1} and connects: reconnecting while that port is in TIME_WAIT fails; {2}",
            Reliability,
            DiagnosticSeverity.Warning,
            "With address reuse a client can bind a local port that still has a connection in TIME_WAIT, and " +
            "reconnecting to the same peer then fails with 'Cannot assign requested address' (errno 99, against peers without " +
            "TCP timestamps). A reserved-port search " +
            "keeps returning the same port instead of moving on.");

        internal static readonly DiagnosticDescriptor SOCK005_OptionNeedsObject = Rule(
            "SOCK005",
            "Socket option that needs an object is given a value",
            "The {0} '{1}' is passed where {2} needs {3}, so the call fails {4}; {5}",
            Reliability,
            DiagnosticSeverity.Warning,
            "Linger needs a LingerOption and the multicast membership options need a MulticastOption or " +
            "IPv6MulticastOption; numeric options need the typed overload, because the object overload accepts only those " +
            "option objects. The wrong kind throws at run time (on Linux even where Windows accepted it).");

        internal static readonly DiagnosticDescriptor SOCK006_ReuseOptionAfterBind = Rule(
            "SOCK006",
            "Address-reuse option set after Bind",
            "{0} on '{1}' comes after its {2}: {3}; {4}",
            Reliability,
            DiagnosticSeverity.Warning,
            "Address-reuse options only affect a bind that happens after them. After Bind the ExclusiveAddressUse " +
            "setter throws InvalidOperationException; SetSocketOption does nothing for that bind and, on a listening " +
            "socket, sets SO_REUSEPORT on Linux so that another socket can bind the same port. The diagnostic's " +
            "additional location is the Bind (or Start, bind()) the option comes after.");

        internal static readonly DiagnosticDescriptor SOCK007_ListenerShareablePort = Rule(
            "SOCK007",
            "ReuseAddress on a listening socket lets other processes share the port",
            "{0} gives {1} SO_REUSEPORT on Linux: another process of the same user can bind the port and take its connections; {2}",
            Security,
            DiagnosticSeverity.Warning,
            "On Linux ReuseAddress = true and ExclusiveAddressUse = false also set SO_REUSEPORT: another socket or " +
            "process of the same user can bind the same port and take its connections. .NET already sets SO_REUSEADDR " +
            "for TCP binds, so the setting buys nothing for restarts.");

        internal static readonly DiagnosticDescriptor SOCK008_ContradictoryReusePolicy = Rule(
            "SOCK008",
            "Contradictory address-reuse policy",
            "'{0}' also gets ExclusiveAddressUse = true: whichever is set last wins on Linux, the second fails on Windows; remove this ReuseAddress option",
            Reliability,
            DiagnosticSeverity.Warning,
            "A socket set to both ExclusiveAddressUse = true and ReuseAddress = true gets whichever came last on Linux, " +
            "silently, and the second fails with WSAEINVAL on Windows. The diagnostic's additional location is the " +
            "ExclusiveAddressUse statement.");

        internal static readonly DiagnosticDescriptor SOCK009_OptionAtWrongLevel = Rule(
            "SOCK009",
            "Socket option at the wrong level",
            "{0} is not a SocketOptionLevel.{1} option: on Linux this call {2}; use {3}",
            Reliability,
            DiagnosticSeverity.Warning,
            "SocketOptionName members share numbers across levels (NoDelay == Debug, ReuseAddress == IpTimeToLive). " +
            "At the wrong level the call silently sets (or reads) the option that has the same number at that level, " +
            "or, where the level has no option with that number on Linux, throws OperationNotSupported there.");

        internal static readonly DiagnosticDescriptor SOCK010_LingerStateCopyMutated = Rule(
            "SOCK010",
            "Mutating the copy returned by LingerState",
            "Setting {0} on '{1}' changes a copy (LingerState returns a new LingerOption on each read), so the socket keeps its setting; {2}",
            Reliability,
            DiagnosticSeverity.Warning,
            "LingerState returns a new LingerOption each time it is read; changing its Enabled or LingerTime does not " +
            "change the socket.");

        internal static readonly DiagnosticDescriptor SOCK011_OptlenMismatch = Rule(
            "SOCK011",
            "Option length does not match the option value",
            "optlen is {0} but the option value '{1}' is {2} ({3}): {4}; {5}",
            Reliability,
            DiagnosticSeverity.Warning,
            "setsockopt and getsockopt read optlen bytes at the option-value address. Too small fails with EINVAL; " +
            "too large makes the kernel read the wrong bytes.");

        internal static readonly DiagnosticDescriptor SOCK012_SocketPInvokeWithoutSetLastError = Rule(
            "SOCK012",
            "Socket P/Invoke without SetLastError",
            "'{0}' is imported without SetLastError = true, so Marshal.GetLastPInvokeError() cannot report why {1} failed; add it to the {2}",
            Reliability,
            DiagnosticSeverity.Warning,
            "Without SetLastError = true the runtime does not save errno after the call, so " +
            "Marshal.GetLastPInvokeError() or GetLastWin32Error() read after it returns the error of some earlier call " +
            "that did capture one, or 0, never the reason this call failed. Reported with certainty at such a read (its " +
            "additional location is the import), and " +
            "at an import that omits the flag; an explicit SetLastError = false nobody reads the error of is left alone.");

        internal static readonly DiagnosticDescriptor SOCK013_RawOptionWithWindowsNumbers = Rule(
            "SOCK013",
            "Raw socket option built from .NET enum numbers",
            "'{0}' is the Winsock {1}: on Linux {2}, so {3}; use {4}",
            Reliability,
            DiagnosticSeverity.Warning,
            "SocketOptionLevel and SocketOptionName carry Winsock numbers. SetRawSocketOption and GetRawSocketOption " +
            "pass their arguments to the platform unchanged, so on Linux they name another option or none (Winsock's SOL_SOCKET " +
            "is 0xffff, Linux's is 1); the typed " +
            "SetSocketOption and GetSocketOption overloads translate them.");

        internal static readonly DiagnosticDescriptor SOCK014_AbortiveClose = Rule(
            "SOCK014",
            "Abortive close discards data in flight",
            "{0} {1}: data not yet delivered to the peer can be lost and the peer gets ConnectionReset; {2}",
            Reliability,
            DiagnosticSeverity.Info,
            "Linger enabled with a zero timeout, and Disconnect(true), make close send RST: no TIME_WAIT, but data " +
            "still in flight is lost and the peer sees ConnectionReset.");
    }
}
