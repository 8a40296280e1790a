using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SocketAnalyzers.Benchmarks
{
    /// <summary>
    /// Generates the benchmark inputs, deterministic by seed. The socket-heavy input mixes servers, clients, P/Invoke
    /// declarations and socket options, correct and incorrect (every rule family has a shape here), with ordinary
    /// application code; the socket-free input has the same number of files and methods, built from the same filler
    /// and from stream code that uses no socket type.
    /// </summary>
    public static class InputGenerator
    {
        private const string Usings =
            "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Net;\n"
            + "using System.Net.Sockets;\nusing System.Runtime.InteropServices;\nusing System.Text;\nusing System.Threading;\n"
            + "using System.Threading.Tasks;\n";

        private const string FreeUsings =
            "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Runtime.InteropServices;\n"
            + "using System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        public static List<(string Path, string Text)> SocketHeavy(int seed, int files)
            => Generate(seed, files, socketHeavy: true);

        public static List<(string Path, string Text)> SocketFree(int seed, int files)
            => Generate(seed, files, socketHeavy: false);

        private static List<(string Path, string Text)> Generate(int seed, int files, bool socketHeavy)
        {
            var random = new Random(seed);
            var result = new List<(string, string)>(files);
            for (int i = 0; i < files; i++)
            {
                var b = new StringBuilder();
                b.Append(socketHeavy ? Usings : FreeUsings);
                string n = i.ToString(CultureInfo.InvariantCulture);
                b.Append("\nnamespace Bench.Module").Append(n).Append("\n{\n");
                b.Append("    public sealed class Service").Append(n).Append("\n    {\n");
                b.Append("        private readonly Dictionary<string, int> _counts = new();\n");
                b.Append("        private readonly List<string> _log = new();\n\n");
                var natives = new StringBuilder();
                for (int m = 0; m < 6; m++)
                {
                    string id = n + "_" + m.ToString(CultureInfo.InvariantCulture);
                    // Socket-heavy files: half the methods are socket code; the rest is the same filler as the socket-free input.
                    bool socket = socketHeavy && m % 2 == 0;
                    if (socket)
                    {
                        b.Append(SocketMethod(random.Next(SocketTemplates), id, natives));
                    }
                    else
                    {
                        b.Append(FillerMethod(random.Next(FillerTemplates), id));
                    }
                }

                b.Append("    }\n");
                if (natives.Length > 0)
                {
                    b.Append("\n    internal static unsafe class Native").Append(n).Append("\n    {\n").Append(natives).Append("    }\n");
                }

                b.Append("}\n");
                result.Add(("/bench/" + (socketHeavy ? "Sockets" : "Plain") + "/Module" + n + ".cs", b.ToString()));
            }

            return result;
        }

        private const int SocketTemplates = 16;

        private static string SocketMethod(int template, string id, StringBuilder natives)
        {
            switch (template)
            {
                case 0: // correct async server reading until EOF
                    return $$"""
                        public async Task ServeEcho{{id}}(int port, CancellationToken ct)
                        {
                            var listener = new TcpListener(IPAddress.Any, port);
                            listener.Start();
                            while (!ct.IsCancellationRequested)
                            {
                                using var client = await listener.AcceptSocketAsync(ct);
                                var buffer = new byte[4096];
                                int read;
                                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
                                {
                                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, ct);
                                }
                            }
                        }

                """;
                case 1: // listener created with ProtocolType.IP (SOCK001)
                    return $$"""
                        public Socket OpenListener{{id}}(int port)
                        {
                            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                            listener.Bind(new IPEndPoint(IPAddress.Any, port));
                            listener.Listen(100);
                            return listener;
                        }

                """;
                case 2: // correct listener
                    return $$"""
                        public Socket OpenTcpListener{{id}}(int port)
                        {
                            var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                            listener.DualMode = true;
                            listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                            listener.Listen();
                            return listener;
                        }

                """;
                case 3: // server closes an accepted connection after replying (SOCK003 shape)
                    return $$"""
                        public void ReplyAndClose{{id}}(Socket listener)
                        {
                            var accepted = listener.Accept();
                            var request = new byte[512];
                            int n = accepted.Receive(request);
                            accepted.Send(Encoding.ASCII.GetBytes("OK " + n));
                            accepted.Shutdown(SocketShutdown.Both);
                            accepted.Close();
                        }

                """;
                case 4: // client binds a fixed local port with reuse (SOCK004 shape)
                    return $$"""
                        public Socket ConnectFromFixedPort{{id}}(IPEndPoint server)
                        {
                            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                            socket.Bind(new IPEndPoint(IPAddress.Any, 5000));
                            socket.Connect(server);
                            return socket;
                        }

                """;
                case 5: // correct client binding port 0
                    return $$"""
                        public async Task<int> Request{{id}}(IPEndPoint server, byte[] payload)
                        {
                            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
                            await socket.ConnectAsync(server);
                            await socket.SendAsync(payload, SocketFlags.None);
                            socket.Shutdown(SocketShutdown.Send);
                            var buffer = new byte[1024];
                            int total = 0, read;
                            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0) total += read;
                            return total;
                        }

                """;
                case 6: // option values: Linger with an int (SOCK005), wrong level (SOCK009)
                    return $$"""
                        public void Tune{{id}}(Socket socket)
                        {
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 5);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, true);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        }

                """;
                case 7: // correct options
                    return $$"""
                        public void TuneCorrectly{{id}}(Socket socket, int bufferSize)
                        {
                            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer, bufferSize);
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));
                            socket.ReceiveTimeout = 30000;
                        }

                """;
                case 8: // reuse after bind (SOCK006), ExclusiveAddressUse contradictions (SOCK008)
                    return $$"""
                        public Socket LateReuse{{id}}(int port)
                        {
                            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                            socket.ExclusiveAddressUse = true;
                            socket.Bind(new IPEndPoint(IPAddress.Any, port));
                            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                            socket.Listen(10);
                            return socket;
                        }

                """;
                case 9: // LingerState copy mutated (SOCK010), abortive close (SOCK014)
                    return $$"""
                        public void Abort{{id}}(Socket socket)
                        {
                            socket.LingerState.Enabled = false;
                            socket.LingerState = new LingerOption(true, 0);
                            socket.Close();
                        }

                """;
                case 10: // raw option from .NET enum numbers (SOCK013)
                    return $$"""
                        public void RawReuse{{id}}(Socket socket)
                        {
                            socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.ReuseAddress, BitConverter.GetBytes(1));
                        }

                """;
                case 11: // P/Invoke by value and without SetLastError (SOCK002, SOCK011, SOCK012), raw bind without reuse (SOCK001)
                    natives.Append($$"""
                                [DllImport("libc")]
                                public static extern int setsockopt_{{id}}(int fd, int level, int name, int value, int length);
                                [DllImport("libc", SetLastError = true)]
                                public static extern int bind_{{id}}(int fd, byte[] address, int length);

                        """);
                    return $$"""
                        public int NativeOption{{id}}(int fd)
                        {
                            return Native{{id.Split('_')[0]}}.setsockopt_{{id}}(fd, 1, 2, 1, 4);
                        }

                """;
                case 12: // correct P/Invoke with ref and pointer
                    natives.Append($$"""
                                [DllImport("libc", SetLastError = true)]
                                public static extern int setsockopt(int fd, int level, int name, ref int value, uint length);
                                [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
                                public static extern int setsockoptPtr{{id}}(int fd, int level, int name, int* value, uint length);
                                [DllImport("libc", SetLastError = true)]
                                public static extern int bind(int fd, byte[] address, uint length);
                                [DllImport("libc", SetLastError = true)]
                                public static extern int listen(int fd, int backlog);

                        """.Replace("int setsockopt(", "int setsockopt" + id + "(").Replace("int bind(", "int bind" + id + "(").Replace("int listen(", "int listen" + id + "("));
                    string native = "Native" + id.Split('_')[0];
                    return $$"""
                        public unsafe int NativeListen{{id}}(int fd, byte[] address)
                        {
                            int one = 1;
                            if ({{native}}.setsockopt{{id}}(fd, 1, 2, ref one, sizeof(int)) != 0) return Marshal.GetLastPInvokeError();
                            if ({{native}}.setsockoptPtr{{id}}(fd, 6, 1, &one, sizeof(int)) != 0) return Marshal.GetLastPInvokeError();
                            if ({{native}}.bind{{id}}(fd, address, (uint)address.Length) != 0) return Marshal.GetLastPInvokeError();
                            return {{native}}.listen{{id}}(fd, 128);
                        }

                """;
                case 13: // UDP multicast receiver sharing its port
                    return $$"""
                        public UdpClient JoinGroup{{id}}(IPAddress group, int port)
                        {
                            var client = new UdpClient();
                            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                            client.Client.Bind(new IPEndPoint(IPAddress.Any, port));
                            client.JoinMulticastGroup(group);
                            return client;
                        }

                """;
                case 14: // a field listener assembled across methods of the type
                    return $$"""
                        private Socket? _server{{id}};

                        public void Create{{id}}() => _server{{id}} = new Socket(SocketType.Stream, ProtocolType.Unspecified);

                        public void Start{{id}}(int port)
                        {
                            _server{{id}}!.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                            _server{{id}}.Listen(50);
                        }

                """;
                default: // Begin/End client
                    return $$"""
                        public void BeginConnect{{id}}(string host, int port, Action<Socket> connected)
                        {
                            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                            socket.BeginConnect(host, port, ar =>
                            {
                                socket.EndConnect(ar);
                                connected(socket);
                            }, null);
                        }

                """;
            }
        }

        private const int FillerTemplates = 8;

        private static string FillerMethod(int template, string id)
        {
            switch (template)
            {
                case 0:
                    return $$"""
                        public IReadOnlyList<string> TopWords{{id}}(string text, int count)
                        {
                            return text.Split(new[] { ' ', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                                .Select(w => w.Trim('.', ',', ';').ToLowerInvariant())
                                .Where(w => w.Length > 2)
                                .GroupBy(w => w)
                                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                                .Take(count)
                                .Select(g => g.Key + ":" + g.Count())
                                .ToList();
                        }

                """;
                case 1:
                    return $$"""
                        public void Count{{id}}(IEnumerable<string> keys)
                        {
                            foreach (var key in keys)
                            {
                                _counts[key] = _counts.TryGetValue(key, out var current) ? current + 1 : 1;
                                if (_counts[key] % 100 == 0)
                                {
                                    _log.Add($"{key} reached {_counts[key]}");
                                }
                            }
                        }

                """;
                case 2:
                    return $$"""
                        public async Task<long> CopyFile{{id}}(string source, string destination, CancellationToken ct)
                        {
                            await using var input = File.OpenRead(source);
                            await using var output = File.Create(destination);
                            var buffer = new byte[81920];
                            long total = 0;
                            int read;
                            while ((read = await input.ReadAsync(buffer, ct)) > 0)
                            {
                                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                                total += read;
                            }

                            return total;
                        }

                """;
                case 3:
                    return $$"""
                        public static int Checksum{{id}}(ReadOnlySpan<byte> data)
                        {
                            uint a = 1, b = 0;
                            for (int i = 0; i < data.Length; i++)
                            {
                                a = (a + data[i]) % 65521;
                                b = (b + a) % 65521;
                            }

                            return (int)((b << 16) | a);
                        }

                """;
                case 4:
                    return $$"""
                        public string Describe{{id}}(object? value) => value switch
                        {
                            null => "null",
                            int i when i < 0 => "negative " + (-i).ToString(),
                            int i => "int " + i.ToString(),
                            string { Length: 0 } => "empty",
                            string s => "text " + s,
                            IEnumerable<int> list => "list of " + list.Count(),
                            _ => value.GetType().Name,
                        };

                """;
                case 5:
                    return $$"""
                        public Dictionary<string, string> ParseHeaders{{id}}(TextReader reader)
                        {
                            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                            string? line;
                            while (!string.IsNullOrEmpty(line = reader.ReadLine()))
                            {
                                int colon = line.IndexOf(':');
                                if (colon > 0)
                                {
                                    headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                                }
                            }

                            return headers;
                        }

                """;
                case 6:
                    return $$"""
                        public async Task<int> Retry{{id}}(Func<Task<int>> operation, int attempts)
                        {
                            for (int attempt = 1; ; attempt++)
                            {
                                try
                                {
                                    return await operation();
                                }
                                catch (IOException) when (attempt < attempts)
                                {
                                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
                                }
                            }
                        }

                """;
                default:
                    return $$"""
                        public string Render{{id}}(IEnumerable<(string Name, decimal Amount)> rows)
                        {
                            var b = new StringBuilder();
                            decimal total = 0;
                            foreach (var (name, amount) in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
                            {
                                b.Append(name.PadRight(20)).Append(amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)).AppendLine();
                                total += amount;
                            }

                            lock (_log)
                            {
                                _log.Add("rendered " + total);
                            }

                            return b.Append("total ").Append(total).ToString();
                        }

                """;
            }
        }
    }
}
