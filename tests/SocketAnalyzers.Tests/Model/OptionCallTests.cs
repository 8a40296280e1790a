using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Model
{
    /// <summary>The one option reader: every shape of an option call gives the same option, numbers and value.</summary>
    public class OptionCallTests
    {
        private const string Source = """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] internal static extern int SetOpt(int fd, int level, int name, ref int value, int len);
                [DllImport("libc", SetLastError = true)] internal static extern int getsockopt(int fd, int level, int name, ref int value, ref int len);
            }

            class C
            {
                void M(Socket s, TcpClient c, int fd)
                {
                    int one = 1;
                    int len = 4;
                    /*1*/ s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    /*2*/ s.SetSocketOption(optionValue: 1, optionName: SocketOptionName.ReuseAddress, optionLevel: SocketOptionLevel.Socket);
                    /*3*/ s.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
                    /*4*/ s.SetRawSocketOption(optionName: 15, optionValue: BitConverter.GetBytes(1), optionLevel: 1);
                    /*5*/ s.SetRawSocketOption(0xffff, 0x200, BitConverter.GetBytes(1));
                    /*6*/ Native.SetOpt(fd, 1, 2, ref one, sizeof(int));
                    /*7*/ Native.SetOpt(fd, name: 15, level: 1, value: ref one, len: 4);
                    /*8*/ s.ExclusiveAddressUse = false;
                    /*9*/ var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = false };
                    /*10*/ s.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress);
                    /*11*/ s.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, 4);
                    /*12*/ Native.getsockopt(fd, 1, 15, ref one, ref len);
                    /*13*/ c.NoDelay = true;
                    /*14*/ c.LingerState = new LingerOption(true, 0);
                    /*15*/ s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, 0);
                    /*16*/ Math.Max(1, 2);
                }
            }
            """;

        private static Dictionary<string, OptionCall?> ReadAll()
        {
            var tree = CSharpSyntaxTree.ParseText(Source);
            var compilation = CSharpCompilation.Create("M", new[] { tree }, TestEnvironment.Net80References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var model = compilation.GetSemanticModel(tree);
            var symbols = SocketSymbols.For(compilation);
            Assert.Same(symbols, SocketSymbols.For(compilation));

            var result = new Dictionary<string, OptionCall?>();
            foreach (var statement in tree.GetRoot().DescendantNodes().OfType<StatementSyntax>())
            {
                var comment = statement.GetLeadingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.MultiLineCommentTrivia));
                if (comment == default)
                {
                    continue;
                }

                SyntaxNode node = statement.DescendantNodes().FirstOrDefault(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax)!;
                result[comment.ToString().Trim('/', '*')] = OptionCall.Read(model.GetOperation(node)!, symbols);
            }

            return result;
        }

        [Fact]
        public void Every_shape_of_reuse_reads_the_same()
        {
            var calls = ReadAll();
            Assert.All(new[] { "1", "2" }, k =>
            {
                var c = calls[k]!;
                Assert.Equal((OptionForm.Managed, KnownOption.ReuseAddress, OptionPlatform.DotNet, true, true), (c.Form, c.Option, c.Platform, c.IsSet, c.EnablesReuse));
                Assert.Equal((0xffff, 4), (c.LevelNumber, c.NameNumber));
            });
            Assert.Equal((OptionForm.Raw, KnownOption.ReuseAddress, OptionPlatform.Linux, (bool?)true), (calls["3"]!.Form, calls["3"]!.Option, calls["3"]!.Platform, calls["3"]!.EnablesReuse));
            Assert.Equal((OptionForm.Raw, KnownOption.ReusePort, OptionPlatform.Linux, (bool?)true), (calls["4"]!.Form, calls["4"]!.Option, calls["4"]!.Platform, calls["4"]!.EnablesReuse));
            Assert.Equal((KnownOption.ReusePort, OptionPlatform.Bsd), (calls["5"]!.Option, calls["5"]!.Platform));
            Assert.Equal((OptionForm.Native, KnownOption.ReuseAddress, OptionPlatform.Linux, (long?)1), (calls["6"]!.Form, calls["6"]!.Option, calls["6"]!.Platform, calls["6"]!.ValueNumber));
            Assert.Equal((OptionForm.Native, KnownOption.ReusePort, "setsockopt"), (calls["7"]!.Form, calls["7"]!.Option, calls["7"]!.Import!.Function));
            Assert.Equal((OptionForm.Property, KnownOption.ExclusiveAddressUse, (bool?)true), (calls["8"]!.Form, calls["8"]!.Option, calls["8"]!.EnablesReuse));
            Assert.NotNull(calls["8"]!.Instance);
            Assert.Equal((OptionForm.Property, KnownOption.ExclusiveAddressUse, (bool?)true), (calls["9"]!.Form, calls["9"]!.Option, calls["9"]!.EnablesReuse));
            Assert.NotNull(calls["9"]!.InitializedCreation);
            Assert.Equal((KnownOption.ExclusiveAddressUse, (bool?)true), (calls["15"]!.Option, calls["15"]!.EnablesReuse));
        }

        [Fact]
        public void Reads_and_other_options_are_read_too()
        {
            var calls = ReadAll();
            Assert.Equal((false, KnownOption.ReuseAddress, (bool?)null), (calls["10"]!.IsSet, calls["10"]!.Option, calls["10"]!.EnablesReuse));
            Assert.Null(calls["10"]!.Value);
            Assert.Equal((false, KnownOption.NoDelay), (calls["11"]!.IsSet, calls["11"]!.Option));
            Assert.Null(calls["11"]!.Value); // GetSocketOption(level, name, optionLength): the int is a length, not a value.
            Assert.Equal((OptionForm.Native, false, KnownOption.ReusePort), (calls["12"]!.Form, calls["12"]!.IsSet, calls["12"]!.Option));
            Assert.Equal((OptionForm.Property, KnownOption.NoDelay, (long?)1), (calls["13"]!.Form, calls["13"]!.Option, calls["13"]!.ValueNumber));
            Assert.Equal(KnownOption.Linger, calls["14"]!.Option);
            Assert.Null(calls["16"]);
        }

        [Fact]
        public void The_number_table_tells_platforms_apart()
        {
            Assert.Equal((KnownOption.ReuseAddress, OptionPlatform.DotNet), SocketNumbers.Identify(0xffff, 4, dotNet: true));
            Assert.Equal((KnownOption.ExclusiveAddressUse, OptionPlatform.DotNet), SocketNumbers.Identify(0xffff, ~4, dotNet: true));
            Assert.Equal((KnownOption.ReuseAddress, OptionPlatform.Linux), SocketNumbers.Identify(1, 2, dotNet: false));
            Assert.Equal((KnownOption.ReusePort, OptionPlatform.Linux), SocketNumbers.Identify(1, 15, dotNet: false));
            Assert.Equal((KnownOption.ReuseAddress, OptionPlatform.Bsd), SocketNumbers.Identify(0xffff, 4, dotNet: false));
            Assert.Equal((KnownOption.ReusePort, OptionPlatform.Bsd), SocketNumbers.Identify(0xffff, 0x200, dotNet: false));
            Assert.Equal((KnownOption.Linger, OptionPlatform.Linux), SocketNumbers.Identify(1, 13, dotNet: false));
            Assert.Equal(KnownOption.Other, SocketNumbers.Identify(0, 4, dotNet: true).Option); // IP level 4 is IP_TTL, not ReuseAddress
            Assert.Equal(KnownOption.Other, SocketNumbers.Identify(null, 4, dotNet: true).Option);
        }
    }
}
