// The client side of a service: a small pool of TcpClient connections to one backend. Clients write first and
// close first (that is where TIME_WAIT belongs). Options come from an options record, not constants; a generic
// helper forwards them. Linger is turned off explicitly, and a broken connection is dropped with Disconnect(false).
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.ClientPool
{
    public sealed record PoolOptions(
        string Host,
        int Port,
        int MaxConnections,
        bool NoDelay,
        bool KeepAlive,
        int KeepAliveSeconds,
        int SendBufferSize);

    public static class SocketOptionHelpers
    {
        public static void SetOption<T>(Socket s, SocketOptionLevel level, SocketOptionName name, T value)
        {
            switch (value)
            {
                case bool b:
                    s.SetSocketOption(level, name, b);
                    break;
                case int i:
                    s.SetSocketOption(level, name, i);
                    break;
                case byte[] bytes:
                    s.SetSocketOption(level, name, bytes);
                    break;
                case LingerOption linger:
                    s.SetSocketOption(level, name, linger);
                    break;
                case IPv6MulticastOption group6:
                    s.SetSocketOption(level, name, group6);
                    break;
                case MulticastOption group:
                    s.SetSocketOption(level, name, group);
                    break;
                default:
                    throw new ArgumentNullException(nameof(value));
            }
        }
    }

    public sealed class TcpClientPool : IAsyncDisposable
    {
        private readonly PoolOptions _options;
        private readonly ConcurrentBag<TcpClient> _idle = new();
        private readonly SemaphoreSlim _slots;

        public TcpClientPool(PoolOptions options)
        {
            _options = options;
            _slots = new SemaphoreSlim(options.MaxConnections);
        }

        public async Task<TcpClient> RentAsync(CancellationToken ct)
        {
            await _slots.WaitAsync(ct);
            if (_idle.TryTake(out var pooled) && pooled.Connected)
            {
                return pooled;
            }

            var client = new TcpClient(AddressFamily.InterNetworkV6);
            client.Client.DualMode = true;
            client.LingerState = new LingerOption(false, 0);
            client.NoDelay = _options.NoDelay;
            Socket s = client.Client;
            SocketOptionHelpers.SetOption(s, SocketOptionLevel.Socket, SocketOptionName.KeepAlive, _options.KeepAlive);
            SocketOptionHelpers.SetOption(s, SocketOptionLevel.Socket, SocketOptionName.SendBuffer, _options.SendBufferSize);
            s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, _options.KeepAliveSeconds);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, _options.KeepAlive);
            await client.ConnectAsync(_options.Host, _options.Port, ct);
            if (client.Client.LocalEndPoint is IPEndPoint { Port: 0 })
            {
                throw new InvalidOperationException("connected socket without a local port");
            }

            return client;
        }

        public void Return(TcpClient client, bool healthy)
        {
            if (healthy)
            {
                _idle.Add(client);
            }
            else
            {
                try
                {
                    client.Client.Disconnect(reuseSocket: false);
                }
                catch (SocketException)
                {
                }

                client.Dispose();
            }

            _slots.Release();
        }

        public async Task<int> PingAsync(CancellationToken ct)
        {
            TcpClient client = await RentAsync(ct);
            bool ok = false;
            try
            {
                NetworkStream stream = client.GetStream();
                await stream.WriteAsync(new byte[] { 1 }, ct);
                var reply = new byte[1];
                int n = await stream.ReadAsync(reply, ct);
                ok = n == 1;
                return ok ? reply[0] : -1;
            }
            finally
            {
                Return(client, ok);
            }
        }

        public ValueTask DisposeAsync()
        {
            while (_idle.TryTake(out var client))
            {
                client.Dispose();
            }

            _slots.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
