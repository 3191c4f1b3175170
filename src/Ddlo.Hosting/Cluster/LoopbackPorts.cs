using System.Net;
using System.Net.Sockets;

namespace Ddlo.Hosting.Cluster;

/// <summary>Ports for a loopback cluster started by a program (bench, tests) that must name its seed before it binds.</summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A free port below the kernel's usual ephemeral range (32768 and up), so no node binding port 0 can be handed
    /// the same port between this check and the seed node's bind; never one this process has handed out before, so
    /// runs started side by side (tests in parallel) cannot both be given a port that is free until one of them binds it.
    /// </summary>
    public static int FindFree()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = Random.Shared.Next(20000, 32000);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Taken: try another.
            }
        }
    }
}
