using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>How the code writes an option.</summary>
    internal enum OptionForm
    {
        /// <summary><c>Set/GetSocketOption(SocketOptionLevel, SocketOptionName, ...)</c>: .NET enum numbers.</summary>
        Managed,

        /// <summary><c>Set/GetRawSocketOption(int level, int name, span)</c>: the platform's numbers.</summary>
        Raw,

        /// <summary>An option property (<c>ExclusiveAddressUse</c>, <c>LingerState</c>, <c>NoDelay</c>...), statement or initializer.</summary>
        Property,

        /// <summary>An imported <c>setsockopt</c>/<c>getsockopt</c>, under any method name.</summary>
        Native,
    }

    /// <summary>
    /// One read or write of a socket option, whatever its shape. Arguments are taken by the parameter they bind to
    /// (named arguments in any order are the same call), numbers come from <see cref="SocketNumbers"/>.
    /// </summary>
    internal sealed class OptionCall
    {
        private OptionCall(IOperation operation, OptionForm form, bool isSet)
        {
            Operation = operation;
            Form = form;
            IsSet = isSet;
        }

        /// <summary>The invocation, or the property assignment.</summary>
        public IOperation Operation { get; }

        public OptionForm Form { get; }

        public bool IsSet { get; }

        /// <summary>The socket expression (the instance), or null for an initializer or a native call.</summary>
        public IOperation? Instance { get; private set; }

        /// <summary>For an initializer: the creation whose initializer sets the property.</summary>
        public IObjectCreationOperation? InitializedCreation { get; private set; }

        /// <summary>For a native call: the descriptor argument.</summary>
        public IOperation? Descriptor { get; private set; }

        public NativeImport? Import { get; private set; }

        public IOperation? Level { get; private set; }

        public IOperation? Name { get; private set; }

        /// <summary>The value written (null for a read without a buffer).</summary>
        public IOperation? Value { get; private set; }

        /// <summary>For a native call: the optlen argument (a length, or for getsockopt the address of one).</summary>
        public IOperation? Length { get; private set; }

        public IPropertySymbol? Property { get; private set; }

        public long? LevelNumber { get; private set; }

        public long? NameNumber { get; private set; }

        public KnownOption Option { get; private set; }

        public OptionPlatform Platform { get; private set; }

        /// <summary>The value as a number when it is constant (bool as 0/1; raw buffers through <c>&amp;one</c>, <c>GetBytes(1)</c>).</summary>
        public long? ValueNumber { get; private set; }

        /// <summary>
        /// For an address-reuse option: true when the write allows reuse (ReuseAddress/ReusePort on, ExclusiveAddressUse
        /// off), false when it forbids it, null when the value is not constant or the option is another one.
        /// </summary>
        public bool? EnablesReuse => !IsSet || ValueNumber is not { } v
            ? null
            : Option switch
            {
                KnownOption.ReuseAddress or KnownOption.ReusePort => v != 0,
                KnownOption.ExclusiveAddressUse => v == 0,
                _ => null,
            };

        /// <summary>An address-reuse option (SO_REUSEADDR, SO_REUSEPORT, ExclusiveAddressUse), whatever its value.</summary>
        public bool IsReuseOption => Option is KnownOption.ReuseAddress or KnownOption.ReusePort or KnownOption.ExclusiveAddressUse;

        /// <summary>Reads an invocation or a simple assignment; null when it is not an option call.</summary>
        internal static OptionCall? Read(IOperation operation, SocketSymbols symbols)
            => operation switch
            {
                IInvocationOperation invocation => ReadInvocation(invocation, symbols),
                ISimpleAssignmentOperation assignment => ReadProperty(assignment, symbols),
                _ => null,
            };

        private static OptionCall? ReadInvocation(IInvocationOperation invocation, SocketSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (method.IsStatic)
            {
                return symbols.SocketImportOf(method) is { } import
                    && import.Function is "setsockopt" or "getsockopt"
                    && method.Parameters.Length == 5
                    ? ReadNative(invocation, import)
                    : null;
            }

            var member = symbols.MemberOf(method);
            bool raw;
            bool isSet;
            switch (member)
            {
                case SocketMember.SetSocketOption: raw = false; isSet = true; break;
                case SocketMember.GetSocketOption: raw = false; isSet = false; break;
                case SocketMember.SetRawSocketOption: raw = true; isSet = true; break;
                case SocketMember.GetRawSocketOption: raw = true; isSet = false; break;
                default: return null;
            }

            var call = new OptionCall(invocation, raw ? OptionForm.Raw : OptionForm.Managed, isSet)
            {
                Instance = invocation.Instance,
            };

            // Every overload: (level, name), (level, name, value), (level, name, length); by parameter ordinal.
            call.Level = NativeSocketImports.ArgumentFor(invocation, 0)?.Value;
            call.Name = NativeSocketImports.ArgumentFor(invocation, 1)?.Value;
            var third = NativeSocketImports.ArgumentFor(invocation, 2);
            if (third != null && (isSet || third.Parameter?.Type.SpecialType != SpecialType.System_Int32))
            {
                call.Value = third.Value;
            }

            call.LevelNumber = call.Level is null ? null : NativeSocketApi.ConstantInt(call.Level);
            call.NameNumber = call.Name is null ? null : NativeSocketApi.ConstantInt(call.Name);
            (call.Option, call.Platform) = SocketNumbers.Identify(call.LevelNumber, call.NameNumber, dotNet: !raw);
            if (raw && call.Option == KnownOption.Other && call.Level != null && call.Name != null)
            {
                call.Option = ByConstantName(call.Name);
            }

            if (call.Value != null)
            {
                call.ValueNumber = raw ? BufferConstant(call.Value) : ConstantTruthNumber(call.Value);
            }

            return call;
        }

        private static OptionCall ReadNative(IInvocationOperation invocation, NativeImport import)
        {
            bool isSet = import.Function == "setsockopt";
            var call = new OptionCall(invocation, OptionForm.Native, isSet)
            {
                Import = import,
                Descriptor = NativeSocketImports.ArgumentFor(invocation, 0)?.Value,
                Level = NativeSocketImports.ArgumentFor(invocation, 1)?.Value,
                Name = NativeSocketImports.ArgumentFor(invocation, 2)?.Value,
                Value = NativeSocketImports.ArgumentFor(invocation, 3)?.Value,
                Length = NativeSocketImports.ArgumentFor(invocation, 4)?.Value,
            };
            call.LevelNumber = call.Level is null ? null : NativeSocketApi.ConstantInt(call.Level);
            call.NameNumber = call.Name is null ? null : NativeSocketApi.ConstantInt(call.Name);
            (call.Option, call.Platform) = SocketNumbers.Identify(call.LevelNumber, call.NameNumber, dotNet: false);
            if (call.Option == KnownOption.Other && call.Name != null)
            {
                call.Option = ByConstantName(call.Name);
            }

            if (call.Value != null && isSet)
            {
                call.ValueNumber = BufferConstant(call.Value);
            }

            return call;
        }

        private static OptionCall? ReadProperty(ISimpleAssignmentOperation assignment, SocketSymbols symbols)
        {
            if (assignment.Target is not IPropertyReferenceOperation reference
                || symbols.OptionOf(reference.Property) is not { } option)
            {
                return null;
            }

            var call = new OptionCall(assignment, OptionForm.Property, isSet: true)
            {
                Property = reference.Property,
                Option = option,
                Platform = OptionPlatform.DotNet,
                Value = assignment.Value,
                ValueNumber = ConstantTruthNumber(assignment.Value),
            };

            if (reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                // new Socket(...) { ExclusiveAddressUse = false }: the socket is the object being created.
                call.InitializedCreation = assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation }
                    ? creation
                    : null;
            }
            else
            {
                call.Instance = reference.Instance;
            }

            return call;
        }

        /// <summary>A raw name given by a constant whose name says SO_REUSEADDR/SO_REUSEPORT (numbers unknown: a field of an interop class).</summary>
        private static KnownOption ByConstantName(IOperation name)
        {
            string? constant = NativeSocketApi.ReferencedConstantName(name);
            if (constant is null)
            {
                return KnownOption.Other;
            }

            if (constant.IndexOf("REUSEPORT", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return KnownOption.ReusePort;
            }

            return constant.IndexOf("REUSEADDR", System.StringComparison.OrdinalIgnoreCase) >= 0
                || constant.IndexOf("ReuseAddress", System.StringComparison.OrdinalIgnoreCase) >= 0
                ? KnownOption.ReuseAddress
                : KnownOption.Other;
        }

        /// <summary>A constant bool or integer as 1/0 (non-zero is 1); null when not a constant.</summary>
        internal static long? ConstantTruthNumber(IOperation value)
        {
            var walked = value.WalkDownConversions();
            if (walked.ConstantValue is { HasValue: true, Value: bool b })
            {
                return b ? 1 : 0;
            }

            if (walked.Type?.SpecialType is SpecialType.System_Boolean)
            {
                return null;
            }

            return NativeSocketApi.ConstantInt(walked) is { } i ? (i != 0 ? 1 : 0) : null;
        }

        /// <summary>
        /// The constant behind an option buffer: <c>ref one</c>, <c>&amp;one</c>, <c>(IntPtr)(&amp;one)</c> or
        /// <c>BitConverter.GetBytes(1)</c>, where <c>one</c> is a local written once with a constant; otherwise null.
        /// </summary>
        internal static long? BufferConstant(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is IAddressOfOperation address)
            {
                value = address.Reference.WalkDownConversions();
            }

            if (value is IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes)
            {
                return NativeSocketApi.ConstantInt(getBytes.Arguments[0].Value);
            }

            return value is ILocalReferenceOperation local ? LocalValues.SingleConstant(local) : null;
        }
    }
}
