using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>What a device search found.</summary>
/// <param name="Decision">The improved decision (the start when nothing helped).</param>
/// <param name="Steps">Rounds that changed a device.</param>
/// <param name="Priced">Single-device changes priced.</param>
public sealed record DeviceSearchResult(OffloadDecision Decision, int Steps, long Priced);
