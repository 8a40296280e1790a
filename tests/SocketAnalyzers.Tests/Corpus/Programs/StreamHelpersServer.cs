// A framed request/response server that reads through NetworkStream helpers. ReadExactlyOrEof reports the client's
// FIN as false; the connection is disposed only after that. A second server wraps the socket in a NetworkStream that
// does not own it and closes the socket itself after EOF.
using System;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.StreamHelpers
{
    internal static class StreamExtensions
    {
        public static async ValueTask<bool> ReadExactlyOrEof(this Stream stream, Memory<byte> buffer, CancellationToken ct)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer.Slice(total), ct);
                if (n == 0)
                {
                    if (total == 0)
                    {
                        return false;
                    }

                    throw new EndOfStreamException("connection closed in the middle of a frame");
                }

                total += n;
            }

            return true;
        }
    }

    public sealed class FramedServer
    {
        private readonly TcpListener _listener;

        public FramedServer(int port) => _listener = new TcpListener(IPAddress.IPv6Any, port) { Server = { DualMode = true } };

        public async Task RunAsync(CancellationToken ct)
        {
            _listener.Start();
            while (!ct.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(ct);
                _ = HandleAsync(client, ct);
            }
        }

        private static async Task HandleAsync(TcpClient client, CancellationToken ct)
        {
            using (client)
            {
                await using var stream = client.GetStream();
                var header = new byte[4];
                while (await ReadFrameHeader(stream, header, ct))
                {
                    int length = BinaryPrimitives.ReadInt32BigEndian(header);
                    var payload = new byte[length];
                    if (!await stream.ReadExactlyOrEof(payload, ct))
                    {
                        break;
                    }

                    Array.Reverse(payload);
                    await stream.WriteAsync(header, ct);
                    await stream.WriteAsync(payload, ct);
                }
            }
        }

        private static ValueTask<bool> ReadFrameHeader(NetworkStream stream, byte[] header, CancellationToken ct)
            => stream.ReadExactlyOrEof(header, ct);
    }

    public sealed class LineServer
    {
        public void Run(Socket listener, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                Socket socket = listener.Accept();
                new Thread(() => Serve(socket)) { IsBackground = true }.Start();
            }
        }

        private static void Serve(Socket socket)
        {
            using (var stream = new NetworkStream(socket, ownsSocket: false))
            using (var reader = new StreamReader(stream, leaveOpen: true))
            using (var writer = new StreamWriter(stream, leaveOpen: true) { AutoFlush = true })
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    writer.WriteLine(line.Length.ToString());
                }
            }

            socket.Close();
        }
    }
}
