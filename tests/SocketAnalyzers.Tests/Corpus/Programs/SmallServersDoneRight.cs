// Correct versions of the small-server shapes met in the widened real-world check (docs/precision.md): a course-style
// raw Socket server that replies and then waits for the client's end of stream before closing, a relay that passes
// the client's end of stream on as a half-close instead of Disconnect(true), and two native layers whose imports
// capture the error (a libc one with its error helper in a method of its own, a Winsock one).
using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Corpus.SmallServersDoneRight
{
    public static class TimeOfDayServer
    {
        public static void Run(int port)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(16);

            var scratch = new byte[256];
            while (true)
            {
                using Socket peer = listener.Accept();
                peer.ReceiveTimeout = 2000;
                peer.Send(Encoding.ASCII.GetBytes(DateTime.UtcNow.ToString("O") + "\n"));
                // The client reads the line and closes; wait for that end of stream (a Shutdown(Send) here would still
                // make this side send the first FIN and keep the TIME_WAIT).
                try
                {
                    int got;
                    do
                    {
                        got = peer.Receive(scratch);
                    }
                    while (got > 0);
                }
                catch (SocketException)
                {
                    // The client went away or kept the connection open too long; close anyway.
                }
            }
        }
    }

    public sealed class OneWayPump
    {
        private readonly Socket _from;
        private readonly Socket _to;

        public OneWayPump(Socket from, Socket to)
        {
            _from = from;
            _to = to;
        }

        public async Task RunAsync()
        {
            var chunk = new byte[8192];
            while (true)
            {
                int n = await _from.ReceiveAsync(chunk.AsMemory(), SocketFlags.None);
                if (n == 0)
                {
                    // The source has finished sending: say so to the other side and keep the other direction alive.
                    _to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await _to.SendAsync(chunk.AsMemory(0, n), SocketFlags.None);
            }
        }
    }

    internal static class PosixDatagrams
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int recvfrom(int fd, byte[] buffer, nint length, int flags, byte[]? address, ref int addressLength);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        public static int LastErrno() => Marshal.GetLastPInvokeError();

        public static int Open()
        {
            int fd = socket(2, 2, 17);
            return fd < 0 ? -LastErrno() : fd;
        }

        public static int ReadOne(int fd, byte[] buffer)
        {
            int addressLength = 0;
            int n = recvfrom(fd, buffer, buffer.Length, 0, null, ref addressLength);
            return n < 0 ? -LastErrno() : n;
        }
    }

    internal static class WinsockDatagrams
    {
        [DllImport("ws2_32.dll", SetLastError = true)]
        public static extern nint socket(int family, int type, int protocol);

        [DllImport("ws2_32.dll", SetLastError = true)]
        public static extern int closesocket(nint s);

        public static nint Open(out int error)
        {
            nint s = socket(2, 2, 17);
            error = s == -1 ? Marshal.GetLastPInvokeError() : 0;
            return s;
        }
    }
}
