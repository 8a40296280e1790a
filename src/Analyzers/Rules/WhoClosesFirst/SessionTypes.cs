using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: session types, classes of this compilation whose constructor an accept loop hands the connection to
    /// (<c>new Session(client).Run()</c>). Per constructor parameter, what the type does with the connection it is
    /// given, computed once per compilation and only for constructors an accept loop hands a connection to. The
    /// parameter must be stored (as is, or wrapped in a stream) in a field that only constructors assign; each method
    /// of the type is then summarised for that field with the same events as an accepted connection (writes, EOF
    /// checks, closes, unknown uses).
    /// </summary>
    internal sealed class SessionTypes
    {
        private readonly Compilation _compilation;
        private readonly SocketSymbols _symbols;
        private readonly SocketTypes _types;
        private readonly ConcurrentDictionary<(IMethodSymbol, int), ImmutableArray<ConnectionSummary>> _cache = new();

        public SessionTypes(Compilation compilation, SocketSymbols symbols)
        {
            _compilation = compilation;
            _symbols = symbols;
            _types = symbols.Types!; // the analyzer registers nothing for a compilation without Socket
        }

        /// <summary>The summaries of the fields that hold the connection given as parameter <paramref name="ordinal"/>.</summary>
        public ImmutableArray<ConnectionSummary> For(IMethodSymbol constructor, int ordinal)
            => _cache.GetOrAdd((constructor, ordinal), key => Compute(key.Item1, key.Item2));

        private SemanticModel? ModelFor(SyntaxTree tree, Dictionary<SyntaxTree, SemanticModel> models)
        {
            if (!_compilation.ContainsSyntaxTree(tree))
            {
                return null;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                // Once per file of a session type handed an accepted connection, cached for the compilation.
#pragma warning disable RS1030 // The other type's bodies are needed to follow the connection; bounded by the cache.
                model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                models[tree] = model;
            }

            return model;
        }

        private ImmutableArray<ConnectionSummary> Compute(IMethodSymbol constructor, int ordinal)
        {
            var type = constructor.ContainingType;
            if (ordinal >= constructor.Parameters.Length
                || ConnectionKinds.KindOf(constructor.Parameters[ordinal].Type, _types) == ConnectionAliasKind.None
                || type is null || ConnectionKinds.IsWrapper(type, _types))
            {
                return ImmutableArray<ConnectionSummary>.Empty;
            }

            var parameter = constructor.Parameters[ordinal];
            var models = new Dictionary<SyntaxTree, SemanticModel>();
            var fields = new Dictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (ModelFor(reference.SyntaxTree, models)?.GetOperation(syntax) is not { } body)
                {
                    continue;
                }

                foreach (var assignment in body.Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    if (assignment.Target is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } target
                        && StoredParameter(assignment.Value, parameter) is { } owns)
                    {
                        fields[target.Field] = owns;
                    }
                }
            }

            if (fields.Count == 0)
            {
                return ImmutableArray<ConnectionSummary>.Empty;
            }

            // Every method body of the type, once; a field written outside constructors is not followed.
            var bodies = new List<(IMethodSymbol Method, IOperation Body)>();
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation or MethodKind.PropertyGet or MethodKind.PropertySet } method)
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (ModelFor(reference.SyntaxTree, models)?.GetOperation(reference.GetSyntax()) is { } body)
                    {
                        bodies.Add((method, body));
                    }
                }
            }

            foreach (var (_, body) in bodies)
            {
                foreach (var assignment in body.Descendants().OfType<IAssignmentOperation>())
                {
                    if (assignment.Target is IFieldReferenceOperation target && fields.ContainsKey(target.Field))
                    {
                        fields.Remove(target.Field);
                    }
                }
            }

            var summaries = ImmutableArray.CreateBuilder<ConnectionSummary>();
            foreach (var (method, body) in bodies)
            {
                var index = BodyIndex.Build(body, _symbols, null);
                foreach (var field in fields)
                {
                    var starts = body.Descendants().OfType<IFieldReferenceOperation>()
                        .Where(f => SymbolEqualityComparer.Default.Equals(f.Field, field.Key) && f.Instance is null or IInstanceReferenceOperation)
                        .Cast<IOperation>().ToList();
                    if (starts.Count == 0)
                    {
                        continue;
                    }

                    var flow = new ConnectionFlow(_symbols, index, type);
                    var summary = flow.Track(starts, body, ownsAll: field.Value, field: field.Key);
                    if (summary.Events.Count > 0)
                    {
                        summaries.Add(summary);
                    }
                }
            }

            return summaries.ToImmutable();
        }

        /// <summary>
        /// Whether a value assigned in the constructor is the parameter (true: the field owns the connection), a
        /// stream wrapper or GetStream() of it (owning unless told to leave it open), or null for anything else.
        /// </summary>
        private bool? StoredParameter(IOperation value, IParameterSymbol parameter)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IParameterReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } instance }
                    when StoredParameter(instance, parameter) == true:
                    return true;
                case IObjectCreationOperation creation when ConnectionKinds.IsWrapper(creation.Type, _types) && creation.Arguments.Length > 0
                    && StoredParameter(creation.Arguments[0].Value, parameter) == true:
                    return ConnectionFlow.WrapperOwns(creation, _types);
                default:
                    return null;
            }
        }
    }
}
