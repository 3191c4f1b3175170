namespace Ddlo.Hosting.Management;

/// <summary>
/// The health routes of a single-node run's management endpoint (<c>simulate --metrics-port</c>): live as soon as it
/// serves, ready once the run's scenario is loaded and its results folder claimed.
/// </summary>
public static class RunManagement
{
    public static IReadOnlyDictionary<string, Func<Task<ManagementEndpoint.Reply>>> Routes(Func<bool> started)
    {
        ArgumentNullException.ThrowIfNull(started);
        return new Dictionary<string, Func<Task<ManagementEndpoint.Reply>>>
        {
            ["/health/live"] = () => Task.FromResult(new ManagementEndpoint.Reply(200, "alive")),
            ["/health/ready"] = () => Task.FromResult(started() ? new ManagementEndpoint.Reply(200, "ready") : new ManagementEndpoint.Reply(503, "not ready: loading the scenario")),
        };
    }
}
