using Ddlo.Core.Lyapunov;

namespace Ddlo.Actors.Systems;

/// <summary>A configured system whose devices hold queues from frame to frame (LyDROO): each device's queues, and the budget its plots show.</summary>
public interface IQueueingSystem
{
    /// <summary>The long-term energy budget per device and frame, J.</summary>
    double EnergyBudgetJ { get; }

    /// <summary>Device <paramref name="device"/>'s queues, with its own arrival stream of the run seed.</summary>
    DeviceQueues CreateQueues(int device, int runSeed);
}
