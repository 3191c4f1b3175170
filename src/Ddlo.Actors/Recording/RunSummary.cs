using System.Collections.Immutable;
using Ddlo.Core.Systems;
using MathNet.Numerics.Statistics;

namespace Ddlo.Actors.Recording;

/// <summary>
/// The headline figures of a run: DDLO against local-only, edge-only and the optimum over the last
/// <see cref="TailFraction"/> of the steps, plus throughput, latency and fault counts.
/// </summary>
public sealed record RunSummary(
    long Steps,
    long SlotsGenerated,
    long SlotsDecided,
    long DegradedSlots,
    long DnnRestarts,
    int DnnCount,
    string OptimumSource,
    double OptimumGap,
    string Policy,
    long TailFrom,
    ImmutableArray<PolicySummary> Policies,
    double StepsPerSecond,
    double LatencyMicrosecondsP50,
    double LatencyMicrosecondsP99,
    double ElapsedSeconds)
{
    public const double TailFraction = 0.2;

    /// <summary>
    /// Where "the last 20 %" of <paramref name="count"/> steps starts: the one definition every summary, table and
    /// experiment uses (the tail holds ceil(count * 0.2) steps, at least one).
    /// </summary>
    public static int TailStart(int count) => Math.Max(0, count - Math.Max(1, (int)Math.Ceiling(count * TailFraction)));

    /// <summary>Wall time from the run's creation to its first slot (placing workers, building networks).</summary>
    public double SetupSeconds { get; init; }

    /// <summary>The checkpoints saved while the run went on.</summary>
    public Checkpoints.CheckpointStats Checkpoints { get; init; } = Ddlo.Actors.Checkpoints.CheckpointStats.None;

    /// <summary>The step the run was resumed from, if it was.</summary>
    public long? ResumedFrom { get; init; }

    /// <summary>Which way Q is better (the system model's objective).</summary>
    public Objective Objective { get; init; }

    /// <summary>The system model's name (<c>ddlo.system.model</c>: mumt | wpmec | lydroo, or a registered model's), as the recorder saw it.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>The queues of a system with queues (LyDROO); null otherwise.</summary>
    public QueueSummary? Queues { get; init; }

    /// <summary>The deciding policy's mean gain ratio over the tail (NaN when not scored).</summary>
    public double GainRatio => Policies[0].MeanGainRatio;

    /// <summary>Candidates priced per slot, over every DNN, over the whole run.</summary>
    public double MeanCandidates { get; init; } = double.NaN;

    /// <summary>Decisions priced per slot (the candidates plus the device search's changes), over the whole run.</summary>
    public double MeanPriced { get; init; } = double.NaN;

    /// <summary>Median time from a workload to the networks' best candidate (before device search), µs.</summary>
    public double NetworkLatencyMicrosecondsP50 { get; init; } = double.NaN;

    /// <summary>The name of the row of the networks' own best candidate, after the policy's name.</summary>
    [Obsolete("Use PolicyRows.NetworkAloneSuffix.")]
    public const string NetworkAloneSuffix = PolicyRows.NetworkAloneSuffix;

    public static RunSummary From(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var steps = record.Steps;
        int tailFrom = TailStart(steps.Length);
        var tail = steps[tailFrom..];

        var latencies = steps.Select(s => s.LatencyMicroseconds).ToArray();
        return new RunSummary(
            steps.Length,
            record.SlotsGenerated,
            record.SlotsDecided,
            record.DegradedSlots,
            record.DnnRestarts,
            record.DnnCount,
            record.OptimumSource,
            record.OptimumGap,
            record.Policy,
            tailFrom,
            PolicyRows.Of(record, tail),
            record.StepsPerSecond,
            latencies.Length > 0 ? latencies.Median() : double.NaN,
            latencies.Length > 0 ? latencies.Quantile(0.99) : double.NaN,
            record.ElapsedSeconds)
        {
            Checkpoints = record.Checkpoints,
            ResumedFrom = record.ResumedFrom,
            Objective = record.Objective,
            Model = record.Model,
            Queues = QueueSummary.Of(steps),
            SetupSeconds = record.SetupSeconds,
            MeanCandidates = steps.Length > 0 ? steps.Average(s => (double)s.Candidates) : double.NaN,
            MeanPriced = steps.Length > 0 ? steps.Average(s => (double)s.Priced) : double.NaN,
            NetworkLatencyMicrosecondsP50 = steps.Length > 0 ? steps.Select(s => s.NetworkLatencyMicroseconds).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Median() : double.NaN,
        };
    }
}
