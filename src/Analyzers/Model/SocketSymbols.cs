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

        private readonly ConcurrentDictionary<IMethodSymbol, NativeImport?> _imports = new(SymbolEqualityComparer.Default);
        private readonly INamedTypeSymbol? _socket;
        private SocketTypes? _types;
        private MemberTables? _tables;

        // Only what the gates need is resolved here: one type look-up.
        // The other socket types and the member tables are resolved when a rule first asks, which in a compilation
        // where no tree names a socket word is never.
        private SocketSymbols(Compilation compilation)
        {
            Compilation = compilation;
            Lookup = new TypeLookup(compilation);
            _socket = Lookup.Find("System.Net.Sockets.Socket");
            MayUseNativeSockets = _socket != null || NativeSocketApi.DeclaresSocketFunctionNames(compilation);
        }

        /// <summary>The methods and option properties of Socket, TcpListener, TcpClient and UdpClient the rules read, by identity.</summary>
        private sealed class MemberTables
        {
            public readonly Dictionary<IMethodSymbol, SocketMember> Members = new(SymbolEqualityComparer.Default);
            public readonly Dictionary<IPropertySymbol, KnownOption> OptionProperties = new(SymbolEqualityComparer.Default);

            public MemberTables(SocketTypes types)
            {
                AddMembers(types.Socket, SocketMember.SetSocketOption, "SetSocketOption");
                AddMembers(types.Socket, SocketMember.GetSocketOption, "GetSocketOption");
                AddMembers(types.Socket, SocketMember.SetRawSocketOption, "SetRawSocketOption");
                AddMembers(types.Socket, SocketMember.GetRawSocketOption, "GetRawSocketOption");
                AddMembers(types.Socket, SocketMember.Bind, "Bind");
                AddMembers(types.Socket, SocketMember.Listen, "Listen");
                AddMembers(types.Socket, SocketMember.Connect, "Connect", "ConnectAsync", "BeginConnect");
                AddMembers(types.Socket, SocketMember.Accept, "Accept", "AcceptAsync", "BeginAccept", "EndAccept");
                AddMembers(types.Socket, SocketMember.Shutdown, "Shutdown");
                AddMembers(types.Socket, SocketMember.Close, "Close", "Disconnect", "DisconnectAsync");
                AddMembers(types.Socket, SocketMember.Dispose, "Dispose");
                AddMembers(types.TcpListener, SocketMember.Start, "Start");
                AddMembers(types.TcpListener, SocketMember.Stop, "Stop");
                AddMembers(types.TcpListener, SocketMember.Accept, "AcceptSocket", "AcceptTcpClient", "AcceptSocketAsync", "AcceptTcpClientAsync", "BeginAcceptSocket", "BeginAcceptTcpClient", "EndAcceptSocket", "EndAcceptTcpClient");
                AddMembers(types.TcpListener, SocketMember.Dispose, "Dispose");
                AddMembers(types.TcpClient, SocketMember.Connect, "Connect", "ConnectAsync", "BeginConnect");
                AddMembers(types.TcpClient, SocketMember.Close, "Close");
                AddMembers(types.TcpClient, SocketMember.Dispose, "Dispose");
                AddMembers(types.UdpClient, SocketMember.Connect, "Connect");
                AddMembers(types.UdpClient, SocketMember.Close, "Close");
                AddMembers(types.UdpClient, SocketMember.Dispose, "Dispose");

                foreach (var owner in new[] { types.Socket, types.TcpListener, types.TcpClient, types.UdpClient })
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
                        Members[method.OriginalDefinition] = member;
                    }
                }
            }

            private void AddProperty(INamedTypeSymbol? type, string name, KnownOption option)
            {
                foreach (var property in type?.GetMembers(name).OfType<IPropertySymbol>() ?? Enumerable.Empty<IPropertySymbol>())
                {
                    OptionProperties[property.OriginalDefinition] = option;
                }
            }
        }

        private MemberTables Tables => _tables ?? System.Threading.LazyInitializer.EnsureInitialized(ref _tables, () => new MemberTables(Types!))!;

        /// <summary>The symbols of <paramref name="compilation"/>, built on first use and shared afterwards.</summary>
        internal static SocketSymbols For(Compilation compilation) => s_cache.GetValue(compilation, c => new SocketSymbols(c));

        public Compilation Compilation { get; }

        /// <summary>The compilation's framework type look-up (every type the rules resolve goes through it).</summary>
        public TypeLookup Lookup { get; }

        /// <summary>The System.Net.Sockets types (resolved on first use), or null when the compilation cannot see Socket.</summary>
        public SocketTypes? Types
            => _socket is null ? null : _types ?? System.Threading.LazyInitializer.EnsureInitialized(ref _types, () => SocketTypes.Create(Lookup, _socket))!;

        /// <summary>True when the compilation sees <c>System.Net.Sockets.Socket</c> (the one type the gates resolve).</summary>
        public bool HasSocketType => _socket != null;

        /// <summary>
        /// The cheap gate: false when the compilation neither sees System.Net.Sockets nor declares a member named like a
        /// socket function. Analyzers then register nothing.
        /// </summary>
        public bool MayUseNativeSockets { get; }

        public bool HasSockets => MayUseNativeSockets;

        private ImmutableHashSet<string>? _importNames;
        private string? _importNamesKey;
        private System.Func<SyntaxTree, SocketVocabulary.TreeWords>? _importWordsFunc;

        /// <summary>
        /// Where a tree names one of <see cref="ImportNames"/>: scanned once per tree and set of names, and kept with the
        /// tree (see <see cref="SocketVocabulary.ImportWords"/>).
        /// </summary>
        private System.Func<SyntaxTree, SocketVocabulary.TreeWords> _importWordsOf
            => _importWordsFunc ??= tree => SocketVocabulary.ImportWords(tree, ImportNames, ImportNamesKey, System.Threading.CancellationToken.None);

        /// <summary>
        /// The C# names of the source's native imports that may call a socket function (see
        /// <see cref="SocketVocabulary.ImportNames"/>), found on first use from the per-tree word scans.
        /// </summary>
        public ImmutableHashSet<string> ImportNames
            => _importNames ??= MayUseNativeSockets
                ? SocketVocabulary.ImportNames(Compilation.SyntaxTrees, System.Threading.CancellationToken.None)
                : ImmutableHashSet<string>.Empty;

        /// <summary><see cref="ImportNames"/> sorted and joined: what a tree's cached name scan is compared with.</summary>
        private string ImportNamesKey => _importNamesKey ??= string.Join("\n", ImportNames.OrderBy(n => n, System.StringComparer.Ordinal));

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

            // Every family asks this of every type: the declarations are read once, for all kinds of words at once.
            // Kept by reference (a symbol's hash code walks its containers and names): each family is handed the same
            // symbol object.
            if (!_typeWords.TryGetValue(type, out var entry))
            {
                entry = _typeWords.GetValue(type, t => new TypeWords(SocketVocabulary.WordsOf(t, System.Threading.CancellationToken.None)));
            }

            if ((entry.Words & words) != 0)
            {
                return true;
            }

            // The compilation's import names only for a type without the rule words.
            if (!nativeCalls || ImportNames.IsEmpty)
            {
                return false;
            }

            int calls = System.Threading.Volatile.Read(ref entry.CallsImport);
            if (calls < 0)
            {
                calls = SocketVocabulary.CallsImport(type, _importWordsOf) ? 1 : 0;
                System.Threading.Volatile.Write(ref entry.CallsImport, calls);
            }

            return calls == 1;
        }

        private readonly ConditionalWeakTable<INamedTypeSymbol, TypeWords> _typeWords = new();

        /// <summary>One type's words (all kinds in its declarations) and, once asked, whether it calls an import by name.</summary>
        private sealed class TypeWords
        {
            public TypeWords(SocketWords words)
            {
                Words = words;
            }

            public SocketWords Words { get; }

            /// <summary>-1 until asked; then 1 when a declaration calls one of <see cref="ImportNames"/>, else 0.</summary>
            public int CallsImport = -1;
        }

        /// <summary>
        /// The per-body prefilter, for rules that read one operation with what its own body holds: true when the text of
        /// one of <paramref name="blocks"/> (a member's operation blocks: body, initializer, default values) names a word of
        /// <paramref name="words"/>, or, with <paramref name="nativeCalls"/>, calls a native socket import by name.
        /// </summary>
        public bool MayMatterIn(ImmutableArray<IOperation> blocks, SocketWords words, bool nativeCalls, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var block in blocks)
            {
                var syntax = block.Syntax;
                if (SocketVocabulary.For(syntax.SyntaxTree, cancellationToken).Any(syntax.Span, words)
                    || (nativeCalls && !ImportNames.IsEmpty && _importWordsOf(syntax.SyntaxTree).Any(syntax.Span, SocketWords.Import)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What a Socket/TcpListener/TcpClient/UdpClient method is, by identity (None for anything else).</summary>
        public SocketMember MemberOf(IMethodSymbol method)
            => IsSocketType(method.ContainingType) && Tables.Members.TryGetValue(method.OriginalDefinition, out var member) ? member : SocketMember.None;

        /// <summary>Socket, TcpListener, TcpClient or UdpClient (by identity).</summary>
        public bool IsSocketType(INamedTypeSymbol? type)
            => type != null && Types is { } types
            && (SymbolEqualityComparer.Default.Equals(type, types.Socket)
                || SymbolEqualityComparer.Default.Equals(type, types.TcpListener)
                || SymbolEqualityComparer.Default.Equals(type, types.TcpClient)
                || SymbolEqualityComparer.Default.Equals(type, types.UdpClient));

        /// <summary>The option an option property sets (ExclusiveAddressUse, LingerState, NoDelay...), or null.</summary>
        public KnownOption? OptionOf(IPropertySymbol property)
            => IsSocketType(property.ContainingType) && Tables.OptionProperties.TryGetValue(property.OriginalDefinition, out var option) ? option : null;

        /// <summary>The native function a static import calls (EntryPoint or name) and its library; null when it is no import.</summary>
        public NativeImport? ImportOf(IMethodSymbol method)
            => MayBeImport(method) ? Read(method) : null;

        /// <summary>The import attributes of a method that passed <see cref="MayBeImport"/>, read once and cached.</summary>
        private NativeImport? Read(IMethodSymbol method)
            => _imports.GetOrAdd(method.OriginalDefinition, static m => NativeImport.Read(m));

        /// <summary>
        /// The cheap filter before any attribute is read: an import is extern (DllImport) or a partial method
        /// (LibraryImport); every other static call (Math.Max, LINQ, string.Format...) leaves here.
        /// </summary>
        private static bool MayBeImport(IMethodSymbol method)
            => method.IsStatic
            && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
            && (method.IsExtern || method.IsPartialDefinition || method.PartialImplementationPart != null || method.PartialDefinitionPart != null);

        /// <summary>
        /// The import of a BSD socket function a static method is (<see cref="ImportOf"/> with
        /// <see cref="NativeImport.IsSocketFunction"/>), or null. A method this compilation declares is read only when its
        /// name is one of <see cref="ImportNames"/>, which the syntax scan gives for every declared import that may call a
        /// socket function: a large interop class of other imports (libuv, OpenSSL...) then binds none of its attributes.
        /// </summary>
        public NativeImport? SocketImportOf(IMethodSymbol method)
        {
            // The flags first (most static calls leave there), then the name, then the attributes (once, cached).
            if (!MayBeImport(method)
                || (method.MethodKind == MethodKind.Ordinary
                    && !ImportNames.Contains(method.Name)
                    && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly)))
            {
                return null;
            }

            return Read(method) is { IsSocketFunction: true } import ? import : null;
        }
    }
}
