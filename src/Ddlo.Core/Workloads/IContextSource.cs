using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Workloads;

/// <summary>
/// Where one device's context values for a slot come from, beside its reports: what the model prices with but the
/// decision does not choose (MUMT: its uplink's rate scale and its class's factors). Checkpointed with the device.
/// </summary>
public interface IContextSource : ICheckpointable
{
    double[] ContextFor(long slot);
}
