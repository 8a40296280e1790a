using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.ShapeMatrix
{
    /// <summary>
    /// Every rule of the options family against every way of writing the same thing: positional and named arguments
    /// (in another order), int, bool and object values, statement and object initializer where the API has a property,
    /// typed and raw numbers where the rule reads raw calls (SetRawSocketOption, imported setsockopt under its own name
    /// or another one), the socket type through an import alias (<c>using S = System.Net.Sockets.Socket;</c>), and the
    /// level, name or value held in a local written once (by its initializer or by one later assignment). The shipped
    /// OptionsAnalyzer runs on each program; a rule must give the same answer for every shape of one defect, and stay
    /// silent on every shape of the correct counterpart.
    /// </summary>
    public class OptionsShapeMatrixTests
    {
        /// <summary>Each body runs in <c>Run(Socket s, TcpClient c, int fd)</c>, with <c>S</c> an alias of Socket and <c>one</c> an int local.</summary>
        private static string Program(string body) => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.InteropServices;
            using S = System.Net.Sockets.Socket;

            class Worker
            {
                [DllImport("libc", SetLastError = true)] static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] static extern int SetOption(int fd, int level, int name, ref int value, int len);
                [DllImport("libc", SetLastError = true)] static extern int getsockopt(int fd, int level, int name, ref int value, ref int len);

                void Run(Socket s, TcpClient c, int fd)
                {
                    int one = 1;
                    {{body}}
                }
            }
            """;

        private const string NewSocket = "new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)";
        private const string NewAliased = "new S(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)";

        // ------------------------------------------------------------ SOCK005: Linger given a number, bool or boxed scalar

        public static readonly IReadOnlyDictionary<string, string> Sock005Defects = new Dictionary<string, string>
        {
            ["positional int"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5);",
            ["positional bool"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, true);",
            ["positional object"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, (object)5);",
            ["named, reordered, int"] = "s.SetSocketOption(optionValue: 5, optionName: SocketOptionName.Linger, optionLevel: SocketOptionLevel.Socket);",
            ["named, reordered, bool"] = "s.SetSocketOption(optionName: SocketOptionName.Linger, optionValue: true, optionLevel: SocketOptionLevel.Socket);",
            ["named, reordered, object"] = "s.SetSocketOption(optionValue: (object)5, optionLevel: SocketOptionLevel.Socket, optionName: SocketOptionName.Linger);",
            ["numbers cast to the enums"] = "s.SetSocketOption((SocketOptionLevel)0xffff, (SocketOptionName)0x80, 5);",
            ["alias"] = $"var a = {NewAliased}; a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5);",
            ["level and name in locals"] = "var level = SocketOptionLevel.Socket; var name = SocketOptionName.Linger; s.SetSocketOption(level, name, 5);",
            ["name declared, then assigned"] = "SocketOptionName name; name = SocketOptionName.Linger; s.SetSocketOption(SocketOptionLevel.Socket, name, 5);",
            ["int value in a local"] = "int seconds = 5; s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, seconds);",
            ["object value in a local"] = "object value = 5; s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, value);",
        };

        public static readonly IReadOnlyDictionary<string, string> Sock005Correct = new Dictionary<string, string>
        {
            ["LingerOption"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));",
            ["LingerOption, named"] = "s.SetSocketOption(optionValue: new LingerOption(true, 5), optionName: SocketOptionName.Linger, optionLevel: SocketOptionLevel.Socket);",
            ["LingerOption in an object local"] = "object value = new LingerOption(true, 5); s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, value);",
            ["property"] = "s.LingerState = new LingerOption(true, 5);",
            ["initializer"] = $"var t = {NewSocket} {{ LingerState = new LingerOption(true, 5) }};",
            ["a bool option"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);",
        };

        [Fact]
        public Task SOCK005_same_answer_for_every_shape() => CheckAsync("SOCK005", Sock005Defects, Sock005Correct);

        // ------------------------------------------------------------ SOCK009: NoDelay at the socket level

        public static readonly IReadOnlyDictionary<string, string> Sock009Defects = new Dictionary<string, string>
        {
            ["positional bool"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);",
            ["positional int"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, 1);",
            ["positional object"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, (object)1);",
            ["named, reordered"] = "s.SetSocketOption(optionValue: true, optionName: SocketOptionName.NoDelay, optionLevel: SocketOptionLevel.Socket);",
            ["get"] = "s.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay);",
            ["get, named, reordered"] = "s.GetSocketOption(optionName: SocketOptionName.NoDelay, optionLevel: SocketOptionLevel.Socket);",
            ["level number cast to the enum"] = "s.SetSocketOption((SocketOptionLevel)0xffff, SocketOptionName.NoDelay, true);",
            ["alias"] = $"var a = {NewAliased}; a.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);",
            ["level and name in locals"] = "var level = SocketOptionLevel.Socket; var name = SocketOptionName.NoDelay; s.SetSocketOption(level, name, true);",
            ["level declared, then assigned"] = "SocketOptionLevel level; level = SocketOptionLevel.Socket; s.SetSocketOption(level, SocketOptionName.NoDelay, true);",
        };

        public static readonly IReadOnlyDictionary<string, string> Sock009Correct = new Dictionary<string, string>
        {
            ["Tcp level"] = "s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);",
            ["Tcp level, named"] = "s.SetSocketOption(optionName: SocketOptionName.NoDelay, optionLevel: SocketOptionLevel.Tcp, optionValue: 1);",
            ["Tcp level, get"] = "s.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay);",
            ["Tcp level in a local"] = "var level = SocketOptionLevel.Tcp; s.SetSocketOption(level, SocketOptionName.NoDelay, true);",
            ["property"] = "s.NoDelay = true;",
            ["initializer"] = $"var t = {NewAliased} {{ NoDelay = true }};",
        };

        [Fact]
        public Task SOCK009_same_answer_for_every_shape() => CheckAsync("SOCK009", Sock009Defects, Sock009Correct);

        // ------------------------------------------------------------ SOCK010: a field of the LingerState copy changed

        public static readonly IReadOnlyDictionary<string, string> Sock010Defects = new Dictionary<string, string>
        {
            ["bool field"] = "s.LingerState.Enabled = true;",
            ["int field"] = "s.LingerState.LingerTime = 5;",
            ["compound"] = "s.LingerState.LingerTime += 5;",
            ["increment"] = "s.LingerState.LingerTime++;",
            ["TcpClient"] = "c.LingerState.Enabled = false;",
            ["initializer"] = $"var t = {NewSocket} {{ LingerState = {{ Enabled = true }} }};",
            ["alias"] = $"var a = {NewAliased}; a.LingerState.Enabled = true;",
            ["copy in a local, never written back"] = "var copy = s.LingerState; copy.Enabled = true;",
            ["copy declared, then assigned"] = "LingerOption copy; copy = s.LingerState; copy.LingerTime = 5;",
        };

        public static readonly IReadOnlyDictionary<string, string> Sock010Correct = new Dictionary<string, string>
        {
            ["new option"] = "s.LingerState = new LingerOption(true, 5);",
            ["initializer"] = $"var t = {NewSocket} {{ LingerState = new LingerOption(true, 5) }};",
            ["copy written back"] = "var copy = s.LingerState; copy.Enabled = true; s.LingerState = copy;",
            ["copy handed on"] = "var copy = s.LingerState; copy.Enabled = true; c.LingerState = copy;",
            ["own option"] = "var option = new LingerOption(false, 0); option.Enabled = true; s.LingerState = option;",
        };

        [Fact]
        public Task SOCK010_same_answer_for_every_shape() => CheckAsync("SOCK010", Sock010Defects, Sock010Correct);

        // ------------------------------------------------------------ SOCK013: Winsock numbers in a raw option call

        public static readonly IReadOnlyDictionary<string, string> Sock013Defects = new Dictionary<string, string>
        {
            ["raw, literal numbers"] = "s.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));",
            ["raw, enum members"] = "s.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));",
            ["raw, named, reordered"] = "s.SetRawSocketOption(optionValue: BitConverter.GetBytes(1), optionName: 4, optionLevel: 0xffff);",
            ["raw get"] = "s.GetRawSocketOption(0xffff, 4, new byte[4]);",
            ["raw, IP member"] = "s.SetRawSocketOption(0, (int)SocketOptionName.IpTimeToLive, BitConverter.GetBytes(1));",
            ["raw, IP member, named"] = "s.SetRawSocketOption(optionName: (int)SocketOptionName.IpTimeToLive, optionValue: BitConverter.GetBytes(1), optionLevel: 0);",
            ["raw, level in a local"] = "int level = 0xffff; s.SetRawSocketOption(level, 4, BitConverter.GetBytes(1));",
            ["raw, level declared, then assigned"] = "int level; level = 0xffff; s.SetRawSocketOption(level, 4, BitConverter.GetBytes(1));",
            ["raw, member in a local"] = "var name = SocketOptionName.IpTimeToLive; s.SetRawSocketOption(0, (int)name, BitConverter.GetBytes(1));",
            ["raw, alias"] = $"var a = {NewAliased}; a.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));",
            ["import"] = "setsockopt(fd, (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, ref one, 4);",
            ["import, other name"] = "SetOption(fd, (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, ref one, 4);",
            ["import, named, reordered"] = "setsockopt(fd, name: (int)SocketOptionName.ReuseAddress, level: (int)SocketOptionLevel.Socket, value: ref one, len: 4);",
            ["import, level in a local"] = "int level = (int)SocketOptionLevel.Socket; setsockopt(fd, level, (int)SocketOptionName.ReuseAddress, ref one, 4);",
            ["import get"] = "int len = 4; getsockopt(fd, (int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, ref one, ref len);",
        };

        public static readonly IReadOnlyDictionary<string, string> Sock013Correct = new Dictionary<string, string>
        {
            ["raw, Linux numbers"] = "s.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));",
            ["raw, Linux numbers, named"] = "s.SetRawSocketOption(optionName: 2, optionLevel: 1, optionValue: BitConverter.GetBytes(1));",
            ["raw, Linux numbers in locals"] = "int level = 1; int name; name = 2; s.SetRawSocketOption(level, name, BitConverter.GetBytes(1));",
            ["raw, TCP_NODELAY (the same everywhere)"] = "s.SetRawSocketOption(6, (int)SocketOptionName.NoDelay, BitConverter.GetBytes(1));",
            ["typed"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);",
            ["import, Linux numbers"] = "setsockopt(fd, 1, 2, ref one, 4);",
            ["import, Linux numbers, named"] = "SetOption(fd, name: 2, level: 1, value: ref one, len: 4);",
        };

        [Fact]
        public Task SOCK013_same_answer_for_every_shape() => CheckAsync("SOCK013", Sock013Defects, Sock013Correct);

        // ------------------------------------------------------------ SOCK014: an abortive close

        public static readonly IReadOnlyDictionary<string, string> Sock014Defects = new Dictionary<string, string>
        {
            ["property"] = "s.LingerState = new LingerOption(true, 0);",
            ["property, TcpClient"] = "c.LingerState = new LingerOption(true, 0);",
            ["initializer"] = $"var t = {NewSocket} {{ LingerState = new LingerOption(true, 0) }};",
            ["option call"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));",
            ["option call, named, reordered"] = "s.SetSocketOption(optionValue: new LingerOption(true, 0), optionName: SocketOptionName.Linger, optionLevel: SocketOptionLevel.Socket);",
            ["option call, object"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, (object)new LingerOption(true, 0));",
            ["option call, numbers cast to the enums"] = "s.SetSocketOption((SocketOptionLevel)0xffff, (SocketOptionName)0x80, new LingerOption(true, 0));",
            ["LingerOption, named arguments"] = "s.LingerState = new LingerOption(seconds: 0, enable: true);",
            ["LingerOption in a local"] = "var linger = new LingerOption(true, 0); s.LingerState = linger;",
            ["LingerOption declared, then assigned"] = "LingerOption linger; linger = new LingerOption(true, 0); s.LingerState = linger;",
            ["seconds in a local"] = "int seconds = 0; s.LingerState = new LingerOption(true, seconds);",
            ["alias"] = $"var a = {NewAliased}; a.LingerState = new LingerOption(true, 0);",
            ["Close(0)"] = "s.Close(0);",
            ["Close, named"] = "s.Close(timeout: 0);",
            ["Close, timeout in a local"] = "int timeout = 0; s.Close(timeout);",
            ["Disconnect(true)"] = "s.Disconnect(true);",
            ["Disconnect, named"] = "s.Disconnect(reuseSocket: true);",
            ["Disconnect, flag in a local"] = "bool reuse = true; s.Disconnect(reuse);",
        };

        public static readonly IReadOnlyDictionary<string, string> Sock014Correct = new Dictionary<string, string>
        {
            ["graceful linger"] = "s.LingerState = new LingerOption(true, 5);",
            ["linger off"] = "s.LingerState = new LingerOption(false, 0);",
            ["graceful linger, initializer"] = $"var t = {NewSocket} {{ LingerState = new LingerOption(true, 5) }};",
            ["graceful linger, option call, named"] = "s.SetSocketOption(optionValue: new LingerOption(true, 5), optionName: SocketOptionName.Linger, optionLevel: SocketOptionLevel.Socket);",
            ["seconds in a local"] = "int seconds = 5; s.LingerState = new LingerOption(true, seconds);",
            ["seconds changed"] = "int seconds = 0; seconds++; s.LingerState = new LingerOption(true, seconds);",
            ["Close()"] = "s.Close();",
            ["Close(1)"] = "s.Close(1);",
            ["Disconnect(false)"] = "s.Disconnect(false);",
            ["Disconnect, false in a local"] = "bool reuse = false; s.Disconnect(reuse);",
        };

        [Fact]
        public Task SOCK014_same_answer_for_every_shape() => CheckAsync("SOCK014", Sock014Defects, Sock014Correct);

        // ------------------------------------------------------------ helpers

        private static async Task CheckAsync(string id, IReadOnlyDictionary<string, string> defects, IReadOnlyDictionary<string, string> correct)
        {
            var answers = new Dictionary<string, int>();
            foreach (var (name, body) in defects)
            {
                answers[name] = await CountAsync(Program(body), id);
            }

            var controls = new Dictionary<string, int>();
            foreach (var (name, body) in correct)
            {
                controls[name] = await CountAsync(Program(body), id);
            }

            FamilyRun.AssertAll(answers, expected: 1);
            FamilyRun.AssertAll(controls, expected: 0);
        }

        /// <summary>The number of diagnostics of one id the shipped family reports on the program (which must compile).</summary>
        private static async Task<int> CountAsync(string source, string id)
            => (await FamilyRun.DiagnosticsAsync(new OptionsAnalyzer(), source, id)).Count;
    }
}
