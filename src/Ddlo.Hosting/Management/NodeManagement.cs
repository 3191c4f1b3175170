using Ddlo.Hosting.Cluster;

namespace Ddlo.Hosting.Management;

/// <summary>
/// A cluster node's management routes: Akka.Hosting's liveness and readiness checks, and under Cluster Bootstrap its
/// contact point (<c>/bootstrap/seed-nodes</c>), which the other nodes probe; before the node's host runs, live but not
/// ready, and no contact point yet.
/// </summary>
internal static class NodeManagement
{
    public static Dictionary<string, Func<Task<ManagementEndpoint.Reply>>> Routes(Func<ClusterNode?> node, NodeOptions options)
    {
        async Task<ManagementEndpoint.Reply> Check(string tag, bool healthyWithoutNode)
        {
            if (node() is not { } running)
            {
                return healthyWithoutNode ? new(200, "alive: starting") : new(503, "not ready: starting");
            }

            var (healthy, description) = await running.CheckHealthAsync(tag).ConfigureAwait(false);
            return new(healthy ? 200 : 503, description);
        }

        var routes = new Dictionary<string, Func<Task<ManagementEndpoint.Reply>>>
        {
            ["/health/live"] = () => Check(ClusterNode.LiveTag, healthyWithoutNode: true),
            ["/health/ready"] = () => Check(ClusterNode.ReadyTag, healthyWithoutNode: false),
        };
        if (options.Discovery is not null)
        {
            routes["/bootstrap/seed-nodes"] = () => Task.FromResult(node() is { } running
                ? new ManagementEndpoint.Reply(200, running.ContactPointResponse(), "application/json")
                : new ManagementEndpoint.Reply(503, "not started yet"));
        }

        return routes;
    }
}
