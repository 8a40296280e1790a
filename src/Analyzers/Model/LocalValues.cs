using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers
{
    /// <summary>
    /// The one reader of "the value a variable holds". A local (not const, not ref, using or fixed) holds a known value
    /// when its body writes it exactly once, by its declarator's initializer (<c>int x = 5;</c>) or by one simple
    /// assignment (<c>int x; x = 5;</c>), and nothing else in the body can change it: no <c>++</c>/<c>--</c>, no
    /// compound or <c>??=</c> assignment, no deconstruction or pattern into it, no <c>ref</c>/<c>out</c>/<c>in</c>
    /// argument, <c>ref</c> alias or address-of (<c>&amp;x</c>). The one by-reference use asked about (the
    /// <c>ref one</c> or <c>&amp;one</c> an option call passes) does not count against it. A readonly field with an
    /// initializer, declared in the same file, that no constructor assigns also holds its initial value.
    /// </summary>
    internal static class LocalValues
    {
        /// <summary>The constant a local holds when it is written once with a constant (see the class); otherwise null.</summary>
        internal static long? SingleConstant(ILocalReferenceOperation local)
            => NativeSocketApi.ConstantInt(local);

        /// <summary>The creation a value is: written in place, or the one value of a local written once.</summary>
        internal static IObjectCreationOperation? SingleCreation(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation local)
            {
                value = Value(local)?.WalkDownConversions()!;
            }

            return value as IObjectCreationOperation;
        }

        /// <summary>
        /// The value a local or readonly field holds (see the class), followed through up to three such variables
        /// (<c>var a = 5; var b = a;</c>), under conversions; the operation itself (under conversions) otherwise.
        /// </summary>
        internal static IOperation Resolve(IOperation operation)
        {
            var current = operation.WalkDownConversions();
            for (int depth = 0; depth < 3; depth++)
            {
                var next = current switch
                {
                    ILocalReferenceOperation local => Value(local),
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

        /// <summary>The one value written to the local of <paramref name="reference"/>, or null (see the class).</summary>
        internal static IOperation? Value(ILocalReferenceOperation reference)
            => OneValue(reference.Root(), reference.Local, reference, laterGetBufferHarmless: true);

        /// <summary>
        /// The one value of <paramref name="local"/> in the body of <paramref name="anywhere"/> (see the class), read with
        /// <paramref name="except"/> (the reference the caller reads through, e.g. the <c>&amp;len</c> of a getsockopt
        /// call) as the only by-reference use allowed besides setsockopt buffers; null otherwise. Same per-body facts as
        /// <see cref="Value"/>.
        /// </summary>
        internal static IOperation? OnlyValue(IOperation anywhere, ILocalSymbol local, IOperation? except)
            => OneValue(anywhere.Root(), local, except, laterGetBufferHarmless: false);

        /// <summary>
        /// The value of the one write of <paramref name="local"/> in the body <paramref name="root"/>, when every
        /// by-reference use of it is <paramref name="reader"/>, a setsockopt buffer or (with
        /// <paramref name="laterGetBufferHarmless"/>) a getsockopt buffer after <paramref name="reader"/>; otherwise null.
        /// </summary>
        private static IOperation? OneValue(IOperation root, ILocalSymbol local, IOperation? reader, bool laterGetBufferHarmless)
        {
            if (local.IsConst || local.IsRef || local.IsUsing || local.IsFixed
                || !s_bodies.GetValue(root, Collect).TryGetValue(local, out var facts)
                || facts.Writes != 1
                || facts.Value is null)
            {
                return null;
            }

            foreach (var (use, kind) in facts.Escapes)
            {
                bool harmless = use == reader
                    || kind == EscapeKind.SetBuffer
                    || (laterGetBufferHarmless && kind == EscapeKind.GetBuffer && reader != null && use.Syntax.SpanStart > reader.Syntax.SpanStart);
                if (!harmless)
                {
                    return null;
                }
            }

            return facts.Value;
        }

        /// <summary>How a by-reference use hands a local out.</summary>
        private enum EscapeKind
        {
            /// <summary>A ref/in argument, a ref alias or an address: anything may write through it.</summary>
            Any,

            /// <summary>The option buffer of an imported setsockopt: the C function only reads it.</summary>
            SetBuffer,

            /// <summary>The option buffer of an imported getsockopt: written, but only after the call (uses before it keep the value).</summary>
            GetBuffer,
        }

        /// <summary>What one body does to one local.</summary>
        private sealed class LocalFacts
        {
            /// <summary>Every write: declarator initializers, assignments of any kind, ++/--, deconstructions, patterns, out arguments.</summary>
            public int Writes;

            /// <summary>The value of the last write when it is an initializer or a simple assignment; null otherwise.</summary>
            public IOperation? Value;

            /// <summary>Uses that hand the variable out by reference (ref/in arguments, ref aliases, address-of).</summary>
            public readonly List<(IOperation Use, EscapeKind Kind)> Escapes = new();
        }

        /// <summary>Per body (the root operation, shared by every callback on it): what happens to each local. One walk per body.</summary>
        private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, LocalFacts>> s_bodies = new();

        private static Dictionary<ILocalSymbol, LocalFacts> Collect(IOperation root)
        {
            var facts = new Dictionary<ILocalSymbol, LocalFacts>(SymbolEqualityComparer.Default);
            LocalFacts Of(ILocalSymbol local)
            {
                if (!facts.TryGetValue(local, out var found))
                {
                    facts[local] = found = new LocalFacts();
                }

                return found;
            }

            void Write(ILocalSymbol local, IOperation? value)
            {
                var f = Of(local);
                f.Writes++;
                f.Value = value;
            }

            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        // A declaration without an initializer writes nothing: the later assignment is the write.
                        if (declarator.Initializer?.Value is { } initial)
                        {
                            Write(declarator.Symbol, initial);
                        }

                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                        Write(declared, null);
                        break;
                    case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                        Write(declared, null);
                        break;
                    case ILocalReferenceOperation reference:
                        Classify(reference, Of, Write);
                        break;
                }
            }

            return facts;
        }

        private static void Classify(
            ILocalReferenceOperation reference, System.Func<ILocalSymbol, LocalFacts> of, System.Action<ILocalSymbol, IOperation?> write)
        {
            var local = reference.Local;
            IOperation child = reference;
            var parent = reference.Parent;

            // out var x, (var a, var b) = ...: the declaration expression stands where the variable does.
            if (parent is IDeclarationExpressionOperation)
            {
                child = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation simple when simple.Target == child:
                    write(local, simple.IsRef ? null : simple.Value);
                    return;
                case ISimpleAssignmentOperation { IsRef: true } refAssignment when refAssignment.Value == child:
                    Escape(of(local), reference); // r = ref x
                    return;
                case IAssignmentOperation assignment when assignment.Target == child:
                    write(local, null); // +=, ??= ...
                    return;
                case IIncrementOrDecrementOperation:
                    write(local, null);
                    return;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out }:
                    write(local, null);
                    return;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.In }:
                    Escape(of(local), reference);
                    return;
                case IAddressOfOperation:
                    Escape(of(local), reference);
                    return;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } }:
                    Escape(of(local), reference); // ref int r = ref x
                    return;
                case ITupleOperation tuple when IsDeconstructionTarget(tuple):
                    write(local, null);
                    return;
            }
        }

        private static bool IsDeconstructionTarget(ITupleOperation tuple)
        {
            IOperation current = tuple;
            while (current.Parent is ITupleOperation or IDeclarationExpressionOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
        }

        private static void Escape(LocalFacts facts, IOperation reference)
            => facts.Escapes.Add((reference, BufferKind(reference)));

        /// <summary>
        /// Whether a by-reference use is the option buffer (<c>ref one</c>, <c>&amp;one</c>) of an imported
        /// setsockopt or getsockopt: the common <c>int one = 1;</c> passed to several setsockopt calls keeps its value.
        /// </summary>
        private static EscapeKind BufferKind(IOperation reference)
        {
            var current = reference.Parent;
            while (current is IAddressOfOperation or IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parameter.Ordinal: 3, Parent: IInvocationOperation invocation }
                && NativeSocketImports.IsSocketOptionImport(invocation.TargetMethod, out bool isGet)
                ? (isGet ? EscapeKind.GetBuffer : EscapeKind.SetBuffer)
                : EscapeKind.Any;
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
                || syntaxReference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return null;
            }

            // A constructor may assign a readonly field again: then it does not hold its initializer.
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
