// A line-protocol server that hands each accepted connection to a session object. The session keeps the stream in a
// field, answers each line, and closes only after the client's EOF (ReadLine returns null) or a bounded wait for it
// after QUIT, so the client closes first and TIME_WAIT stays on the clients. A second session type closes on a
// protocol error without having written anything (a rejection).
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Sessions
{
    public sealed class LineServer
    {
        public async Task RunAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
        {
            var listener = new TcpListener(endpoint);
            listener.Start();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                    var session = new LineSession(client);
                    _ = session.RunAsync(cancellationToken);
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        public void RunRejecting(Socket listener)
        {
            while (true)
            {
                Socket socket = listener.Accept();
                new Rejection(socket).Reject();
            }
        }
    }

    internal sealed class LineSession
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;

        public LineSession(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(_stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            using var writer = new StreamWriter(_stream, Encoding.ASCII, 1024, leaveOpen: true) { AutoFlush = true };
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                await writer.WriteLineAsync(line.ToUpperInvariant()).ConfigureAwait(false);
            }

            _client.Close();
        }
    }

    internal sealed class Rejection
    {
        private readonly Socket _socket;

        public Rejection(Socket socket) => _socket = socket;

        public void Reject()
        {
            _socket.Close();
        }
    }
}
