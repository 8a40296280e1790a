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
    }
}
