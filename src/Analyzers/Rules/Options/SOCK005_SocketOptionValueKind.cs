using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// SOCK005 (options family, <see cref="OptionsAnalyzer"/>): <c>Socket.SetSocketOption</c> given the wrong kind of value (fact 13).
    /// <list type="bullet">
    /// <item><c>(Socket, Linger, int | bool)</c>: SO_LINGER needs a <c>struct linger</c>; Linux rejects 4 bytes with EINVAL.</item>
    /// <item><c>(IP | IPv6, AddMembership | DropMembership, int | bool)</c> and <c>(IP, Add/DropSourceMembership, ...)</c>:
    /// the kernel needs a membership structure.</item>
    /// <item>The <c>object</c> overload given a number, bool or enum: it accepts only LingerOption, MulticastOption and
    /// IPv6MulticastOption and throws ArgumentException for anything else.</item>
    /// </list>
    /// LingerOption / MulticastOption values (even typed as object), byte[] raw forms and the LingerState property are
    /// never reported.
    /// </summary>
    internal static class SOCK005_SocketOptionValueKind
    {
        internal const string FixProperty = "Fix";
        internal const string LingerFix = "Linger";
        internal const string TypedFix = "Typed";

        /// <summary>For <see cref="LingerFix"/>: "true" or "false", the Enabled value of the LingerOption to write.</summary>
        internal const string EnabledProperty = "Enabled";

        /// <summary>For <see cref="TypedFix"/>: "none" to unwrap the value, "int" to cast it to int.</summary>
        internal const string CastProperty = "Cast";

        private enum Option
        {
            Unknown,
            Other,
            Linger,
            Membership,
            Ipv6Membership,
            SourceMembership,
        }

        /// <summary>Checks one SetSocketOption call read by <see cref="OptionCall"/> (any overload, arguments by parameter).</summary>
        internal static void Check(OperationAnalysisContext context, OptionCall call, INamedTypeSymbol nameType)
        {
            if (!call.IsSet
                || call.Form != OptionForm.Managed
                || call.Operation is not IInvocationOperation invocation
                || call.Level is null
                || call.Name is not { } name
                || call.Value is not { Parent: IArgumentOperation { Parameter: { } valueParameter } } value)
            {
                return;
            }

            var option = Classify(call.LevelNumber, name, call.NameNumber, nameType);
            switch (valueParameter.Type.SpecialType)
            {
                case SpecialType.System_Int32:
                case SpecialType.System_Boolean:
                    ReportTypedOverload(context, invocation, value, option, valueParameter.Type.SpecialType == SpecialType.System_Boolean);
                    break;
                case SpecialType.System_Object:
                    ReportObjectOverload(context, invocation, value, option);
                    break;
            }
        }

        /// <summary>Which option the (level, name) pair is, by the member written or, for other constants, by the only member of that number at that level.</summary>
        private static Option Classify(long? levelNumber, IOperation nameValue, long? nameNumber, INamedTypeSymbol nameType)
        {
            var level = OptionMembers.LevelOf(levelNumber);
            if (level == OptionLevels.None || nameNumber is not { } number)
            {
                return Option.Unknown;
            }

            var names = OptionMembers.NamesOf(nameValue, number, nameType, out bool written);
            string? member;
            if (written)
            {
                // A member at a level that does not own it is SOCK009's finding; what the value should be is unclear.
                if (!SocketNumbers.Owners.TryGetValue(names[0], out var owners) || (owners & level) == 0)
                {
                    return Option.Unknown;
                }

                member = names[0];
            }
            else
            {
                var candidates = OptionMembers.MembersAt(nameType, number, level);
                member = candidates.Length == 1 ? candidates[0] : null;
            }

            return (member, level) switch
            {
                (null, _) => Option.Other,
                ("Linger", OptionLevels.Socket) => Option.Linger,
                ("AddMembership" or "DropMembership", OptionLevels.IP) => Option.Membership,
                ("AddMembership" or "DropMembership", OptionLevels.IPv6) => Option.Ipv6Membership,
                ("AddSourceMembership" or "DropSourceMembership", OptionLevels.IP) => Option.SourceMembership,
                _ => Option.Other,
            };
        }

        private static void ReportTypedOverload(OperationAnalysisContext context, IInvocationOperation invocation, IOperation value, Option option, bool isBool)
        {
            string valueText = value.Syntax.ToString();
            string kind = isBool ? "bool" : "int";
            switch (option)
            {
                case Option.Linger:
                {
                    var (advice, properties) = LingerAdvice(invocation, value);
                    Report(context, value, properties,
                        kind, valueText, "SO_LINGER", "a LingerOption", "on Linux (SocketException, InvalidArgument)", advice);
                    break;
                }

                case Option.Membership:
                case Option.Ipv6Membership:
                {
                    bool v6 = option == Option.Ipv6Membership;
                    string type = v6 ? "IPv6MulticastOption" : "MulticastOption";
                    string example = v6 ? "new IPv6MulticastOption(group, interfaceIndex)" : "new MulticastOption(group, localAddress)";
                    Report(context, value, ImmutableDictionary<string, string?>.Empty,
                        kind, valueText, "multicast membership", Article(type) + " " + type, "at run time", "pass " + example);
                    break;
                }

                case Option.SourceMembership:
                    Report(context, value, ImmutableDictionary<string, string?>.Empty,
                        kind, valueText, "source-specific multicast membership", "an ip_mreq_source structure", "at run time",
                        "pass the group, interface and source addresses as an ip_mreq_source byte[]");
                    break;
            }
        }

        private static void ReportObjectOverload(OperationAnalysisContext context, IInvocationOperation invocation, IOperation value, Option option)
        {
            // Only a value whose static type is a number, bool or enum boxed into object; anything typed object, a
            // LingerOption or a MulticastOption is left alone. An object local written once is read through its one
            // write (object v = 5;), without a fix: the fix rewrites the argument, not the local.
            bool held = false;
            if (value.WalkDownConversions() is ILocalReferenceOperation { Type.SpecialType: SpecialType.System_Object } local
                && LocalValues.Value(local) is { } written)
            {
                value = written;
                held = true;
            }

            if (value is not IConversionOperation { Type.SpecialType: SpecialType.System_Object } boxing
                || boxing.Operand.Type is not { IsValueType: true } operandType
                || !IsScalar(operandType, out bool isNullable))
            {
                return;
            }

            var operand = boxing.Operand;
            bool noFix = isNullable || held; // a nullable value, or one held in a local: no fix
            string typeName = operandType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            switch (option)
            {
                case Option.Linger:
                {
                    var (advice, properties) = LingerAdvice(invocation, operand);
                    if (noFix)
                    {
                        properties = ImmutableDictionary<string, string?>.Empty;
                    }

                    Report(context, value, properties,
                        typeName, operand.Syntax.ToString(), "SO_LINGER", "a LingerOption", "with ArgumentException", advice);
                    break;
                }

                case Option.Membership:
                case Option.Ipv6Membership:
                {
                    string type = option == Option.Ipv6Membership ? "IPv6MulticastOption" : "MulticastOption";
                    Report(context, value, ImmutableDictionary<string, string?>.Empty,
                        typeName, operand.Syntax.ToString(), "multicast membership", Article(type) + " " + type, "with ArgumentException", $"pass new {type}(...)");
                    break;
                }

                default:
                {
                    var properties = ImmutableDictionary<string, string?>.Empty;
                    string advice = "call the int or bool overload";
                    if (option == Option.Other && !noFix && TypedCast(operand) is { } cast)
                    {
                        properties = properties.Add(FixProperty, TypedFix).Add(CastProperty, cast);
                    }
                    else if (option == Option.SourceMembership)
                    {
                        advice = "pass an ip_mreq_source structure as byte[]";
                    }
                    else if (option == Option.Unknown)
                    {
                        advice = "call the int or bool overload";
                    }

                    Report(context, value, properties,
                        typeName, operand.Syntax.ToString(), "the object overload of SetSocketOption", "a LingerOption or multicast option", "with ArgumentException", advice);
                    break;
                }
            }
        }

        /// <summary>"none" when the value is already an int or bool, "int" when a cast makes it one, null when no fix fits.</summary>
        private static string? TypedCast(IOperation operand)
        {
            var type = operand.Type;
            if (type is null)
            {
                return null;
            }

            if (type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Boolean)
            {
                return "none";
            }

            bool integral = type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt32
                or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte
                or SpecialType.System_SByte or SpecialType.System_Char;
            if (!integral)
            {
                return null;
            }

            // A constant that does not fit an int would not compile as (int)constant.
            if (NativeSocketApi.ConstantInt(operand) is { } constant && (constant < int.MinValue || constant > int.MaxValue))
            {
                return null;
            }

            if (operand.ConstantValue is { HasValue: true, Value: ulong big } && big > int.MaxValue)
            {
                return null;
            }

            return "int";
        }

        private static bool IsScalar(ITypeSymbol type, out bool isNullable)
        {
            isNullable = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: { Length: 1 } arguments })
            {
                isNullable = true;
                type = arguments[0];
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>What to write instead of a Linger value, and the fix's properties when a fix is safe.</summary>
        private static (string Advice, ImmutableDictionary<string, string?> Properties) LingerAdvice(IInvocationOperation invocation, IOperation value)
        {
            string owner = invocation.Instance is { IsImplicit: false } instance ? instance.Syntax.ToString() + "." : string.Empty;
            var none = ImmutableDictionary<string, string?>.Empty;
            bool canFix = invocation.Parent is IExpressionStatementOperation && invocation.Instance != null;
            var constant = value.WalkDownConversions().ConstantValue;
            if (!constant.HasValue)
            {
                constant = value.ConstantValue;
            }

            if (!constant.HasValue)
            {
                // bool on = false; / int seconds = 5; written once: the same advice as the literal.
                constant = LocalValues.Resolve(value).ConstantValue;
            }

            if (constant.HasValue && constant.Value is bool flag)
            {
                if (flag)
                {
                    return ($"write '{owner}LingerState = new LingerOption(true, seconds)'", none);
                }

                return ($"write '{owner}LingerState = new LingerOption(false, 0)'",
                    canFix ? none.Add(FixProperty, LingerFix).Add(EnabledProperty, "false") : none);
            }

            if (constant.HasValue && NativeSocketApi.ConstantInt(value) is { } seconds)
            {
                if (seconds > 0 && seconds <= ushort.MaxValue)
                {
                    return ($"write '{owner}LingerState = new LingerOption(true, {value.WalkDownConversions().Syntax})'",
                        canFix ? none.Add(FixProperty, LingerFix).Add(EnabledProperty, "true") : none);
                }

                return ($"write '{owner}LingerState = new LingerOption(false, 0)', or (true, 0) for an abortive close", none);
            }

            return ($"write '{owner}LingerState = new LingerOption(true, seconds)'", none);
        }

        private static string Article(string word) => word.StartsWith("I", System.StringComparison.Ordinal) ? "an" : "a";

        private static void Report(OperationAnalysisContext context, IOperation value, ImmutableDictionary<string, string?> properties,
            string kind, string valueText, string option, string needed, string failure, string remedy)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SOCK005_OptionNeedsObject, value.Syntax.GetLocation(), properties, kind, valueText, option, needed, failure, remedy));
    }
}
