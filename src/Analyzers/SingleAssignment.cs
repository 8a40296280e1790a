using System.Collections.Generic;
using System.Runtime.CompilerServices;
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

        /// <summary>
        /// Per body (the root operation, shared by every callback on that body): the locals assigned exactly once, by
        /// their declaration, with the initial value. One walk per body, however many arguments ask.
        /// </summary>
        private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, IOperation>> s_bodies = new();

        private static IOperation? LocalInitializer(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            if (local.IsRef || local.IsUsing || local.IsFixed)
            {
                return null;
            }

            var singles = s_bodies.GetValue(reference.Root(), Collect);
            return singles.TryGetValue(local, out var initial) ? initial : null;
        }

        private static Dictionary<ILocalSymbol, IOperation> Collect(IOperation root)
        {
            var initial = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            var written = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        if (declarator.Initializer?.Value is { } value)
                        {
                            initial[declarator.Symbol] = value;
                        }
                        else
                        {
                            written.Add(declarator.Symbol);
                        }

                        break;
                    case ILocalReferenceOperation other when IsWrite(other):
                        written.Add(other.Local);
                        break;
                }
            }

            foreach (var local in written)
            {
                initial.Remove(local);
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
            if (s_assignedInConstructor.GetValue(field, AssignedInConstructor).Value)
            {
                return null;
            }

            return model.GetOperation(value);
        }

        private static readonly ConditionalWeakTable<IFieldSymbol, StrongBox<bool>> s_assignedInConstructor = new();

        private static StrongBox<bool> AssignedInConstructor(IFieldSymbol field)
        {
            foreach (var typeReference in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (typeReference.GetSyntax() is not TypeDeclarationSyntax type)
                {
                    continue;
                }

                foreach (var member in type.Members)
                {
                    if (member is not ConstructorDeclarationSyntax constructor)
                    {
                        continue;
                    }

                    foreach (var node in constructor.DescendantNodes())
                    {
                        if (node is AssignmentExpressionSyntax assignment && TargetName(assignment.Left) == field.Name)
                        {
                            return new StrongBox<bool>(true);
                        }
                    }
                }
            }

            return new StrongBox<bool>(false);
        }

        private static string? TargetName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
