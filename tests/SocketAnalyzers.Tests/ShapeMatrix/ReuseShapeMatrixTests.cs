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
    /// Every rule of the reuse-policy family against every way of writing the same thing: positional and named
    /// arguments (in another order), int and bool values, statement and object initializer, typed and raw options
    /// (SetRawSocketOption with each platform's numbers), and each import style of bind/listen/setsockopt (same name,
    /// another name with EntryPoint, called through another class). The shipped ReusePolicyAnalyzer runs on each
    /// program; a rule must give the same answer for every shape of one defect, and stay silent on the controls.
    /// </summary>
    public class ReuseShapeMatrixTests
    {
        // ------------------------------------------------------------ shapes of "this socket allows address reuse"

        /// <summary>Statements that turn address reuse on for socket <c>s</c> and mean the same on every platform .NET runs on.</summary>
        public static readonly IReadOnlyDictionary<string, string> ReuseOn = new Dictionary<string, string>
        {
            ["positional bool"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);",
            ["positional int"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, 1);",
            ["named, reordered"] = "s.SetSocketOption(optionValue: true, optionName: SocketOptionName.ReuseAddress, optionLevel: SocketOptionLevel.Socket);",
            ["named, reordered, int"] = "s.SetSocketOption(optionName: SocketOptionName.ReuseAddress, optionValue: 1, optionLevel: SocketOptionLevel.Socket);",
            ["exclusive false, typed"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, false);",
            ["exclusive false, named"] = "s.SetSocketOption(optionName: SocketOptionName.ExclusiveAddressUse, optionLevel: SocketOptionLevel.Socket, optionValue: false);",
            ["exclusive false, property"] = "s.ExclusiveAddressUse = false;",
        };

        /// <summary>Raw shapes: the platform's own numbers through SetRawSocketOption.</summary>
        public static readonly IReadOnlyDictionary<string, string> RawReuseAddress = new Dictionary<string, string>
        {
            ["raw Linux SO_REUSEADDR"] = "s.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));",
            ["raw BSD SO_REUSEADDR"] = "s.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));",
            ["raw named, reordered"] = "s.SetRawSocketOption(optionValue: BitConverter.GetBytes(1), optionName: 2, optionLevel: 1);",
        };

        public static readonly IReadOnlyDictionary<string, string> RawReusePort = new Dictionary<string, string>
        {
            ["raw Linux SO_REUSEPORT"] = "s.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));",
            ["raw BSD SO_REUSEPORT"] = "s.SetRawSocketOption(0xffff, 0x200, BitConverter.GetBytes(1));",
            ["raw named SO_REUSEPORT"] = "s.SetRawSocketOption(optionName: 15, optionLevel: 1, optionValue: BitConverter.GetBytes(1));",
        };

        /// <summary>Controls: reuse explicitly off.</summary>
        public static readonly IReadOnlyDictionary<string, string> ReuseOff = new Dictionary<string, string>
        {
            ["reuse false"] = "s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);",
            ["exclusive true"] = "s.ExclusiveAddressUse = true;",
            ["raw reuse 0"] = "s.SetRawSocketOption(1, 2, BitConverter.GetBytes(0));",
        };

        private static IEnumerable<KeyValuePair<string, string>> All(params IReadOnlyDictionary<string, string>[] tables)
            => tables.SelectMany(t => t);

        /// <summary>Each statement shape also written as an object initializer, where the API has a property.</summary>
        private const string InitializerShape = "initializer";

        // ------------------------------------------------------------ SOCK001

        private static string Sock001Program(string statement, string initializer = "") => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Server
            {
                void Run()
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified){{initializer}};
                    {{statement}}
                    s.Bind(new IPEndPoint(IPAddress.Any, 5000));
                    s.Listen(16);
                }
            }
            """;

        [Fact]
        public async Task SOCK001_every_reuse_shape_silences_it_and_every_control_keeps_it()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (name, statement) in All(ReuseOn, RawReuseAddress, RawReusePort))
            {
                answers[name] = await CountAsync(Sock001Program(statement), "SOCK001");
            }

            answers[InitializerShape] = await CountAsync(Sock001Program(string.Empty, " { ExclusiveAddressUse = false }"), "SOCK001");
            FamilyRun.AssertAll(answers, expected: 0);

            var controls = new Dictionary<string, int> { ["nothing"] = await CountAsync(Sock001Program(string.Empty), "SOCK001") };
            foreach (var (name, statement) in ReuseOff)
            {
                controls[name] = await CountAsync(Sock001Program(statement), "SOCK001");
            }

            controls["initializer exclusive true"] = await CountAsync(Sock001Program(string.Empty, " { ExclusiveAddressUse = true }"), "SOCK001");
            FamilyRun.AssertAll(controls, expected: 1);
        }

        /// <summary>Import styles of bind/listen/setsockopt for the raw checks: same name, EntryPoint, another class.</summary>
        public static readonly IReadOnlyDictionary<string, (string Declarations, string Bind, string Listen, string Setsockopt)> Imports =
            new Dictionary<string, (string, string, string, string)>
            {
                ["same name"] = ("""
                    [DllImport("libc", SetLastError = true)] static extern int bind(int fd, byte[] addr, int len);
                    [DllImport("libc", SetLastError = true)] static extern int listen(int fd, int backlog);
                    [DllImport("libc", SetLastError = true)] static extern int setsockopt(int fd, int level, int name, ref int value, int len);
                    """, "bind", "listen", "setsockopt"),
                ["EntryPoint"] = ("""
                    [DllImport("libc", EntryPoint = "bind", SetLastError = true)] static extern int NativeBind(int fd, byte[] addr, int len);
                    [DllImport("libc", EntryPoint = "listen", SetLastError = true)] static extern int NativeListen(int fd, int backlog);
                    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)] static extern int SetOption(int fd, int level, int name, ref int value, int len);
                    """, "NativeBind", "NativeListen", "SetOption"),
                ["another class"] = (string.Empty, "Libc.bind", "Libc.listen", "Libc.setsockopt"),
            };

        private const string LibcClass = """
            static class Libc
            {
                [DllImport("libc", SetLastError = true)] internal static extern int bind(int fd, byte[] addr, int len);
                [DllImport("libc", SetLastError = true)] internal static extern int listen(int fd, int backlog);
                [DllImport("libc", SetLastError = true)] internal static extern int setsockopt(int fd, int level, int name, ref int value, int len);
            }
            """;

        private static string RawProgram(string declarations, string body) => $$"""
            using System;
            using System.Runtime.InteropServices;

            class Server
            {
                {{declarations}}

                void Run(int fd, byte[] addr)
                {
                    int one = 1;
                    {{body}}
                }
            }

            {{LibcClass}}
            """;

        [Fact]
        public async Task SOCK001_raw_same_answer_for_every_import_style_and_argument_order()
        {
            var flagged = new Dictionary<string, int>();
            var silenced = new Dictionary<string, int>();
            foreach (var (style, (declarations, bind, listen, setsockopt)) in Imports)
            {
                flagged[style] = await CountAsync(RawProgram(declarations, $"{bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK001");
                silenced[style + ", positional"] = await CountAsync(RawProgram(declarations,
                    $"{setsockopt}(fd, 1, 2, ref one, sizeof(int)); {bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK001");
                silenced[style + ", named"] = await CountAsync(RawProgram(declarations,
                    $"{setsockopt}(fd, name: 2, level: 1, value: ref one, len: sizeof(int)); {bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK001");
                silenced[style + ", SO_REUSEPORT"] = await CountAsync(RawProgram(declarations,
                    $"{setsockopt}(fd, 1, 15, ref one, sizeof(int)); {bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK001");
            }

            FamilyRun.AssertAll(flagged, expected: 1);
            FamilyRun.AssertAll(silenced, expected: 0);
        }

        [Fact]
        public async Task SOCK001_raw_is_silent_on_winsock_imports_in_every_style()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (style, (declarations, bind, listen, _)) in Imports)
            {
                string winsock = RawProgram(declarations, $"{bind}(fd, addr, addr.Length); {listen}(fd, 16);").Replace("\"libc\"", "\"ws2_32.dll\"");
                answers[style] = await CountAsync(winsock, "SOCK001");
            }

            FamilyRun.AssertAll(answers, expected: 0);
        }

        // ------------------------------------------------------------ SOCK006

        private static string Sock006Program(string statement) => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Server
            {
                void Run()
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    s.Bind(new IPEndPoint(IPAddress.Any, 5000));
                    {{statement}}
                }
            }
            """;

        private static string Sock006ConstructorBind(string creation, string statement) => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Run()
                {
                    var c = {{creation}};
                    var s = c.Client;
                    {{statement.Replace("s.ExclusiveAddressUse", "c.ExclusiveAddressUse")}}
                }
            }
            """;

        [Fact]
        public async Task SOCK006_same_answer_for_every_option_shape_and_every_bind_shape()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (name, statement) in All(ReuseOn, RawReuseAddress, RawReusePort, ReuseOff))
            {
                answers["Bind, " + name] = await CountAsync(Sock006Program(statement), "SOCK006");
            }

            FamilyRun.AssertAll(answers, expected: 1);
        }

        [Fact]
        public async Task SOCK006_constructor_binds_count_as_Bind()
        {
            // 's' is a local copy of c.Client (not followed); the options go through c.Client and c.ExclusiveAddressUse.
            var answers = new Dictionary<string, int>();
            var creations = new Dictionary<string, string>
            {
                ["new UdpClient(port)"] = "new UdpClient(5000)",
                ["new UdpClient(port, family)"] = "new UdpClient(5000, AddressFamily.InterNetwork)",
                ["new UdpClient(localEP)"] = "new UdpClient(new IPEndPoint(IPAddress.Any, 5000))",
                ["new TcpClient(localEP)"] = "new TcpClient(new IPEndPoint(IPAddress.Any, 5000))",
            };
            foreach (var (creationName, creation) in creations)
            {
                foreach (var (name, statement) in All(ReuseOn, RawReuseAddress))
                {
                    string throughClient = statement.StartsWith("s.ExclusiveAddressUse", System.StringComparison.Ordinal)
                        ? statement
                        : statement.Replace("s.Set", "c.Client.Set");
                    answers[creationName + ", " + name] = await CountAsync(Sock006ConstructorBind(creation, throughClient), "SOCK006");
                }
            }

            FamilyRun.AssertAll(answers, expected: 1);

            // Controls: constructors that do not bind.
            var controls = new Dictionary<string, int>
            {
                ["new UdpClient()"] = await CountAsync(Sock006ConstructorBind("new UdpClient()", "c.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);"), "SOCK006"),
                ["new TcpClient()"] = await CountAsync(Sock006ConstructorBind("new TcpClient()", "c.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);"), "SOCK006"),
            };
            FamilyRun.AssertAll(controls, expected: 0);
        }

        [Fact]
        public async Task SOCK006_raw_same_answer_for_every_import_style()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (style, (declarations, bind, _, setsockopt)) in Imports)
            {
                answers[style + ", positional"] = await CountAsync(RawProgram(declarations,
                    $"{bind}(fd, addr, addr.Length); {setsockopt}(fd, 1, 2, ref one, sizeof(int));"), "SOCK006");
                answers[style + ", named"] = await CountAsync(RawProgram(declarations,
                    $"{bind}(fd, addr, addr.Length); {setsockopt}(fd, value: ref one, name: 15, level: 1, len: sizeof(int));"), "SOCK006");
            }

            FamilyRun.AssertAll(answers, expected: 1);
        }

        // ------------------------------------------------------------ SOCK007

        private static string Sock007Listener(string statement, string initializer = "", string port = "5000") => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Server
            {
                private TcpListener _listener;

                void Start()
                {
                    _listener = new TcpListener(IPAddress.Any, {{port}}){{initializer}};
                    var s = _listener.Server;
                    {{statement.Replace("s.Set", "_listener.Server.Set").Replace("s.ExclusiveAddressUse", "_listener.ExclusiveAddressUse")}}
                    _listener.Start();
                }

                void Stop()
                {
                    _listener.Stop();
                    _listener = null;
                }
            }
            """;

        [Fact]
        public async Task SOCK007_same_answer_for_every_shape_that_shares_the_port()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (name, statement) in All(ReuseOn, RawReusePort))
            {
                answers[name] = await CountAsync(Sock007Listener(statement), "SOCK007");
            }

            answers[InitializerShape] = await CountAsync(Sock007Listener(string.Empty, " { ExclusiveAddressUse = false }"), "SOCK007");
            FamilyRun.AssertAll(answers, expected: 1);

            // Controls: reuse off, raw SO_REUSEADDR alone (no SO_REUSEPORT: the port is not shared), port 0.
            var controls = new Dictionary<string, int>();
            foreach (var (name, statement) in All(ReuseOff, RawReuseAddress))
            {
                controls[name] = await CountAsync(Sock007Listener(statement), "SOCK007");
            }

            foreach (var (name, statement) in All(ReuseOn, RawReusePort))
            {
                controls["port 0, " + name] = await CountAsync(Sock007Listener(statement, port: "0"), "SOCK007");
            }

            controls["port 0, initializer"] = await CountAsync(Sock007Listener(string.Empty, " { ExclusiveAddressUse = false }", port: "0"), "SOCK007");
            FamilyRun.AssertAll(controls, expected: 0);
        }

        [Fact]
        public async Task SOCK007_raw_same_answer_for_every_import_style()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (style, (declarations, bind, listen, setsockopt)) in Imports)
            {
                answers[style + ", positional"] = await CountAsync(RawProgram(declarations,
                    $"{setsockopt}(fd, 1, 15, ref one, sizeof(int)); {bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK007");
                answers[style + ", named"] = await CountAsync(RawProgram(declarations,
                    $"{setsockopt}(fd, len: sizeof(int), value: ref one, name: 15, level: 1); {bind}(fd, addr, addr.Length); {listen}(fd, 16);"), "SOCK007");
            }

            FamilyRun.AssertAll(answers, expected: 1);
        }

        // ------------------------------------------------------------ SOCK008

        private static string Sock008Program(string exclusive, string reuse, string initializer = "") => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Server
            {
                void Run()
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp){{initializer}};
                    {{exclusive}}
                    {{reuse}}
                }
            }
            """;

        [Fact]
        public async Task SOCK008_same_answer_for_every_shape_of_both_options()
        {
            var exclusives = new Dictionary<string, (string Statement, string Initializer)>
            {
                ["property"] = ("s.ExclusiveAddressUse = true;", string.Empty),
                ["initializer"] = (string.Empty, " { ExclusiveAddressUse = true }"),
                ["typed"] = ("s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ExclusiveAddressUse, true);", string.Empty),
                ["named"] = ("s.SetSocketOption(optionValue: 1, optionLevel: SocketOptionLevel.Socket, optionName: SocketOptionName.ExclusiveAddressUse);", string.Empty),
            };
            var reuses = new Dictionary<string, string>
            {
                ["positional"] = ReuseOn["positional bool"],
                ["int"] = ReuseOn["positional int"],
                ["named"] = ReuseOn["named, reordered"],
                ["raw Linux"] = RawReuseAddress["raw Linux SO_REUSEADDR"],
            };
            var answers = new Dictionary<string, int>();
            foreach (var (e, (statement, initializer)) in exclusives)
            {
                foreach (var (r, reuse) in reuses)
                {
                    answers[e + " + " + r] = await CountAsync(Sock008Program(statement, reuse, initializer), "SOCK008");
                }
            }

            FamilyRun.AssertAll(answers, expected: 1);
        }

        // ------------------------------------------------------------ SOCK004

        private static string Sock004Program(string statement) => $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Run(IPEndPoint server)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    {{statement}}
                    s.Bind(new IPEndPoint(IPAddress.Any, 5000));
                    s.Connect(server);
                }
            }
            """;

        [Fact]
        public async Task SOCK004_same_answer_for_every_reuse_shape()
        {
            var answers = new Dictionary<string, int>();
            foreach (var (name, statement) in All(ReuseOn, RawReuseAddress, RawReusePort))
            {
                answers[name] = await CountAsync(Sock004Program(statement), "SOCK004");
            }

            FamilyRun.AssertAll(answers, expected: 1);

            var controls = new Dictionary<string, int>();
            foreach (var (name, statement) in ReuseOff)
            {
                controls[name] = await CountAsync(Sock004Program(statement), "SOCK004");
            }

            FamilyRun.AssertAll(controls, expected: 0);
        }

        // ------------------------------------------------------------ helpers

        /// <summary>The number of diagnostics of one id the shipped family reports on the program (which must compile).</summary>
        internal static async Task<int> CountAsync(string source, string id)
            => (await FamilyRun.DiagnosticsAsync(new ReusePolicyAnalyzer(), source, id)).Count;
    }
}
