// An HTTP/1.0 server. The response carries Content-Length, so the client knows where the body ends and closes
// first; the server drains until Receive returns 0 (bounded by ReceiveTimeout) and only then disposes. (Calling
// Shutdown(Send) before that drain would send the server's FIN first and keep TIME_WAIT here, fact 9.)
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Corpus.Http10
{
    public static class Http10Server
    {
        public static void Run(int port, CancellationToken ct)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start(128);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    Socket client = listener.AcceptSocket();
                    ThreadPool.QueueUserWorkItem(_ => Serve(client));
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        private static void Serve(Socket client)
        {
            client.ReceiveTimeout = 10_000;
            var buffer = new byte[8192];
            var request = new StringBuilder();
            try
            {
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int n = client.Receive(buffer);
                    if (n == 0)
                    {
                        client.Dispose();
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                string firstLine = request.ToString().Split("\r\n")[0];
                string body = "<html><body>You asked for " + WebUtility.HtmlEncode(firstLine) + "</body></html>";
                byte[] response = Encoding.ASCII.GetBytes(
                    "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + Encoding.ASCII.GetByteCount(body) + "\r\n\r\n" + body);
                client.Send(response);

                while (client.Receive(buffer) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
