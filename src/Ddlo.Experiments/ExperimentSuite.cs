using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>What an experiment file holds: one experiment, or (with <c>include</c>) a suite of them that also gets a report of its own.</summary>
public sealed record ExperimentSuite(string Title, bool IsSuite, ImmutableArray<ExperimentPlan> Plans);
