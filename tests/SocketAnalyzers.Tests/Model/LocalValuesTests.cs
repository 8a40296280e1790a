using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Model
{
    /// <summary>
    /// The one reader of "the value a local holds" (<see cref="LocalValues"/>): a local is a constant only when it is
    /// written exactly once, by its initializer or one simple assignment, and never changed or handed out by reference.
    /// Each method of the source reads its local <c>x</c> in the last statement, <c>Use(x)</c>.
    /// </summary>
    public class LocalValuesTests
    {
        private const string Source = """
            using System;
            using System.Net;
            using System.Net.Sockets;

            unsafe class C
            {
                static readonly int Field = 7;
                static readonly int Reassigned = 7;
                static C() { Reassigned = 8; }

                static void Use(int value) { }
                static void UseRef(ref int value) { }
                static void UseIn(in int value) { }
                static void UseOut(out int value) { value = 3; }
                static void UsePointer(int* value) { }
                static void UseEndPoint(IPEndPoint value) { }
                static void UseString(string value) { }
                [System.Runtime.InteropServices.DllImport("libc")] static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                [System.Runtime.InteropServices.DllImport("libc")] static extern int getsockopt(int fd, int level, int name, ref int value, ref int len);

                void Initializer() { int x = 5; Use(x); }
                void DeclaredThenAssigned() { int x; x = 5; Use(x); }
                void AssignedTwice() { int x = 5; x = 6; Use(x); }
                void AssignedInBranches(bool b) { int x; if (b) x = 5; else x = 6; Use(x); }
                void Incremented() { int x = 5; x++; Use(x); }
                void Decremented() { int x = 5; --x; Use(x); }
                void Compound() { int x = 5; x += 1; Use(x); }
                void Coalesce() { string x = "a"; x ??= "b"; UseString(x); }
                void StringOnce() { string x = "a"; UseString(x); }
                void RefArgument() { int x = 5; UseRef(ref x); Use(x); }
                void InArgument() { int x = 5; UseIn(in x); Use(x); }
                void OutArgument() { int x = 5; UseOut(out x); Use(x); }
                void OutDeclaration() { UseOut(out var x); Use(x); }
                void AddressOf() { int x = 5; UsePointer(&x); Use(x); }
                void RefAlias() { int x = 5; ref int r = ref x; r = 6; Use(x); }
                void Deconstructed() { int x = 5; int z; (x, z) = (6, 7); Use(x); }
                void Pattern(object o) { if (o is int x) { Use(x); } }
                void Chained() { int a = 5; int x = a; Use(x); }
                void NotConstant(int p) { int x = p; Use(x); }
                void InLambda() { int x = 5; Action a = () => x = 6; Use(x); }
                void ConstLocal() { const int x = 5; Use(x); }
                void ReadonlyField() { Use(Field); }
                void ReadonlyFieldAssignedInConstructor() { Use(Reassigned); }

                // The by-reference use asked about is the option call's buffer: it does not count against the local.
                void OnlyTheAskedRef() { int x = 5; UseRef(ref x); }
                void OnlyTheAskedAddress() { int x = 5; UsePointer(&x); }
                void SetBuffersBefore(int fd) { int x = 1; setsockopt(fd, 1, 2, ref x, 4); setsockopt(fd, 1, 15, ref x, 4); Use(x); }
                void GetBufferBefore(int fd) { int x = 1; int len = 4; getsockopt(fd, 1, 2, ref x, ref len); Use(x); }
                void AnotherRefBesides() { int x = 5; UseRef(ref x); UsePointer(&x); }

                void CreationInitializer() { var x = new IPEndPoint(IPAddress.Any, 5000); UseEndPoint(x); }
                void CreationAssigned() { IPEndPoint x; x = new IPEndPoint(IPAddress.Any, 5000); UseEndPoint(x); }
                void CreationTwice() { var x = new IPEndPoint(IPAddress.Any, 5000); x = new IPEndPoint(IPAddress.Any, 5001); UseEndPoint(x); }
            }
            """;

        private static readonly Dictionary<string, IOperation> s_uses = ReadUses();

        /// <summary>Per method: the argument of its last call (Use(x), UseRef(ref x), UsePointer(&amp;x)...).</summary>
        private static Dictionary<string, IOperation> ReadUses()
        {
            var tree = CSharpSyntaxTree.ParseText(Source);
            var compilation = CSharpCompilation.Create("L", new[] { tree }, TestEnvironment.Net80References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var model = compilation.GetSemanticModel(tree);
            var uses = new Dictionary<string, IOperation>();
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var last = method.Body?.DescendantNodes().OfType<InvocationExpressionSyntax>().LastOrDefault();
                if (last is null || method.Identifier.ValueText.StartsWith("Use", System.StringComparison.Ordinal) || method.Identifier.ValueText.EndsWith("sockopt", System.StringComparison.Ordinal))
                {
                    continue;
                }

                var invocation = (IInvocationOperation)model.GetOperation(last)!;
                uses[method.Identifier.ValueText] = invocation.Arguments[0].Value;
            }

            return uses;
        }

        private static long? Constant(string method)
        {
            var value = s_uses[method].WalkDownConversions();
            if (value is IAddressOfOperation address)
            {
                value = address.Reference;
            }

            return value is ILocalReferenceOperation local ? LocalValues.SingleConstant(local) : NativeSocketApi.ConstantInt(value);
        }

        [Theory]
        [InlineData("Initializer", 5)]
        [InlineData("DeclaredThenAssigned", 5)]
        [InlineData("Chained", 5)]
        [InlineData("ConstLocal", 5)]
        [InlineData("ReadonlyField", 7)]
        [InlineData("OnlyTheAskedRef", 5)]
        [InlineData("OnlyTheAskedAddress", 5)]
        [InlineData("SetBuffersBefore", 1)] // setsockopt only reads its buffer
        public void A_local_written_once_with_a_constant_is_that_constant(string method, long expected)
            => Assert.Equal(expected, Constant(method));

        [Theory]
        [InlineData("AssignedTwice")]
        [InlineData("AssignedInBranches")]
        [InlineData("Incremented")]
        [InlineData("Decremented")]
        [InlineData("Compound")]
        [InlineData("RefArgument")]
        [InlineData("InArgument")]
        [InlineData("OutArgument")]
        [InlineData("OutDeclaration")]
        [InlineData("AddressOf")]
        [InlineData("RefAlias")]
        [InlineData("Deconstructed")]
        [InlineData("Pattern")]
        [InlineData("NotConstant")]
        [InlineData("InLambda")]
        [InlineData("ReadonlyFieldAssignedInConstructor")]
        [InlineData("AnotherRefBesides")]
        [InlineData("GetBufferBefore")] // getsockopt writes its buffer
        public void A_local_changed_or_handed_out_is_not_a_constant(string method)
            => Assert.Null(Constant(method));

        [Fact]
        public void The_same_reader_gives_the_value_through_conversions_and_constants()
        {
            // ConstantInt reads through the same reader: the two used to disagree on 'int x; x = 5;'.
            Assert.Equal(5, NativeSocketApi.ConstantInt(s_uses["DeclaredThenAssigned"]));
            Assert.Null(NativeSocketApi.ConstantInt(s_uses["Incremented"]));
            Assert.Null(NativeSocketApi.ConstantInt(s_uses["RefArgument"]));
        }

        [Fact]
        public void A_coalescing_assignment_is_a_second_write()
        {
            Assert.NotNull(LocalValues.Value((ILocalReferenceOperation)s_uses["StringOnce"]));
            Assert.Null(LocalValues.Value((ILocalReferenceOperation)s_uses["Coalesce"]));
        }

        [Theory]
        [InlineData("CreationInitializer", true)]
        [InlineData("CreationAssigned", true)]
        [InlineData("CreationTwice", false)]
        public void A_creation_held_in_a_local_written_once_is_found(string method, bool found)
            => Assert.Equal(found, LocalValues.SingleCreation(s_uses[method]) != null);
    }
}
