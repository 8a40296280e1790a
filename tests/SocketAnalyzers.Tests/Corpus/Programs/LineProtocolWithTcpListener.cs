// A line protocol server built on TcpListener.Create (dual-mode, SO_REUSEADDR from .NET, fact 1) and clients that
// connect with TcpClient and close first when they are done.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.LineProtocol
{
    public static class KeyValueServer
    {
        public static async Task RunAsync(int port, System.Collections.Generic.IDictionary<string, string> store, CancellationToken cancellationToken)
        {
            TcpListener listener = TcpListener.Create(port);
            listener.Start();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        using (var reader = new StreamReader(client.GetStream(), Encoding.UTF8))
                        using (var writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true })
                        {
                            string? line;
                            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                            {
                                string[] parts = line.Split(' ', 3);
                                string reply = parts switch
                                {
                                    ["GET", var key] => store.TryGetValue(key, out var value) ? value : "(nil)",
                                    ["SET", var key, var value] => (store[key] = value) is not null ? "OK" : "ERR",
                                    _ => "ERR unknown command",
                                };
                                await writer.WriteLineAsync(reply).ConfigureAwait(false);
                            }
                        }
                    }, cancellationToken);
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        public static async Task<string?> GetAsync(string host, int port, string key)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port).ConfigureAwait(false);
            using var stream = client.GetStream();
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            await writer.WriteLineAsync("GET " + key).ConfigureAwait(false);
            return await reader.ReadLineAsync().ConfigureAwait(false);
        }
    }
}
