using Ddlo.Core.Model;

namespace Ddlo.Learning.Deployment;

/// <summary>A model's decision: the cheapest proposal, its utility, and which network proposed it.</summary>
public sealed record ModelDecision(OffloadDecision Decision, double Q, int Network);
