using Ddlo.Actors.Remote.Protocol;
using Ddlo.Core.Policies;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ddlo.Actors.Remote;

/// <summary>
/// A remote policy that learns (its server said so in Describe): each slot's outcome waits here and goes with the
/// next Decide, so a slot costs one round trip; the outcomes no Decide carried go in one Learn call when the run ends.
/// Outcomes sent with a call that failed are lost to the policy, as a plug-in's Learn that throws loses its outcome.
/// </summary>
internal sealed class LearningRemotePolicy(GrpcChannel channel, Uri address, string name, TimeSpan callDeadline)
    : RemotePolicy(channel, address, name, callDeadline), ILearningPolicy
{
    /// <summary>How long the last outcomes may take to reach the policy when the run ends.</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private readonly List<Outcome> unsent = [];

    public void Learn(SlotOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var message = new Outcome
        {
            Slot = outcome.Slot,
            Decision = ByteString.CopyFrom([.. outcome.Decision.Bits.Select(b => b ? (byte)1 : (byte)0)]),
            Value = outcome.Q,
            Optimum = outcome.OptimalQ,
            Proposed = outcome.Proposed,
        };
        message.Reports.Add(outcome.Workload.Sizes);
        message.Context.Add(outcome.Workload.Context);
        message.Allocation.Add(outcome.Bandwidth);
        unsent.Add(message);
    }

    private protected override void AddOutcomes(DecideRequest request)
    {
        request.Outcomes.Add(unsent);
        unsent.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && unsent.Count > 0)
        {
            var request = new LearnRequest();
            request.Outcomes.Add(unsent);
            unsent.Clear();
            try
            {
                Client.Learn(request, deadline: DateTime.UtcNow + FlushTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The run's results are written; only the policy misses its last outcomes.
                Serilog.Log.Warning("The last {Count} outcomes did not reach the remote policy {Policy}: {Reason}", request.Outcomes.Count, Name, e is RpcException rpc ? Failed(rpc).Message : OneLine(e.Message));
            }
        }

        base.Dispose(disposing);
    }
}
