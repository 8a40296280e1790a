using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK010 (options family, <see cref="OptionsAnalyzer"/>): assigning <c>Enabled</c> or <c>LingerTime</c> on the
    /// object returned by <c>Socket.LingerState</c> or <c>TcpClient.LingerState</c>. The getter builds a new
    /// <c>LingerOption</c> from the socket each time, so the assignment changes a copy that is dropped right away
    /// (fact 14). The copy may be held in a local written once that the body never uses otherwise.
    /// </summary>
    internal static class SOCK010_LingerStateCopyMutation
    {
        /// <summary>"Enabled" or "LingerTime": the field assigned.</summary>
        internal const string FieldProperty = "Field";

        /// <summary>"true" when the fix can rebuild the option: a plain assignment used as a statement, on a socket expression that can be read twice.</summary>
        internal const string FixableProperty = "Fixable";

        /// <summary>
        /// Checks a write (assignment of any kind, ++/--) whose target is a property of LingerOption
        /// (<paramref name="field"/>, identity checked by the family).
        /// </summary>
        internal static void Check(OperationAnalysisContext context, SocketSymbols symbols, IPropertyReferenceOperation field)
        {
            if (field.Property.Name != "Enabled" && field.Property.Name != "LingerTime")
            {
                return;
            }

            if (field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                ReportNestedInitializer(context, symbols, field);
                return;
            }

            if (field.Instance?.WalkDownConversions() is ILocalReferenceOperation copy)
            {
                ReportDroppedLocalCopy(context, symbols, field, copy);
                return;
            }

            if (field.Instance?.WalkDownConversions() is not IPropertyReferenceOperation lingerState
                || symbols.OptionOf(lingerState.Property) != KnownOption.Linger // Socket.LingerState, TcpClient.LingerState
                || lingerState.Instance is null)
            {
                return;
            }

            bool fixable = context.Operation is ISimpleAssignmentOperation simple
                && simple.Value.WalkDownConversions() is not IInvalidOperation
                && context.Operation.Parent is IExpressionStatementOperation
                && IsStable(lingerState.Instance)
                && lingerState.Property.SetMethod != null;

            string owner = lingerState.Instance.Syntax.ToString();
            string name = field.Property.Name;
            string other = name == "Enabled" ? "LingerTime" : "Enabled";
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FieldProperty, name)
                .Add(FixableProperty, fixable ? "true" : "false");
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK010_LingerStateCopyMutated,
                context.Operation.Syntax.GetLocation(),
                properties,
                name, owner + ".LingerState", $"assign '{owner}.LingerState = new LingerOption(...)' with the new {name} and the current {other}"));
        }

        /// <summary>
        /// <c>var copy = s.LingerState; copy.Enabled = true;</c>: the copy is held in a local written once (see
        /// <see cref="LocalValues"/>) and the body does nothing else with it (it is never assigned back, passed on, or
        /// read), so the change is dropped as surely as in <c>s.LingerState.Enabled = true</c>. Reported without a fix.
        /// </summary>
        private static void ReportDroppedLocalCopy(OperationAnalysisContext context, SocketSymbols symbols, IPropertyReferenceOperation field, ILocalReferenceOperation copy)
        {
            if (LocalValues.Value(copy)?.WalkDownConversions() is not IPropertyReferenceOperation lingerState
                || symbols.OptionOf(lingerState.Property) != KnownOption.Linger
                || lingerState.Instance is null)
            {
                return;
            }

            foreach (var operation in copy.Root().Descendants())
            {
                if (operation is not ILocalReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Local, copy.Local))
                {
                    continue;
                }

                bool isTheWrite = reference.Parent is ISimpleAssignmentOperation write && write.Target == reference;
                bool isAFieldWrite = reference.Parent is IPropertyReferenceOperation written
                    && written.Instance == reference
                    && written.Parent switch
                    {
                        IAssignmentOperation assignment => assignment.Target == written,
                        IIncrementOrDecrementOperation => true,
                        _ => false,
                    };
                if (!isTheWrite && !isAFieldWrite)
                {
                    return; // the copy is used: written back, handed on or read
                }
            }

            string owner = lingerState.Instance.Syntax.ToString();
            string name = field.Property.Name;
            string other = name == "Enabled" ? "LingerTime" : "Enabled";
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FieldProperty, name)
                .Add(FixableProperty, "false");
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK010_LingerStateCopyMutated,
                context.Operation.Syntax.GetLocation(),
                properties,
                name, owner + ".LingerState", $"assign '{owner}.LingerState = new LingerOption(...)' with the new {name} and the current {other}"));
        }

        /// <summary>
        /// <c>new Socket(...) { LingerState = { Enabled = true, LingerTime = 5 } }</c>: a nested initializer reads
        /// LingerState and sets the fields of the copy it returns. Reported without a fix.
        /// </summary>
        private static void ReportNestedInitializer(OperationAnalysisContext context, SocketSymbols symbols, IPropertyReferenceOperation field)
        {
            if (context.Operation.Parent is not IObjectOrCollectionInitializerOperation { Parent: IMemberInitializerOperation member }
                || member.InitializedMember is not IPropertyReferenceOperation lingerState
                || symbols.OptionOf(lingerState.Property) != KnownOption.Linger)
            {
                return;
            }

            string name = field.Property.Name;
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FieldProperty, name)
                .Add(FixableProperty, "false");
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK010_LingerStateCopyMutated,
                context.Operation.Syntax.GetLocation(),
                properties,
                name, "LingerState = { ... }", "write 'LingerState = new LingerOption(enabled, seconds)' instead"));
        }

        /// <summary>An expression the fix may evaluate twice: locals, parameters, this, and fields or properties of those.</summary>
        private static bool IsStable(IOperation? operation)
        {
            while (true)
            {
                switch (operation?.WalkDownConversions())
                {
                    case ILocalReferenceOperation:
                    case IParameterReferenceOperation:
                    case IInstanceReferenceOperation:
                        return true;
                    case IFieldReferenceOperation fieldReference:
                        if (fieldReference.Instance is null)
                        {
                            return true;
                        }

                        operation = fieldReference.Instance;
                        break;
                    case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                        if (property.Instance is null)
                        {
                            return true;
                        }

                        operation = property.Instance;
                        break;
                    default:
                        return false;
                }
            }
        }
    }
}
