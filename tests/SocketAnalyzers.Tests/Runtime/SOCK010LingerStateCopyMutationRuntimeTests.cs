using System.Net.Sockets;

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
        public void Mutating_TcpClient_LingerState_does_not_change_the_socket()
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            Assert.False(client.LingerState!.Enabled);

            client.LingerState!.Enabled = true;
            client.LingerState!.LingerTime = 9;

            Assert.False(client.LingerState!.Enabled);
            Assert.False(client.Client.LingerState!.Enabled);
        }
    }
}
