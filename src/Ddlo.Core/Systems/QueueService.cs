using System.Collections.Immutable;

namespace Ddlo.Core.Systems;

/// <summary>One slot's service per device.</summary>
/// <param name="Served">Data served (computed locally or offloaded), Mbit.</param>
/// <param name="Energy">Energy spent, J.</param>
public sealed record QueueService(ImmutableArray<double> Served, ImmutableArray<double> Energy);
