using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SocketAnalyzers.Tests.Runtime
{
    /// <summary>
    /// SOCK012's premise (fact 18): without SetLastError = true the runtime does not save errno after the call, so a
    /// failing socket call reports no error through Marshal.GetLastPInvokeError().
    /// </summary>
    public class SOCK012SocketPInvokeWithoutSetLastErrorRuntimeTests
    {
        private const int SolSocket = 1;
        private const int SoReuseAddr = 2;
        private const int Efault = 14;
        private const int Enotsock = 88;

        [DllImport("libc", EntryPoint = "setsockopt")]
        private static extern int SetSockOptWithoutLastError(int fd, int level, int name, IntPtr value, int length);

        [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
        private static extern int SetSockOptWithLastError(int fd, int level, int name, IntPtr value, int length);

        [DllImport("libc", EntryPoint = "listen")]
        private static extern int ListenWithoutLastError(int fd, int backlog);

        [DllImport("libc", EntryPoint = "listen", SetLastError = true)]
        private static extern int ListenWithLastError(int fd, int backlog);

        [LinuxFact]
        public void Failed_setsockopt_reports_errno_only_with_SetLastError()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            int fd = (int)socket.Handle;

            // A bad option-value address: EFAULT.
            Marshal.SetLastPInvokeError(0);
            Assert.Equal(-1, SetSockOptWithoutLastError(fd, SolSocket, SoReuseAddr, (IntPtr)1, sizeof(int)));
            Assert.Equal(0, Marshal.GetLastPInvokeError());

            Marshal.SetLastPInvokeError(0);
            Assert.Equal(-1, SetSockOptWithLastError(fd, SolSocket, SoReuseAddr, (IntPtr)1, sizeof(int)));
            Assert.Equal(Efault, Marshal.GetLastPInvokeError());
        }

        [LinuxFact]
        public void Failed_listen_on_a_non_socket_reports_errno_only_with_SetLastError()
        {
            // A descriptor that is not a socket (a regular file): listen fails with ENOTSOCK.
            string path = System.IO.Path.GetTempFileName();
            try
            {
                using var file = new System.IO.FileStream(path, System.IO.FileMode.Open);
                int fd = (int)file.SafeFileHandle.DangerousGetHandle();

                Marshal.SetLastPInvokeError(0);
                Assert.Equal(-1, ListenWithoutLastError(fd, 1));
                Assert.Equal(0, Marshal.GetLastPInvokeError());

                Marshal.SetLastPInvokeError(0);
                Assert.Equal(-1, ListenWithLastError(fd, 1));
                Assert.Equal(Enotsock, Marshal.GetLastPInvokeError());
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }
    }
}
