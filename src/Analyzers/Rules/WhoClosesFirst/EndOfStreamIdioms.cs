using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK003: the idioms by which a server observes that the client has closed its side, which make the server's own
    /// close safe (the client then holds TIME_WAIT). A read whose result is compared with 0, -1 or null (directly, in a
    /// pattern or switch, or through the local it is stored in); ReadToEnd and CopyTo; ReadExactly/ReadAtLeast inside a
    /// try that catches EndOfStreamException (or with <c>throwOnEndOfStream: false</c>); StreamReader.EndOfStream; and
    /// <c>Available == 0</c> after a Poll.
    /// </summary>
    internal static class EndOfStreamIdioms
    {
        /// <summary>
        /// Whether a call on the connection is a read that observes the end of the stream: null when it is no read at
        /// all, false for a read whose result is not checked for the end.
        /// </summary>
        public static bool? ReadObservesEnd(IInvocationOperation invocation, BodyIndex index, SocketTypes types)
        {
            string name = invocation.TargetMethod.Name;
            switch (name)
            {
                case "ReadToEnd" or "ReadToEndAsync" or "CopyTo" or "CopyToAsync":
                    return true;
                case "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync":
                    // These throw EndOfStreamException when the client has closed (ReadAtLeast unless told not to,
                    // and then a short count means the end): caught, or with the count checked, that is the EOF.
                    return InTryCatchingEndOfStream(invocation, types) || DoesNotThrowOnEndOfStream(invocation);
            }

            if (name.StartsWith("Receive", System.StringComparison.Ordinal) || name.StartsWith("Read", System.StringComparison.Ordinal)
                || name is "EndReceive" or "EndRead")
            {
                return ResultComparedForEof(invocation, index);
            }

            return null;
        }

        /// <summary>
        /// A property of the connection read as the end of the stream: <c>reader.EndOfStream</c>, or
        /// <c>socket.Available == 0</c> after a Poll said readable (<c>Available &gt; 0</c> alone is not).
        /// </summary>
        public static bool PropertyObservesEnd(IPropertyReferenceOperation property, int position, BodyIndex index)
            => property.Property.Name switch
            {
                "EndOfStream" => true,
                "Available" => IsComparedWithEofConstant(property) && index.PolledBefore(position),
                _ => false,
            };

        /// <summary>null, or a number from -1 to 1: what a read's result is compared with to find the end of the stream.</summary>
        public static bool IsEofConstant(IOperation operation)
        {
            var constant = operation.WalkDownConversions().ConstantValue;
            if (!constant.HasValue)
            {
                return false;
            }

            if (constant.Value is null)
            {
                return true;
            }

            long? number = NativeSocketApi.ConstantInt(operation);
            return number is >= -1 and <= 1;
        }

        public static bool IsEofPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsEofConstant(constant.Value),
            // `is { } line`: a non-null test (ReadLine returns null at the end).
            IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 } => true,
            IRelationalPatternOperation relational => IsEofConstant(relational.Value),
            INegatedPatternOperation negated => IsEofPattern(negated.Pattern),
            IBinaryPatternOperation binary => IsEofPattern(binary.LeftPattern) || IsEofPattern(binary.RightPattern),
            _ => false,
        };

        public static bool IsComparison(IBinaryOperation binary)
            => binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

        private static bool IsEofClause(ICaseClauseOperation clause) => clause switch
        {
            ISingleValueCaseClauseOperation single => IsEofConstant(single.Value),
            IPatternCaseClauseOperation pattern => IsEofPattern(pattern.Pattern),
            _ => false,
        };

        /// <summary><c>socket.Available == 0</c> (or <c>is 0</c>, <c>&lt; 1</c>): after Poll says readable, the client's FIN.</summary>
        private static bool IsComparedWithEofConstant(IOperation value) => value.Parent switch
        {
            IBinaryOperation binary when IsComparison(binary) => IsEofConstant(binary.LeftOperand) || IsEofConstant(binary.RightOperand),
            IIsPatternOperation pattern => IsEofPattern(pattern.Pattern),
            IConversionOperation or IParenthesizedOperation => IsComparedWithEofConstant(value.Parent),
            _ => false,
        };

        /// <summary>A read whose result is compared (with 0, -1 or null), directly or through the local it is stored in.</summary>
        private static bool ResultComparedForEof(IInvocationOperation read, BodyIndex index)
        {
            IOperation current = read;
            for (int i = 0; i < 10; i++)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                        current = parent;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "GetResult" or "GetAwaiter" } chained when chained.Instance == current:
                        current = chained;
                        continue;
                    case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == current:
                        current = result;
                        continue;
                    case IBinaryOperation binary when IsComparison(binary):
                        return IsEofConstant(binary.LeftOperand) || IsEofConstant(binary.RightOperand);
                    case IIsPatternOperation pattern:
                        return IsEofPattern(pattern.Pattern);
                    case ISwitchOperation switchStatement when switchStatement.Value == current:
                        return switchStatement.Cases.Any(c => c.Clauses.Any(IsEofClause));
                    case ISwitchExpressionOperation switchExpression when switchExpression.Value == current:
                        return switchExpression.Arms.Any(arm => IsEofPattern(arm.Pattern));
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        if (assignment.Target is ILocalReferenceOperation target && index.ComparedLocals.Contains(target.Local))
                        {
                            return true;
                        }

                        current = assignment;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return index.ComparedLocals.Contains(declarator.Symbol);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>In the body of a try whose catch takes EndOfStreamException (or IOException, or Exception).</summary>
        private static bool InTryCatchingEndOfStream(IOperation operation, SocketTypes types)
        {
            var connections = types.Connections;
            for (IOperation current = operation; current.Parent is { } parent; current = parent)
            {
                if (parent is ITryOperation tryOperation && tryOperation.Body == current
                    && tryOperation.Catches.Any(c => c.ExceptionType is { } type
                        && (SymbolEqualityComparer.Default.Equals(type, connections.EndOfStreamException)
                            || SymbolEqualityComparer.Default.Equals(type, connections.IOException)
                            || SymbolEqualityComparer.Default.Equals(type, connections.Exception))))
                {
                    return true;
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary><c>ReadAtLeast(buffer, n, throwOnEndOfStream: false)</c>: the caller checks the count for the end.</summary>
        private static bool DoesNotThrowOnEndOfStream(IInvocationOperation invocation)
            => invocation.Arguments.Any(a => a.Parameter?.Name == "throwOnEndOfStream"
                && a.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: false });
    }
}
