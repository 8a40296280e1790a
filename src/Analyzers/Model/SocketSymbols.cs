using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers
{
    /// <summary>What a member of the socket API does, as far as the model cares.</summary>
    internal enum SocketMember
    {
        None,
        SetSocketOption,
        GetSocketOption,
        SetRawSocketOption,
        GetRawSocketOption,
        Bind,
        Listen,
        Start,
        Stop,
        Connect,
        Accept,
        Shutdown,
        Close,
        Dispose,
    }

    /// <summary>
    /// One compilation's socket symbols, resolved once and shared by every analyzer (a per-compilation cache, the
    /// shape of a well-known-type provider): the System.Net.Sockets types (<see cref="Types"/>), the members of
    /// Socket/TcpListener/TcpClient/UdpClient the rules read, the option properties, and what each native import
    /// calls. Members are compared by identity (<see cref="SymbolEqualityComparer.Default"/>), never by name alone.
    /// </summary>
    internal sealed class SocketSymbols
    {
        private static readonly ConditionalWeakTable<Compilation, SocketSymbols> s_cache = new();

        private readonly Dictionary<IMethodSymbol, SocketMember> _members = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IPropertySymbol, KnownOption> _optionProperties = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, NativeImport?> _imports = new(SymbolEqualityComparer.Default);

        private SocketSymbols(Compilation compilation)
        {
            Compilation = compilation;
            Types = SocketTypes.TryCreate(compilation);
            MayUseNativeSockets = NativeSocketApi.MayUseNativeSockets(compilation);
            if (Types is null)
            {
                return;
            }

            AddMembers(Types.Socket, SocketMember.SetSocketOption, "SetSocketOption");
            AddMembers(Types.Socket, SocketMember.GetSocketOption, "GetSocketOption");
            AddMembers(Types.Socket, SocketMember.SetRawSocketOption, "SetRawSocketOption");
            AddMembers(Types.Socket, SocketMember.GetRawSocketOption, "GetRawSocketOption");
            AddMembers(Types.Socket, SocketMember.Bind, "Bind");
            AddMembers(Types.Socket, SocketMember.Listen, "Listen");
            AddMembers(Types.Socket, SocketMember.Connect, "Connect", "ConnectAsync", "BeginConnect");
            AddMembers(Types.Socket, SocketMember.Accept, "Accept", "AcceptAsync", "BeginAccept", "EndAccept");
            AddMembers(Types.Socket, SocketMember.Shutdown, "Shutdown");
            AddMembers(Types.Socket, SocketMember.Close, "Close", "Disconnect", "DisconnectAsync");
            AddMembers(Types.Socket, SocketMember.Dispose, "Dispose");
            AddMembers(Types.TcpListener, SocketMember.Start, "Start");
            AddMembers(Types.TcpListener, SocketMember.Stop, "Stop");
            AddMembers(Types.TcpListener, SocketMember.Accept, "AcceptSocket", "AcceptTcpClient", "AcceptSocketAsync", "AcceptTcpClientAsync", "BeginAcceptSocket", "BeginAcceptTcpClient", "EndAcceptSocket", "EndAcceptTcpClient");
            AddMembers(Types.TcpListener, SocketMember.Dispose, "Dispose");
            AddMembers(Types.TcpClient, SocketMember.Connect, "Connect", "ConnectAsync", "BeginConnect");
            AddMembers(Types.TcpClient, SocketMember.Close, "Close");
            AddMembers(Types.TcpClient, SocketMember.Dispose, "Dispose");
            AddMembers(Types.UdpClient, SocketMember.Connect, "Connect");
            AddMembers(Types.UdpClient, SocketMember.Close, "Close");
            AddMembers(Types.UdpClient, SocketMember.Dispose, "Dispose");

            foreach (var owner in new[] { Types.Socket, Types.TcpListener, Types.TcpClient, Types.UdpClient })
            {
                AddProperty(owner, "ExclusiveAddressUse", KnownOption.ExclusiveAddressUse);
                AddProperty(owner, "LingerState", KnownOption.Linger);
                AddProperty(owner, "NoDelay", KnownOption.NoDelay);
                AddProperty(owner, "EnableBroadcast", KnownOption.Broadcast);
                AddProperty(owner, "SendBufferSize", KnownOption.SendBuffer);
                AddProperty(owner, "ReceiveBufferSize", KnownOption.ReceiveBuffer);
                AddProperty(owner, "SendTimeout", KnownOption.SendTimeout);
                AddProperty(owner, "ReceiveTimeout", KnownOption.ReceiveTimeout);
            }
        }

        /// <summary>The symbols of <paramref name="compilation"/>, built on first use and shared afterwards.</summary>
        internal static SocketSymbols For(Compilation compilation) => s_cache.GetValue(compilation, c => new SocketSymbols(c));

        public Compilation Compilation { get; }

        /// <summary>The System.Net.Sockets types, or null when the compilation cannot see Socket.</summary>
        public SocketTypes? Types { get; }

        /// <summary>
        /// The cheap gate: false when the compilation neither sees System.Net.Sockets nor declares a member named like a
        /// socket function. Analyzers then register nothing.
        /// </summary>
        public bool MayUseNativeSockets { get; }

        public bool HasSockets => Types != null || MayUseNativeSockets;

        private ImmutableHashSet<string>? _importNames;
        private readonly ConcurrentDictionary<SyntaxTree, SocketVocabulary.TreeWords> _importWords = new();
        private System.Func<SyntaxTree, SocketVocabulary.TreeWords>? _importWordsFunc;

        /// <summary>Where a tree names one of <see cref="ImportNames"/>: scanned once per tree and set of names (see <see cref="SocketVocabulary.ImportWords"/>).</summary>
        private System.Func<SyntaxTree, SocketVocabulary.TreeWords> _importWordsOf
            => _importWordsFunc ??= tree => _importWords.GetOrAdd(tree, t => SocketVocabulary.ImportWords(t, ImportNames, System.Threading.CancellationToken.None));

        /// <summary>
        /// The C# names of the source's native imports that may call a socket function (see
        /// <see cref="SocketVocabulary.ImportNames"/>), found on first use from the per-tree word scans.
        /// </summary>
        public ImmutableHashSet<string> ImportNames
            => _importNames ??= MayUseNativeSockets
                ? SocketVocabulary.ImportNames(Compilation.SyntaxTrees, System.Threading.CancellationToken.None)
                : ImmutableHashSet<string>.Empty;

        /// <summary>
        /// Registers <paramref name="register"/> per type instead of once per compilation, for a type that passes
        /// <see cref="MayMatter"/> only: operation actions of a rule that needs one of <paramref name="words"/> (or a call
        /// of a native socket import, with <paramref name="nativeCalls"/>) then never run in a type that names none of
        /// them. No symbol-end action is registered, so nothing waits for the other parts of a type.
        /// </summary>
        internal static void RegisterPerType(
            CompilationStartAnalysisContext start, SocketWords words, bool nativeCalls, System.Action<SymbolStartAnalysisContext> register)
        {
            var symbols = For(start.Compilation);
            if (!symbols.MayMatterAnywhere(words, nativeCalls, start.CancellationToken))
            {
                return; // no tree of the compilation names a word of these rules: not even a symbol-start action.
            }

            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    if (symbolStart.Symbol is INamedTypeSymbol type && symbols.MayMatter(type, words, nativeCalls, symbolStart.CancellationToken))
                    {
                        register(symbolStart);
                    }
                },
                SymbolKind.NamedType);
        }

        private int _compilationWords = -1;

        /// <summary>
        /// The compilation-wide prefilter: false when no syntax tree of the compilation names a word of
        /// <paramref name="words"/> (and, with <paramref name="nativeCalls"/>, no tree declares a native socket import).
        /// Then no type can pass <see cref="MayMatter"/>, and the rules register nothing at all, not even a symbol-start
        /// action that every type would run. The union of the words is computed once per compilation from the per-tree
        /// scans, which are kept with the trees (an edit rescans only the edited tree).
        /// </summary>
        public bool MayMatterAnywhere(SocketWords words, bool nativeCalls, System.Threading.CancellationToken cancellationToken)
        {
            int all = System.Threading.Volatile.Read(ref _compilationWords);
            if (all < 0)
            {
                var union = SocketWords.None;
                foreach (var tree in Compilation.SyntaxTrees)
                {
                    union |= SocketVocabulary.For(tree, cancellationToken).All;
                }

                all = (int)union;
                System.Threading.Volatile.Write(ref _compilationWords, all);
            }

            return (all & (int)words) != 0 || (nativeCalls && (all & (int)SocketWords.Import) != 0 && !ImportNames.IsEmpty);
        }

        /// <summary>
        /// The per-type prefilter: false for an enum or a delegate, and for a type none of whose declarations mentions a
        /// word of <paramref name="words"/> or calls a native socket import by name. Such a type has nothing a per-type
        /// rule could report, so nothing is registered for it.
        /// </summary>
        public bool MayMatter(INamedTypeSymbol type, SocketWords words, bool nativeCalls, System.Threading.CancellationToken cancellationToken)
        {
            if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
            {
                return false;
            }

            // The rule words first; the compilation's import names only for a type without them.
            if (SocketVocabulary.Mentions(type, words, null, cancellationToken))
            {
                return true;
            }

            return nativeCalls && !ImportNames.IsEmpty && SocketVocabulary.Mentions(type, SocketWords.None, _importWordsOf, cancellationToken);
        }

        /// <summary>What a Socket/TcpListener/TcpClient/UdpClient method is, by identity (None for anything else).</summary>
        public SocketMember MemberOf(IMethodSymbol method)
            => IsSocketType(method.ContainingType) && _members.TryGetValue(method.OriginalDefinition, out var member) ? member : SocketMember.None;

        /// <summary>Socket, TcpListener, TcpClient or UdpClient (by identity).</summary>
        public bool IsSocketType(INamedTypeSymbol? type)
            => type != null && Types != null
            && (SymbolEqualityComparer.Default.Equals(type, Types.Socket)
                || SymbolEqualityComparer.Default.Equals(type, Types.TcpListener)
                || SymbolEqualityComparer.Default.Equals(type, Types.TcpClient)
                || SymbolEqualityComparer.Default.Equals(type, Types.UdpClient));

        /// <summary>The option an option property sets (ExclusiveAddressUse, LingerState, NoDelay...), or null.</summary>
        public KnownOption? OptionOf(IPropertySymbol property)
            => IsSocketType(property.ContainingType) && _optionProperties.TryGetValue(property.OriginalDefinition, out var option) ? option : null;

        /// <summary>The native function a static import calls (EntryPoint or name) and its library; null when it is no import.</summary>
        public NativeImport? ImportOf(IMethodSymbol method)
        {
            // Cheap filter first: an import is extern (DllImport) or a partial method (LibraryImport); every other
            // static call (Math.Max, LINQ, string.Format...) leaves here without a lookup.
            if (!method.IsStatic
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || !(method.IsExtern || method.IsPartialDefinition || method.PartialImplementationPart != null || method.PartialDefinitionPart != null))
            {
                return null;
            }

            return _imports.GetOrAdd(method.OriginalDefinition, static m => NativeImport.Read(m));
        }

        private void AddMembers(INamedTypeSymbol? type, SocketMember member, params string[] names)
        {
            if (type is null)
            {
                return;
            }

            foreach (var name in names)
            {
                foreach (var method in type.GetMembers(name).OfType<IMethodSymbol>())
                {
                    _members[method.OriginalDefinition] = member;
                }
            }
        }

        private void AddProperty(INamedTypeSymbol? type, string name, KnownOption option)
        {
            foreach (var property in type?.GetMembers(name).OfType<IPropertySymbol>() ?? Enumerable.Empty<IPropertySymbol>())
            {
                _optionProperties[property.OriginalDefinition] = option;
            }
        }
    }
}
