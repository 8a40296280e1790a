// A Unix-domain stream server (like a local agent socket). AddressFamily.Unix with ProtocolType.Unspecified is the
// only valid combination; Unix-domain sockets have no TIME_WAIT (fact 8), so no address reuse is needed. The stale
// socket file of a previous run is removed before Bind.
using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.UnixDomain
{
    public sealed class AgentServer : IAsyncDisposable
    {
        private readonly string _path;
        private readonly Socket _listener;

        public AgentServer(string path)
        {
            _path = path;
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen(16);
        }

        public async Task ServeAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using Socket client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                using var stream = new NetworkStream(client, ownsSocket: false);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
                string? line;
                while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    await writer.WriteLineAsync(line.ToUpperInvariant()).ConfigureAwait(false);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _listener.Dispose();
            File.Delete(_path);
            return ValueTask.CompletedTask;
        }
    }

    public static class AgentClient
    {
        public static async Task<string?> AskAsync(string path, string question, CancellationToken cancellationToken)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await writer.WriteLineAsync(question).ConfigureAwait(false);
            string? answer = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            return answer;
        }
    }
}
