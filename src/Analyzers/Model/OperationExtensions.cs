using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    internal static class OperationExtensions
    {
        /// <summary>The operation under any implicit or explicit conversions and parentheses.</summary>
        internal static IOperation WalkDownConversions(this IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The outermost operation of the body this operation belongs to.</summary>
        internal static IOperation Root(this IOperation operation)
        {
            while (operation.Parent != null)
            {
                operation = operation.Parent;
            }

            return operation;
        }

        /// <summary>
        /// The local, parameter, field or property an operation reads (through conversions), or null when it is
        /// anything else. Fields and properties count only when read from <c>this</c> or statically.
        /// </summary>
        internal static ISymbol? ReferencedSymbol(this IOperation? operation)
        {
            if (operation is null)
            {
                return null;
            }

            operation = operation.WalkDownConversions();
            return operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field when IsThisOrStatic(field.Instance) => field.Field,
                IPropertyReferenceOperation property when property.Arguments.Length == 0 && IsThisOrStatic(property.Instance) => property.Property,
                _ => null,
            };
        }

        private static bool IsThisOrStatic(IOperation? instance)
            => instance is null || instance is IInstanceReferenceOperation;

        /// <summary>
        /// The symbol a value is stored into: the local it initialises, or the local, field or property it is assigned
        /// to; null when the value goes anywhere else (an argument, a return, a collection).
        /// </summary>
        internal static ISymbol? StoredInto(this IOperation value)
        {
            IOperation current = value;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    return declarator.Symbol;
                case IFieldInitializerOperation fieldInitializer when fieldInitializer.InitializedFields.Length == 1:
                    return fieldInitializer.InitializedFields[0];
                case IPropertyInitializerOperation propertyInitializer when propertyInitializer.InitializedProperties.Length == 1:
                    return propertyInitializer.InitializedProperties[0];
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target.ReferencedSymbol();
                default:
                    return null;
            }
        }
    }
}
