// A server whose listener is created on Start and let go on Stop (stopped, disposed, then set to null), configured
// from a settings object with safe defaults (exclusive use of the port), and a UDP receiver that sets its options on
// an unbound client before binding it. Null writes are not a second socket; the options all come before the binds.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Corpus.ListenerLifecycle
{
    public sealed class ListenerSettings
    {
        public int Port { get; set; } = 8080;

        public bool ExclusiveAddressUse { get; set; } = true;

        public int Backlog { get; set; } = 128;
    }

    public sealed class LifecycleServer
    {
        private readonly ListenerSettings _settings;
        private TcpListener? _listener;

        public LifecycleServer(ListenerSettings settings) => _settings = settings;

        public void Start()
        {
            _listener = new TcpListener(IPAddress.Any, _settings.Port);
            _listener.ExclusiveAddressUse = _settings.ExclusiveAddressUse;
            _listener.Start(_settings.Backlog);
        }

        public Task<TcpClient> AcceptAsync()
            => (_listener ?? throw new InvalidOperationException("not started")).AcceptTcpClientAsync();

        public void Stop()
        {
            _listener?.Stop();
            _listener?.Dispose();
            _listener = null;
        }
    }

    public static class MulticastReceiver
    {
        public static UdpClient Open(int port)
        {
            var client = new UdpClient(AddressFamily.InterNetwork);
            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            client.Client.Bind(new IPEndPoint(IPAddress.Any, port));
            return client;
        }

        public static UdpClient OpenFixed(int port) => new UdpClient(port);
    }
}
