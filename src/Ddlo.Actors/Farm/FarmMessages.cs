using System.Collections.Immutable;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Farm;

/// <summary>The farm to a runs node's worker: say how many runs you take at once (answered by <see cref="FarmWorkerReady"/>).</summary>
internal sealed record JoinFarm : IDdloMessage
{
    public static JoinFarm Instance { get; } = new();
}

/// <summary>
/// A worker joins the farm, taking <paramref name="Capacity"/> runs at once on the CPUs its process may use,
/// <paramref name="Cores"/> (its affinity; empty when unknown): nodes on one host share the cores they name.
/// </summary>
internal sealed record FarmWorkerReady(int Capacity, ImmutableArray<int> Cores) : IDdloMessage;

/// <summary>One run for a worker: the scenario's settings as HOCON (as a checkpoint keeps them) and where they came from.</summary>
internal sealed record FarmRun(long Id, string SettingsHocon, string Source) : IDdloMessage;

/// <summary>A run finished on a worker: its record in <see cref="Recording.RunRecordFormat"/>.</summary>
internal sealed record FarmRunDone(long Id, ImmutableArray<byte> Record) : IDdloMessage;

/// <summary>A run failed on a worker, for <paramref name="Reason"/> (one line, naming the node).</summary>
internal sealed record FarmRunFailed(long Id, string Reason) : IDdloMessage;

/// <summary>The farm no longer needs run <paramref name="Id"/> (its caller gave up, or another node finished it first).</summary>
internal sealed record CancelFarmRun(long Id) : IDdloMessage;
