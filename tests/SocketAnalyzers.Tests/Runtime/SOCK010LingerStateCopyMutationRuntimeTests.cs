using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>Premise of SOCK010 (fact 14): LingerState returns a fresh copy; mutating it leaves the socket unchanged.</summary>
    public class SOCK010LingerStateCopyMutationRuntimeTests
    {
        [LinuxFact]
        public void Mutating_the_returned_LingerOption_does_not_change_the_socket()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.LingerState = new LingerOption(true, 7);

            Assert.NotSame(socket.LingerState, socket.LingerState);

            socket.LingerState!.Enabled = false;
            socket.LingerState!.LingerTime = 0;

            Assert.True(socket.LingerState!.Enabled);
            Assert.Equal(7, socket.LingerState!.LingerTime);

            // The fix's form changes the socket.
            socket.LingerState = new LingerOption(false, socket.LingerState!.LingerTime);
            Assert.False(socket.LingerState!.Enabled);
        }

        [LinuxFact]
        public void Nested_initializer_of_LingerState_does_not_change_the_socket()
        {
            // The nested initializer is the mistake under test; CS8670 (it dereferences the nullable getter) is expected.
#pragma warning disable CS8670
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                LingerState = { Enabled = true, LingerTime = 5 },
            };
#pragma warning restore CS8670

            Assert.False(socket.LingerState!.Enabled);
            Assert.Equal(0, socket.LingerState!.LingerTime);
        }

        [LinuxFact]
        public void Mutating_TcpClient_LingerState_does_not_change_the_socket()
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            Assert.False(client.LingerState!.Enabled);

            client.LingerState!.Enabled = true;
            client.LingerState!.LingerTime = 9;

            Assert.False(client.LingerState!.Enabled);
            Assert.False(client.Client.LingerState!.Enabled);
        }
    
        [LinuxFact]
        public async Task Mutating_LingerState_of_a_connected_loopback_client_changes_nothing()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                using var client = new TcpClient(AddressFamily.InterNetwork);
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(TimeSpan.FromSeconds(5));
                using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(5));

                accepted.LingerState!.Enabled = true;
                accepted.LingerState!.LingerTime = 0;

                Assert.False(accepted.LingerState!.Enabled);
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
