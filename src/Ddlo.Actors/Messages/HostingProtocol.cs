using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Configuration;

namespace Ddlo.Actors.Messages;

/// <summary>
/// Simulation → WorkerHost (on any node): create DNN actors with these ids, reporting to <paramref name="Recorder"/>.
/// <paramref name="Settings"/> are the run's, so every node builds the same networks whatever scenario it was started
/// with (they cross nodes as HOCON, inside the serializer).
/// </summary>
internal sealed record HostDnns(DdloSettings Settings, ImmutableArray<DnnId> Dnns, IActorRef Recorder) : IDdloMessage;

/// <summary>
/// WorkerHost → Simulation: it cannot host the proposers it was asked for (a plug-in or ONNX model this node cannot
/// load), for this reason: the run fails with it rather than waiting for them.
/// </summary>
internal sealed record HostingFailed(string Reason) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the DNN actors it created, in the order of the ids.</summary>
internal sealed record DnnsHosted(ImmutableArray<DnnId> Dnns, ImmutableArray<IActorRef> Actors) : IDdloMessage
{
    /// <summary>The <see cref="Offloading.LearnerGroup"/> that takes each slot's one Decide for these proposers.</summary>
    public IActorRef Group { get; init; } = ActorRefs.Nobody;
}

/// <summary>Simulation → WorkerHost: create this many bandwidth solvers.</summary>
internal sealed record HostSolvers(DdloSettings Settings, int Count) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the solvers it created.</summary>
internal sealed record SolversHosted(ImmutableArray<IActorRef> Actors) : IDdloMessage;

/// <summary>Simulation → WorkerHost: create the wireless devices with these ids.</summary>
internal sealed record HostDevices(DdloSettings Settings, ImmutableArray<DeviceId> Devices) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the devices it created, in the order of the ids.</summary>
internal sealed record DevicesHosted(ImmutableArray<DeviceId> Devices, ImmutableArray<IActorRef> Actors) : IDdloMessage;

/// <summary>Simulation → WorkerHost on a devices node: start this node's part of the device shard region.</summary>
internal sealed record StartDeviceShards(DdloSettings Settings) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the device shard region runs on this node.</summary>
internal sealed record DeviceShardsStarted(Address Node) : IDdloMessage;
