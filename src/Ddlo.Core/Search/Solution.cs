namespace Ddlo.Core.Search;

using Ddlo.Core.Model;

/// <summary>A decision and its utility Q*(d, x) under the model's bandwidth policy.</summary>
public sealed record Solution(OffloadDecision Decision, double Q);
