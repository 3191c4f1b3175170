using System.Diagnostics;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Experiments.Benches;

/// <summary>
/// The pipeline on one node: throughput with training on for K = 1, 3 and 5 (slots pipelined), the same for K = 5
/// with the paper's strictly sequential loop, the decision latency with learning frozen (K = 5, one slot at a time),
/// and the process's peak memory. Scoring is off throughout.
/// </summary>
public static class PipelineBenchmark
{
    private static readonly int[] DnnCounts = [1, 3, 5];

    /// <summary>Measures on the scenario <paramref name="load"/> gives (with extra overrides), <paramref name="steps"/> steps a run.</summary>
    public static async Task<PipelineBenchResult> RunAsync(Func<string[], Scenario> load, long steps, int maxInFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        string stepsKey = FormattableString.Invariant($"ddlo.run.steps={steps}");
        string pipelined = FormattableString.Invariant($"ddlo.run.max-in-flight={maxInFlight}");
        Task<RunRecord> Run(params string[] overrides)
        {
            var scenario = load(["ddlo.run.score-against-optimum=off", .. overrides]);
            return SimulationRunner.RunAsync(scenario, cancellationToken);
        }

        // One unmeasured run first, so JIT compilation and libtorch's first calls are not in the figures.
        await Run("ddlo.learning.dnn-count=5", "ddlo.run.steps=1000").ConfigureAwait(false);

        var throughput = new SortedDictionary<int, double>();
        foreach (int k in DnnCounts)
        {
            throughput[k] = (await Run(FormattableString.Invariant($"ddlo.learning.dnn-count={k}"), stepsKey, pipelined).ConfigureAwait(false)).StepsPerSecond;
        }

        var sequential = await Run("ddlo.learning.dnn-count=5", stepsKey, "ddlo.run.max-in-flight=1").ConfigureAwait(false);

        // Frozen: the warm-up never ends, so no training round runs and every decision is pure inference.
        var frozen = RunSummary.From(await Run("ddlo.learning.dnn-count=5", stepsKey, "ddlo.run.max-in-flight=1", FormattableString.Invariant($"ddlo.learning.warmup={steps + 1}")).ConfigureAwait(false));
        return new PipelineBenchResult(steps, maxInFlight, throughput, sequential.StepsPerSecond, frozen, Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0));
    }
}
