using System.Collections.Immutable;
using Akka.Actor;

namespace Ddlo.Actors.Farm;

/// <summary>One thing that happened in a farm, on <paramref name="Node"/>.</summary>
public sealed record FarmEvent(FarmEventKind Kind, Address Node, long Run = 0)
{
    /// <summary>For <see cref="FarmEventKind.Joined"/>: the runs the node takes at once.</summary>
    public int Capacity { get; init; }

    /// <summary>For <see cref="FarmEventKind.Lost"/>: the unfinished runs it held, now queued for the others.</summary>
    public ImmutableArray<long> Runs { get; init; } = [];
}
