using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>Values of locals that are written once in their body.</summary>
    internal static class LocalValues
    {
        /// <summary>The constant a local holds when its body writes it exactly once, with a constant; otherwise null.</summary>
        internal static long? SingleConstant(ILocalReferenceOperation local)
        {
            long? found = null;
            int writes = 0;
            foreach (var descendant in local.Root().Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    writes++;
                    found = declarator.Initializer is { } initializer ? NativeSocketApi.ConstantInt(initializer.Value) : null;
                }
                else if (descendant is IAssignmentOperation assignment
                    && assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
                {
                    writes++;
                    found = assignment is ISimpleAssignmentOperation ? NativeSocketApi.ConstantInt(assignment.Value) : null;
                }
            }

            return writes == 1 ? found : null;
        }

        /// <summary>The creation a local holds: written in place, or the only write of a local of the same body.</summary>
        internal static IObjectCreationOperation? SingleCreation(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is IObjectCreationOperation direct)
            {
                return direct;
            }

            if (value is not ILocalReferenceOperation local)
            {
                return null;
            }

            IObjectCreationOperation? found = null;
            int writes = 0;
            foreach (var descendant in value.Root().DescendantsAndSelf())
            {
                if (descendant is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    writes++;
                    found = declarator.Initializer?.Value.WalkDownConversions() as IObjectCreationOperation;
                }
                else if (descendant is IAssignmentOperation assignment
                    && assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
                {
                    writes++;
                    found = assignment.Value.WalkDownConversions() as IObjectCreationOperation;
                }
            }

            return writes == 1 ? found : null;
        }

        // ------------------------------------------------------------ the P/Invoke family (SOCK011): one walk per body

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, System.Collections.Generic.Dictionary<ILocalSymbol, LocalWrites>> s_bodyWrites = new();

        /// <summary>
        /// The initializer of <paramref name="local"/> when its declaration has one and nothing else in the body writes
        /// it, passes it by ref/out or takes its address (other than <paramref name="except"/>, the reference the caller
        /// reads through, e.g. the <c>&amp;len</c> of a getsockopt call); otherwise null. The writes of a body are
        /// collected once per body (one walk), not once per question.
        /// </summary>
        internal static IOperation? InitializerIfOnlyWrite(IOperation anywhere, ILocalSymbol local, IOperation? except)
        {
            var writes = s_bodyWrites.GetValue(anywhere.Root(), CollectWrites);
            if (!writes.TryGetValue(local, out var entry) || entry.Initializer is null)
            {
                return null;
            }

            foreach (var write in entry.Writes)
            {
                if (write != except)
                {
                    return null;
                }
            }

            return entry.Initializer;
        }

        private static System.Collections.Generic.Dictionary<ILocalSymbol, LocalWrites> CollectWrites(IOperation root)
        {
            var writes = new System.Collections.Generic.Dictionary<ILocalSymbol, LocalWrites>(SymbolEqualityComparer.Default);
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        Entry(writes, declarator.Symbol).Initializer = declarator.Initializer?.Value;
                        break;
                    case ILocalReferenceOperation reference when IsWrittenThrough(reference):
                        Entry(writes, reference.Local).Writes.Add(reference);
                        break;
                }
            }

            return writes;
        }

        private static LocalWrites Entry(System.Collections.Generic.Dictionary<ILocalSymbol, LocalWrites> writes, ILocalSymbol local)
        {
            if (!writes.TryGetValue(local, out var entry))
            {
                entry = new LocalWrites();
                writes.Add(local, entry);
            }

            return entry;
        }

        /// <summary>Assigned, incremented, deconstructed into, passed by ref/out, or its address taken.</summary>
        private static bool IsWrittenThrough(ILocalReferenceOperation reference)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == current,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
                IAddressOfOperation => true,
                _ => current.Parent is ITupleOperation,
            };
        }

        private sealed class LocalWrites
        {
            public IOperation? Initializer { get; set; }

            public System.Collections.Generic.List<IOperation> Writes { get; } = new();
        }
    }
}
