// A line server that caps concurrent sessions. Over the cap, a new connection is closed at once, before anything is
// written to it (a rejection: the client sees EOF and retries elsewhere). Accepted sessions read lines until the
// client's EOF (ReadLine returns null) and only then close.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.ConnectionLimit
{
    public sealed class ConnectionLimitServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly int _maxSessions;
        private int _activeSessions;

        public ConnectionLimitServer(IPEndPoint endPoint, int maxSessions)
        {
            _maxSessions = maxSessions;
            _listener = CreateListener(endPoint);
            _listener.Listen(128);
        }

        // Prefer one dual-mode socket for the wildcard address; fall back to IPv4 where IPv6 is disabled. The port is
        // never shared (ExclusiveAddressUse, set before each Bind).
        private static Socket CreateListener(IPEndPoint endPoint)
        {
            if (!endPoint.Address.Equals(IPAddress.Any))
            {
                var specific = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                specific.ExclusiveAddressUse = true;
                specific.Bind(endPoint);
                return specific;
            }

            Socket? listener = null;
            try
            {
                listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                listener.DualMode = true;
                listener.ExclusiveAddressUse = true;
                listener.Bind(new IPEndPoint(IPAddress.IPv6Any, endPoint.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                listener?.Dispose();
                listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.ExclusiveAddressUse = true;
                listener.Bind(new IPEndPoint(IPAddress.Any, endPoint.Port));
            }

            return listener;
        }

        public void Run(CancellationToken cancellationToken)
        {
            using var registration = cancellationToken.Register(() => _listener.Close());
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = _listener.Accept();
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (Interlocked.Increment(ref _activeSessions) > _maxSessions)
                {
                    Interlocked.Decrement(ref _activeSessions);
                    connection.Close(); // rejected before any byte was written
                    continue;
                }

                ThreadPool.QueueUserWorkItem(_ => Serve(connection));
            }
        }

        private void Serve(Socket connection)
        {
            try
            {
                using var stream = new NetworkStream(connection, ownsSocket: false);
                using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1024, leaveOpen: true) { AutoFlush = true, NewLine = "\r\n" };

                writer.WriteLine("READY");
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    writer.WriteLine(line.StartsWith("PING", StringComparison.Ordinal) ? "PONG" : "ERR unknown command");
                }
            }
            catch (IOException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _activeSessions);
                connection.Dispose(); // after the client's EOF: the client keeps TIME_WAIT
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
