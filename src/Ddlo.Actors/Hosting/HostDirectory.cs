using Akka.Actor;

namespace Ddlo.Actors.Hosting;

/// <summary>The worker hosts a run places its actors on: DNNs on learner hosts, solvers on solver hosts, devices on device hosts.</summary>
public sealed record HostDirectory(IReadOnlyList<IActorRef> Learners, IReadOnlyList<IActorRef> Solvers, IReadOnlyList<IActorRef> Devices)
{
    /// <summary>Every kind of actor on the one host.</summary>
    public static HostDirectory OnOneHost(IActorRef host) => new([host], [host], [host]);
}
