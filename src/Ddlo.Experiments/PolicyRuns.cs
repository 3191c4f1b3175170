using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Systems;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// One run of a policy, as the energy and sweep kinds measure it: the mean of its value and its gain ratio over the
/// last 20 % of the slots. The learner's run also gives local-only, edge-only and the optimum ("exhaustive") on the same
/// workloads, so those policies need no run of their own.
/// </summary>
internal static class PolicyRuns
{
    /// <summary>The policies whose figures a learner run records already.</summary>
    public static readonly string[] FromLearnerRun = ["ddlo", "local", "edge", "exhaustive"];

    /// <summary>The policies of <paramref name="plan"/> that need runs of their own.</summary>
    public static IEnumerable<string> OwnRuns(ExperimentPlan plan) => plan.Policies.Where(p => !FromLearnerRun.Contains(p));

    /// <summary>Runs <paramref name="scenario"/> (whose <c>ddlo.run.policy</c> is <paramref name="policy"/>) in <paramref name="simulations"/> and gives each policy's figures.</summary>
    public static async Task<IReadOnlyList<Measured>> MeasureAsync(ISimulationPool simulations, Scenario scenario, string policy, CancellationToken cancellationToken)
    {
        var record = await simulations.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        var tail = record.Steps.Skip(RunSummary.TailStart(record.Steps.Length)).ToList();
        Measured Of(string name, Func<StepRecord, double> q) =>
            new(name, tail.Select(q).Mean(), tail.Select(s => s.Objective.GainRatio(q(s), s.OptimalQ)).Mean(), record.OptimumSource);
        return policy == "ddlo"
            ? [Of("ddlo", s => s.Q), Of("local", s => s.LocalQ), Of("edge", s => s.EdgeQ), Of("exhaustive", s => s.OptimalQ)]
            : [Of(policy, s => s.Q)];
    }

    /// <summary>A policy's mean value and gain ratio over a run's last 20 %, and where its optimum came from.</summary>
    public sealed record Measured(string Policy, double MeanValue, double GainRatio, string Optimum);
}
