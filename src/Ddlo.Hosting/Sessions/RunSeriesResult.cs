using System.Collections.Immutable;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Sessions;

/// <summary>The runs of a <see cref="RunSeries"/>, in the order they ran; <see cref="StoppedIn"/> names the run a stop ended, if one did.</summary>
public sealed record RunSeriesResult(ImmutableArray<RunSeriesResult.Run> Runs, string? StoppedIn)
{
    /// <summary>
    /// Each figure over the seeds, for the deciding policies and the baselines every run scores: per row policy (the
    /// deciding one, local, edge, the optimum), the values over the seeds in seed order. Local, edge and the optimum
    /// come from the first policy's runs (every policy of a seed sees the same workloads).
    /// </summary>
    public IReadOnlyList<(string Policy, bool Decides, IReadOnlyList<PolicySummary> Seeds, IReadOnlyList<double> LatencyMicrosecondsP50)> ByPolicy()
    {
        var first = Runs.IsEmpty ? null : Runs[0].Policy;
        var rows = new List<(string, bool, IReadOnlyList<PolicySummary>, IReadOnlyList<double>)>();
        foreach (var policy in Runs.Select(r => r.Policy).Distinct())
        {
            var runs = Runs.Where(r => r.Policy == policy).ToList();
            rows.Add((policy, true, [.. runs.Select(r => r.Summary.Policies[0])], [.. runs.Select(r => r.Summary.LatencyMicrosecondsP50)]));
        }

        var scored = Runs.Where(r => r.Policy == first).ToList();
        foreach (var name in scored.SelectMany(r => r.Summary.Policies.Skip(1).Select(p => p.Policy)).Distinct().Where(n => rows.All(row => row.Item1 != n)))
        {
            rows.Add((name, false, [.. scored.Select(r => r.Summary.Policies.First(p => p.Policy == name))], []));
        }

        return rows;
    }

    /// <summary>One run: the deciding policy, its seed, its results folder and its summary.</summary>
    public sealed record Run(string Policy, int Seed, string Folder, RunSummary Summary);
}
