using System.Net;
using System.Net.Sockets;

namespace Koordinering.IntegrationTests.Infrastructure;

public static class TestPorts
{
    /// <summary>
    /// A port below Linux's ephemeral range (32768–60999), never handed out twice in this process:
    /// a port the kernel picked for port 0 can be taken by an outgoing connection before the host binds it.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            if (port >= 32000)
            {
                throw new InvalidOperationException("No free test port is left below the ephemeral range.");
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by someone else: try the next one.
            }
        }
    }

    private static int _nextPort = 20000 + (Environment.ProcessId % 200 * 50);
}
