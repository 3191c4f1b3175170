using Akka.Actor;

namespace Ddlo.Actors.Hosting;

/// <summary>
/// The worker hosts a run places its actors on: DNNs on learner hosts, solvers on solver hosts, devices on device
/// hosts. With a <paramref name="DeviceRegion"/> the devices are cluster-sharded entities on the device hosts instead,
/// reached through that region (proxy) by device id.
/// </summary>
internal sealed record HostDirectory(
    IReadOnlyList<IActorRef> Learners,
    IReadOnlyList<IActorRef> Solvers,
    IReadOnlyList<IActorRef> Devices,
    IActorRef? DeviceRegion = null)
{
    /// <summary>Every kind of actor on the one host.</summary>
    public static HostDirectory OnOneHost(IActorRef host) => new([host], [host], [host]);
}
