using System;
using System.Threading.Tasks;

namespace SampleServer
{
    /// <summary>
    /// Build this project to see SocketAnalyzers at work: every file here holds mistakes the analyzers report.
    /// Run it with "server" or "client" to try them on 127.0.0.1.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            switch (args.Length > 0 ? args[0] : string.Empty)
            {
                case "server":
                    await new EchoServer(port: 7007).RunAsync(maxConnections: 10);
                    return 0;
                case "client":
                    Console.WriteLine(ReservedPortClient.Ask("127.0.0.1", 7007, "hello"));
                    return 0;
                default:
                    Console.WriteLine("usage: SampleServer server|client");
                    return 1;
            }
        }
    }
}
