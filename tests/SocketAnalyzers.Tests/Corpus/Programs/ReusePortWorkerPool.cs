// A pre-forked style worker pool: each worker owns its own listening socket on the same port and the kernel spreads
// connections among them (SO_REUSEPORT, fact 5). Sharing is opt-in: the deployment turns it on only when every
// worker is this process, and it is off by default. Options are set at the levels that own them (fact 15).
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static System.Net.Sockets.SocketOptionLevel;
using Level = System.Net.Sockets.SocketOptionLevel;
using Opt = System.Net.Sockets.SocketOptionName;

namespace Corpus.ReusePortPool
{
    public sealed class WorkerPool : IAsyncDisposable
    {
        private readonly IPEndPoint _endPoint;
        private readonly bool _sharePort;
        private readonly List<Socket> _listeners = new();
        private readonly List<Task> _workers = new();
        private readonly CancellationTokenSource _stop = new();

        public WorkerPool(IPEndPoint endPoint, int workerCount, bool sharePort = false)
        {
            _endPoint = endPoint;
            _sharePort = sharePort && workerCount > 1;
            for (int i = 0; i < (_sharePort ? workerCount : 1); i++)
            {
                _listeners.Add(CreateListener());
            }
        }

        private Socket CreateListener()
        {
            var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(Level.Socket, Opt.ReuseAddress, _sharePort);
            if (_endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.SetSocketOption(IPv6, Opt.IPv6Only, false);
            }

            listener.SetSocketOption(Level.Socket, Opt.ReceiveBuffer, 256 * 1024);
            listener.Bind(_endPoint);
            listener.Listen(1024);
            return listener;
        }

        public void Start()
        {
            foreach (Socket listener in _listeners)
            {
                _workers.Add(Task.Run(() => AcceptLoopAsync(listener, _stop.Token)));
            }
        }

        private static async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                Tune(connection);
                _ = Task.Run(() => EchoUntilEofAsync(connection, cancellationToken), cancellationToken);
            }
        }

        private static void Tune(Socket connection)
        {
            connection.SetSocketOption(Tcp, Opt.NoDelay, true);
            connection.SetSocketOption(Level.Socket, Opt.KeepAlive, true);
            connection.SetSocketOption(Tcp, Opt.TcpKeepAliveTime, 60);
            connection.SetSocketOption(Tcp, Opt.TcpKeepAliveInterval, 10);
            connection.SetSocketOption(Tcp, Opt.TcpKeepAliveRetryCount, 5);
            connection.SetSocketOption(Level.Socket, Opt.SendBuffer, 128 * 1024);
            if (connection.AddressFamily == AddressFamily.InterNetwork)
            {
                connection.SetSocketOption(IP, Opt.TypeOfService, 0x10);
            }
        }

        private static async Task EchoUntilEofAsync(Socket connection, CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            using (connection)
            {
                try
                {
                    int n;
                    while ((n = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) != 0)
                    {
                        await connection.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (SocketException)
                {
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            foreach (Socket listener in _listeners)
            {
                listener.Dispose();
            }

            try
            {
                await Task.WhenAll(_workers).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }
}
