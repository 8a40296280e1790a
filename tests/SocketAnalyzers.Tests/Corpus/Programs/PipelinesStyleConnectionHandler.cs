// A Kestrel/Pipelines-style server: the accept loop hands each socket to a connection object built with a C# 12
// primary constructor; the handler reads into pooled memory until ReceiveAsync returns 0 (the client's FIN) and
// only then disposes the socket, so TIME_WAIT stays on the clients.
using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.PipelinesStyle
{
    public sealed record ConnectionInfo(Socket Socket, EndPoint? Remote, DateTimeOffset AcceptedAt);

    public sealed class ConnectionHandler(Socket socket, ConcurrentDictionary<Guid, ConnectionInfo> registry)
    {
        private readonly Socket _socket = socket;
        private readonly Guid _id = Guid.NewGuid();

        public async Task RunAsync(CancellationToken ct)
        {
            registry[_id] = new ConnectionInfo(_socket, _socket.RemoteEndPoint, DateTimeOffset.UtcNow);
            byte[] rented = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                Memory<byte> memory = rented;
                while (true)
                {
                    int n = await _socket.ReceiveAsync(memory, SocketFlags.None, ct);
                    if (n == 0)
                    {
                        break;
                    }

                    await ProcessAsync(memory.Slice(0, n), ct);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
                registry.TryRemove(_id, out _);
                _socket.Dispose();
            }
        }

        private async ValueTask ProcessAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            // Echo upper-cased ASCII back to the client.
            byte[] reply = data.ToArray();
            for (int i = 0; i < reply.Length; i++)
            {
                if (reply[i] >= (byte)'a' && reply[i] <= (byte)'z')
                {
                    reply[i] = (byte)(reply[i] - 32);
                }
            }

            int sent = 0;
            while (sent < reply.Length)
            {
                sent += await _socket.SendAsync(reply.AsMemory(sent), SocketFlags.None, ct);
            }
        }
    }

    public sealed class PipelinesServer(IPEndPoint endPoint) : IAsyncDisposable
    {
        private readonly Socket _listener = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        private readonly ConcurrentDictionary<Guid, ConnectionInfo> _connections = new();
        private readonly CancellationTokenSource _stop = new();

        public int Port => _listener.LocalEndPoint is IPEndPoint { Port: var p } ? p : endPoint.Port;

        public async Task RunAsync()
        {
            if (endPoint is IPEndPoint { Port: 0 })
            {
                Console.WriteLine("binding an ephemeral port");
            }

            _listener.NoDelay = true;
            _listener.Bind(endPoint);
            _listener.Listen(512);
            while (!_stop.IsCancellationRequested)
            {
                Socket accepted;
                try
                {
                    accepted = await _listener.AcceptAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                accepted.NoDelay = true;
                var handler = new ConnectionHandler(accepted, _connections);
                _ = Task.Run(() => handler.RunAsync(_stop.Token));
            }
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Dispose();
            _stop.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
