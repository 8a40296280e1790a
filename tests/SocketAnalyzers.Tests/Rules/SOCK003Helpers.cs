namespace SocketAnalyzers.Tests.Rules
{
    /// <summary>The members the SOCK003 fix adds, as it writes them into a file that has the usual usings.</summary>
    internal static class SOCK003Helpers
    {
        internal const string Constant = """
    private const int ClientCloseTimeoutMilliseconds = 5000;
""";

        internal const string SyncSocket = """
    /// <summary>
    /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
    /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
    /// A reset or an already closed connection also ends the wait.
    /// </summary>
    private static void WaitForClientClose(Socket socket)
    {
        var buffer = new byte[1024];
        var deadline = DateTime.UtcNow.AddMilliseconds(ClientCloseTimeoutMilliseconds);
        try
        {
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !socket.Poll((int)(left.Ticks / 10), SelectMode.SelectRead))
                {
                    return;
                }

                if (socket.Receive(buffer) == 0)
                {
                    return;
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
""";

        internal const string SyncStream = """
    /// <summary>
    /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
    /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
    /// A reset or an already closed connection also ends the wait.
    /// </summary>
    private static void WaitForClientClose(Stream stream)
    {
        var buffer = new byte[1024];
        var deadline = DateTime.UtcNow.AddMilliseconds(ClientCloseTimeoutMilliseconds);
        try
        {
            while (stream.CanTimeout)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return;
                }

                stream.ReadTimeout = Math.Max(1, (int)left.TotalMilliseconds);
                if (stream.Read(buffer, 0, buffer.Length) == 0)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
""";

        internal const string AsyncStream = """
    /// <summary>
    /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
    /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
    /// A reset or an already closed connection also ends the wait.
    /// </summary>
    private static async Task WaitForClientCloseAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1024];
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ClientCloseTimeoutMilliseconds);
            try
            {
                while (await stream.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
""";

        internal const string AsyncSocket = """
    /// <summary>
    /// Lets the client close the connection first, so that the client and not this server keeps the TIME_WAIT
    /// state: reads and discards until the client's EOF, for at most ClientCloseTimeoutMilliseconds.
    /// A reset or an already closed connection also ends the wait.
    /// </summary>
    private static async Task WaitForClientCloseAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1024];
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ClientCloseTimeoutMilliseconds);
            try
            {
                using (var stream = new NetworkStream(socket, ownsSocket: false))
                {
                    while (await stream.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false) > 0)
                    {
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
""";
    }
}
