using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// Reads a value held in a variable that is assigned once as the value it was assigned: a local (not const) whose
    /// declaration initialises it and that nothing in its body writes again (no assignment, ++/--, ref/out, address-of),
    /// or a readonly field with an initializer, declared in the same file, that no constructor assigns. Used so that
    /// option levels and names kept in such variables read as the constants they are (SOCK005, SOCK009, SOCK013).
    /// </summary>
    internal static class SingleAssignment
    {
        /// <summary>The initial value a local or readonly field reference stands for, or the operation itself.</summary>
        internal static IOperation Resolve(IOperation operation)
        {
            var current = operation.WalkDownConversions();
            for (int depth = 0; depth < 3; depth++)
            {
                var next = current switch
                {
                    ILocalReferenceOperation local when !local.Local.IsConst => LocalInitializer(local),
                    IFieldReferenceOperation field when field.Field is { IsReadOnly: true, IsConst: false } => FieldInitializer(field),
                    _ => null,
                };
                if (next is null)
                {
                    return current;
                }

                current = next.WalkDownConversions();
            }

            return current;
        }

        private static IOperation? LocalInitializer(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            if (local.IsRef || local.IsUsing || local.IsFixed)
            {
                return null;
            }

            IOperation? initial = null;
            foreach (var operation in reference.Root().Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        initial = declarator.Initializer?.Value;
                        if (initial is null)
                        {
                            return null;
                        }

                        break;
                    case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, local) && IsWrite(other):
                        return null;
                }
            }

            return initial;
        }

        private static bool IsWrite(IOperation reference)
        {
            var parent = reference.Parent;
            return parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
                IAddressOfOperation => true,
                ITupleOperation => parent.Parent is IDeconstructionAssignmentOperation,
                _ => false,
            };
        }

        private static IOperation? FieldInitializer(IFieldReferenceOperation reference)
        {
            var field = reference.Field;
            var model = reference.SemanticModel;
            if (model is null || field.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var syntaxReference = field.DeclaringSyntaxReferences[0];
            if (syntaxReference.SyntaxTree != model.SyntaxTree
                || syntaxReference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator)
            {
                return null;
            }

            // A constructor may assign a readonly field again: then it is not single-assignment.
            foreach (var typeReference in field.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var node in typeReference.GetSyntax().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && assignment.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not null
                        && TargetName(assignment.Left) == field.Name)
                    {
                        return null;
                    }
                }
            }

            return model.GetOperation(value);
        }

        private static string? TargetName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
