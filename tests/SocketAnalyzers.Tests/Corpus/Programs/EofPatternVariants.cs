// More spellings of "the client has closed" in accept-loop servers: a StreamReader line that `is null` or
// `is not null`, a read result in a `var n and > 0` pattern, `n < 1`, and a TcpClient stream drained with
// CopyToAsync into a sink after the reply. The close always follows the observed EOF.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.EofPatterns
{
    public sealed class EofPatternServers(TcpListener listener)
    {
        public async Task RunAsync(int mode, CancellationToken ct)
        {
            listener.Start();
            while (!ct.IsCancellationRequested)
            {
                TcpClient client = await listener.AcceptTcpClientAsync(ct);
                Task work = mode switch
                {
                    0 => IsNullAsync(client, ct),
                    1 => IsNotNullAsync(client, ct),
                    2 => VarAndPositiveAsync(client, ct),
                    _ => LessThanOneAsync(client, ct),
                };
                _ = work;
            }
        }

        private static async Task IsNullAsync(TcpClient client, CancellationToken ct)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            while (true)
            {
                string? line = await reader.ReadLineAsync(ct);
                if (line is null)
                {
                    break;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(line.Length + "\n"), ct);
            }

            client.Dispose();
        }

        private static async Task IsNotNullAsync(TcpClient client, CancellationToken ct)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            string? line;
            while ((line = await reader.ReadLineAsync(ct)) is not null)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
            }

            client.Close();
        }

        private static async Task VarAndPositiveAsync(TcpClient client, CancellationToken ct)
        {
            var stream = client.GetStream();
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, ct) is var n and > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, n), ct);
            }

            client.Dispose();
        }

        private static async Task LessThanOneAsync(TcpClient client, CancellationToken ct)
        {
            Socket socket = client.Client;
            var buffer = new byte[4096];
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n < 1)
                {
                    break;
                }

                await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            }

            client.Dispose();
        }
    }
}
