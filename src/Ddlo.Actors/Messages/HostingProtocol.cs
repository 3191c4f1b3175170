using System.Collections.Immutable;
using Akka.Actor;

namespace Ddlo.Actors.Messages;

/// <summary>
/// Simulation → WorkerHost (on any node): create DNN actors with these ids. <paramref name="Settings"/> is the run's
/// <c>ddlo { ... }</c> HOCON, so every node builds the same networks whatever scenario it was started with.
/// <paramref name="StartRound"/> is the training round a replacement DNN joins at.
/// </summary>
public sealed record HostDnns(string Settings, ImmutableArray<int> Dnns, IActorRef Recorder, long StartRound) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the DNN actors it created, in the order of the ids.</summary>
public sealed record DnnsHosted(ImmutableArray<int> Dnns, ImmutableArray<IActorRef> Actors) : IDdloMessage;

/// <summary>Simulation → WorkerHost: create this many bandwidth solvers.</summary>
public sealed record HostSolvers(string Settings, int Count) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the solvers it created.</summary>
public sealed record SolversHosted(ImmutableArray<IActorRef> Actors) : IDdloMessage;

/// <summary>Simulation → WorkerHost: create the wireless devices with these ids.</summary>
public sealed record HostDevices(string Settings, ImmutableArray<int> Devices) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the devices it created, in the order of the ids.</summary>
public sealed record DevicesHosted(ImmutableArray<int> Devices, ImmutableArray<IActorRef> Actors) : IDdloMessage;

/// <summary>EdgeServer → Recorder: DNN k is gone (its node left or died); the run no longer waits for it.</summary>
public sealed record DnnLost(DnnId Dnn) : IDdloMessage;

/// <summary>Simulation → WorkerHost on a devices node: start this node's part of the device shard region.</summary>
public sealed record StartDeviceShards(string Settings) : IDdloMessage;

/// <summary>WorkerHost → Simulation: the device shard region runs on this node.</summary>
public sealed record DeviceShardsStarted(Address Node) : IDdloMessage;
