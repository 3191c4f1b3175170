using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Ddlo.Actors.Configuration;
using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// One scenario run for several seeds and deciding policies, each run a results folder of its own under one parent
/// (<c>POLICY-seed-N/</c>), every policy of a seed on the same workloads (the seed makes them). <c>runs.csv</c>
/// (<see cref="ResultsLayout.RunsFile"/>) in the parent holds every run's figures, one row per run and per figure its summary holds, so that the series is read in one place.
/// </summary>
public static partial class RunSeries
{
    /// <summary>
    /// Runs <paramref name="load"/>'s scenario for each seed and policy, one after another (each run spreads over the
    /// cores itself), into <paramref name="folder"/>; <paramref name="starting"/> hears of each run as it starts. A
    /// stop ends the series after the run it stops, whose folder keeps its checkpoint. With <paramref name="force"/>, a
    /// run's folder that an earlier series left is written over (its run files removed first), as the parent's was.
    /// </summary>
    public static async Task<RunSeriesResult> RunAsync(
        Func<IReadOnlyList<string>, Scenario> load, IReadOnlyList<int> seeds, IReadOnlyList<string> policies, RunFolderLock folder, bool force, Action<string>? starting, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(folder);
        if (policies.GroupBy(FolderName).FirstOrDefault(g => g.Count() > 1) is { } alike)
        {
            throw new ArgumentException($"--policy: {string.Join(" and ", alike)} would share the folder {alike.Key}-seed-N; name each policy once.");
        }

        var runs = ImmutableArray.CreateBuilder<RunSeriesResult.Run>();
        foreach (int seed in seeds)
        {
            foreach (string policy in policies)
            {
                var scenario = load([string.Create(CultureInfo.InvariantCulture, $"ddlo.run.seed={seed}"), RunSettings.PolicyOverride(policy)]);
                string name = string.Create(CultureInfo.InvariantCulture, $"{FolderName(policy)}-seed-{seed}");
                starting?.Invoke(name);
                using var session = RunSession.Start(scenario, ResultsFolder.Claim(Path.Combine(folder.Folder, name), "simulate", force));
                var result = await session.RunAsync(progress: null, stop).ConfigureAwait(false);
                if (result.Summary is null)
                {
                    Write(folder.Folder, runs);
                    return new RunSeriesResult(runs.ToImmutable(), name);
                }

                // Named as results name it: a plug-in by its Name, however --policy named it.
                runs.Add(new RunSeriesResult.Run(scenario.Settings.Run.PolicyName, seed, session.Output, result.Summary));
            }
        }

        Write(folder.Folder, runs);
        return new RunSeriesResult(runs.ToImmutable(), StoppedIn: null);
    }

    private static void Write(string folder, IEnumerable<RunSeriesResult.Run> runs) => CsvFile.Write(
        Path.Combine(folder, ResultsLayout.RunsFile),
        ["run", "seed", "policy", "mean_value", "gain_ratio", "optimum", "decision_us_p50", "steps_per_second", "degraded_slots", "folder"],
        runs.SelectMany(run => run.Summary.Policies.Select((row, i) => new object?[]
        {
            run.Policy, run.Seed, row.Policy, row.MeanQ, row.MeanGainRatio, run.Summary.OptimumSource,
            i == 0 ? run.Summary.LatencyMicrosecondsP50 : null, i == 0 ? run.Summary.StepsPerSecond : null, i == 0 ? run.Summary.DegradedSlots : null,
            Path.GetFileName(run.Folder),
        })));

    /// <summary>A policy as a folder's name: a plug-in's type name keeps its dots, anything else a file name cannot hold becomes _.</summary>
    private static string FolderName(string policy) => FolderWord().Replace(policy, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex FolderWord();
}
