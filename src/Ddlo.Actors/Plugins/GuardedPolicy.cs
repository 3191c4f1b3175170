using Ddlo.Actors.Offloading;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.Plugins;

/// <summary>
/// A plug-in policy called outside the actors (<c>evaluate</c> scores it row by row): each <c>Decide</c> runs on a
/// thread of its own under a deadline, and a call that throws, proposes the wrong number of decisions or does not
/// answer in time ends the command with a <see cref="PluginException"/> in one line, instead of a trace or a hang.
/// </summary>
internal sealed class GuardedPolicy(IOffloadingPolicy policy, TimeSpan deadline) : IOffloadingPolicy, IDisposable
{
    private readonly PolicyCalls calls = new($"policy-{policy.Name}");
    private long workloads;

    public string Name { get; } = policy.Name;

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        long number = ++workloads;
        var call = calls.Run(() => policy.Decide(workload));
        if (!((IAsyncResult)call).AsyncWaitHandle.WaitOne(deadline))
        {
            throw Failed(number, $"did not answer within {deadline.TotalSeconds:0.###} s (ddlo.run.candidate-deadline)");
        }

        if (call.Exception?.GetBaseException() is { } error)
        {
            throw Failed(number, $"threw {error.GetType().Name}: {error.Message.Split('\n', 2)[0].Trim()}");
        }

        var decision = call.Result;
        return decision is not null && decision.Bits.Length == workload.TaskCount
            ? decision
            : throw Failed(number, $"proposed {decision?.Bits.Length ?? 0} decisions for {workload.TaskCount} tasks");
    }

    /// <summary>The policy goes on its own thread, after the call still out (if any).</summary>
    public void Dispose() => calls.DisposeAfterCalls(policy);

    private PluginException Failed(long number, string problem) =>
        new(PolicyPlugins.PolicyKey, $"the policy {Name} ({policy.GetType().FullName}) failed on workload {number}: it {problem}.");
}
