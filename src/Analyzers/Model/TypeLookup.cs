using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers
{
    /// <summary>
    /// Resolves the framework types the rules compare with, for one compilation, by metadata name. It answers what
    /// <see cref="Compilation.GetTypeByMetadataName"/> answers, at a fraction of the cost: that method looks in every
    /// referenced assembly (a real net8.0 project has about 170), about 0.07 ms a type and more for the first one in
    /// each compilation, so the 20-odd types of a socket compilation cost a millisecond or two, paid again in every
    /// project of a solution. Here a type is looked for, in order:
    /// <list type="number">
    /// <item>in the compilation's own source (a type declared there wins, as it does for the compiler);</item>
    /// <item>in the referenced assemblies where the framework defines these types (<see cref="Homes"/>, in that order:
    /// the .NET reference assemblies, then netstandard.dll, then .NET Framework's System.dll and mscorlib.dll), public
    /// types only;</item>
    /// <item>only when neither has it, in the whole compilation, as before.</item>
    /// </list>
    /// The symbols are the ones the compiler binds to (identity holds). The answer differs only where two referenced
    /// assemblies both define the type, which the compiler itself reports as an ambiguity (CS0433) wherever it is used:
    /// the framework's own definition is taken there instead of none.
    /// </summary>
    internal sealed class TypeLookup
    {
        /// <summary>The assemblies that define the System.Net, System.IO, System.Threading and interop types the rules read.</summary>
        internal static readonly string[] Homes =
        {
            "System.Net.Sockets", "System.Net.Primitives", "System.Runtime", "System.Net.Security",
            "System.Threading.Thread", "System.Threading.ThreadPool", "System.Threading", "System.Runtime.InteropServices",
            "System.Runtime.InteropServices.RuntimeInformation", "System.Private.CoreLib", "netstandard", "System", "mscorlib",
        };

        private static readonly Dictionary<string, int> s_rank = Homes.Select((name, rank) => (name, rank)).ToDictionary(p => p.name, p => p.rank, StringComparer.Ordinal);

        private readonly Compilation _compilation;

        /// <summary>The referenced assemblies named in <see cref="Homes"/>, at their rank (null where not referenced).</summary>
        private readonly IAssemblySymbol?[] _homes = new IAssemblySymbol?[Homes.Length];

        internal TypeLookup(Compilation compilation)
        {
            _compilation = compilation;
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (s_rank.TryGetValue(assembly.Name, out int rank) && _homes[rank] is null)
                {
                    _homes[rank] = assembly;
                }
            }
        }

        /// <summary>The type named <paramref name="metadataName"/> (a CLR metadata name: <c>System.Threading.Tasks.Task`1</c>), or null.</summary>
        internal INamedTypeSymbol? Find(string metadataName)
        {
            if (_compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
            {
                return own;
            }

            foreach (var home in _homes)
            {
                if (home?.GetTypeByMetadataName(metadataName) is { DeclaredAccessibility: Accessibility.Public } type)
                {
                    return type;
                }
            }

            return _compilation.GetTypeByMetadataName(metadataName);
        }
    }
}
