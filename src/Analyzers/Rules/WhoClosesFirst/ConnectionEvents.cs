using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers
{
    // SOCK003: the vocabulary of the analysis. Following a connection through one body (ConnectionFlow) produces a
    // ConnectionSummary: the ConnectionEvents that happen to it, in source order. The rule's check
    // (SOCK003_ServerClosesFirst) reads these lists and nothing else.

    /// <summary>
    /// What happens to the connection at one point. The order of the values breaks ties between events at the same
    /// position (a write before an end-of-stream observation before an unknown use...).
    /// </summary>
    internal enum ConnectionEventKind
    {
        /// <summary>The server sends on it (Send*, Write*, CopyTo into it).</summary>
        Write,

        /// <summary>The server observes the client's end of stream (see <see cref="EndOfStreamIdioms"/>).</summary>
        Eof,

        /// <summary>A use the analysis cannot see into: it stops following the connection there.</summary>
        Unknown,

        /// <summary>Passed to a method of the same type (or a local function): continue in that method's summary.</summary>
        Call,

        /// <summary>Closed: Close, Dispose, Shutdown(Send/Both), Disconnect, or the end of a using.</summary>
        Close,

        /// <summary>Given to the constructor of a session type of this compilation (see <see cref="SessionTypes"/>).</summary>
        Handoff,
    }

    internal sealed class ConnectionEvent
    {
        public ConnectionEvent(int position, ConnectionEventKind kind)
        {
            Position = position;
            Kind = kind;
        }

        public int Position { get; }
        public ConnectionEventKind Kind { get; }

        /// <summary>The order in which the event was found, to keep the sort stable.</summary>
        public int Order { get; set; }

        /// <summary>For Call and Handoff: the method or constructor given the connection, and the parameter's ordinal.</summary>
        public IMethodSymbol? Callee { get; set; }
        public int Ordinal { get; set; }

        /// <summary>False when the connection was wrapped in a stream told to leave it open: a close then closes nothing.</summary>
        public bool Owns { get; set; } = true;

        /// <summary>For Close: where SOCK003 is reported, the message's argument and the fix to offer.</summary>
        public Location? Location { get; set; }
        public string What { get; set; } = string.Empty;
        public string FixKind { get; set; } = string.Empty;
    }

    /// <summary>What happens to one connection value in one body, in source order.</summary>
    internal sealed class ConnectionSummary
    {
        public ConnectionSummary(List<ConnectionEvent> events, string aliases)
        {
            Events = events;
            Aliases = aliases;
        }

        public List<ConnectionEvent> Events { get; }

        /// <summary>The locals, parameters and fields that hold the connection, as <c>name:Kind;...</c> for the code fix.</summary>
        public string Aliases { get; }

        /// <summary>For an accepted connection: the listener it was accepted from (a Unix-domain listener is not reported).</summary>
        public ISymbol? Listener { get; set; }
    }
}
