// Raw socket imports with two deliberate error conventions: imports that capture errno (SetLastError = true) and are
// read with GetLastPInvokeError, and imports that say SetLastError = false because their failures are either ignored
// (a best-effort shutdown before close) or read live with GetLastSystemError right after the call.
using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Corpus.NativeErrno
{
    internal static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = false)]
        public static extern int shutdown(int fd, int how);

        [DllImport("libc", EntryPoint = "listen", SetLastError = false)]
        public static extern int ListenRaw(int fd, int backlog);
    }

    public static class RawSockets
    {
        public static int OpenStream()
        {
            int fd = Native.socket(2, 1, 0);
            if (fd < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            return fd;
        }

        public static void Listen(int fd)
        {
            Marshal.SetLastSystemError(0);
            if (Native.ListenRaw(fd, 128) < 0)
            {
                throw new SocketException(Marshal.GetLastSystemError());
            }
        }

        public static void CloseQuietly(int fd)
        {
            Native.shutdown(fd, 1); // best effort: the close below reports what matters
            if (Native.close(fd) < 0)
            {
                Console.Error.WriteLine("close failed: " + Marshal.GetLastPInvokeError());
            }
        }
    }
}
