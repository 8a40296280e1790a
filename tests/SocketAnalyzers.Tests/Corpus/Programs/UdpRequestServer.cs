// A UDP request/response server on a fixed port, with no address reuse (UDP has no TIME_WAIT, fact 8), and its client,
// which lets the OS pick the local port. Closing a UDP socket right after a reply loses nothing.
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Udp
{
    public static class TimeServer
    {
        public static async Task ServeAsync(int port, CancellationToken cancellationToken)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            var buffer = new byte[512];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult request = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                byte[] reply = Encoding.ASCII.GetBytes(DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                await socket.SendToAsync(reply, SocketFlags.None, request.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            }
        }

        public static async Task<string> AskAsync(IPEndPoint server, CancellationToken cancellationToken)
        {
            using var client = new UdpClient(0, server.AddressFamily);
            await client.SendAsync(new byte[] { 1 }, 1, server).ConfigureAwait(false);
            UdpReceiveResult result = await client.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            client.Close();
            return Encoding.ASCII.GetString(result.Buffer);
        }
    }
}
