using System.Collections.Immutable;

namespace Ddlo.Actors.Checkpoints;

/// <summary>One worker's captured state: part <paramref name="Name"/> (see <see cref="CheckpointParts"/>) number <paramref name="Index"/>.</summary>
public sealed record CheckpointPart(string Name, int Index, ImmutableArray<byte> State);
