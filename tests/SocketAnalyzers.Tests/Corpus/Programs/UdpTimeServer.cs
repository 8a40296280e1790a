// A small UDP time service plus its client. UDP has no TIME_WAIT and binds set no implicit options (fact 8), so
// several instances may share the port with ReuseAddress, and a client may bind a fixed source port and "connect"
// (which only fixes the peer address for Send/Receive).
using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.UdpTime
{
    public sealed class UdpTimeServer : IDisposable
    {
        private readonly Socket _socket;

        public UdpTimeServer(int port)
        {
            _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            _socket.DualMode = true;
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var request = new byte[512];
            var reply = new byte[8];
            EndPoint any = new IPEndPoint(IPAddress.IPv6Any, 0);
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveMessageFromResult received;
                try
                {
                    received = await _socket.ReceiveMessageFromAsync(request, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue; // ICMP port unreachable from an earlier reply
                }

                if (received.ReceivedBytes < 1 || request[0] != (byte)'T')
                {
                    continue;
                }

                BinaryPrimitives.WriteInt64BigEndian(reply, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _socket.Dispose();
    }

    public static class UdpTimeClient
    {
        // Some middleboxes only pass replies to a configured source port, so the client binds it (UDP: no reuse needed).
        public static async Task<DateTimeOffset> QueryAsync(IPEndPoint server, int sourcePort, CancellationToken cancellationToken)
        {
            // Callers run one query at a time; reuse only lets a restarted client rebind at once (no TIME_WAIT, fact 8).
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (server.AddressFamily == AddressFamily.InterNetwork)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 16);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DontFragment, true);
            }

            socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, sourcePort));
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);

            var buffer = new byte[8];
            for (int attempt = 0; attempt < 3; attempt++)
            {
                await socket.SendAsync(new[] { (byte)'T' }, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 8)
                    {
                        return DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(buffer));
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            throw new TimeoutException("no reply from " + server);
        }
    }
}
