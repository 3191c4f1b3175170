using System.Collections.Immutable;
using Ddlo.Actors.Recording;

namespace Ddlo.Experiments;

/// <summary>
/// A lydroo experiment's measurements: the compared policies over seeds, the learner timed alone, the V and
/// arrival-rate sweeps, the energy budget they are judged against, and the authors' own runs when given.
/// </summary>
public sealed record LydrooResults(
    ImmutableArray<LydrooResults.Run> Compared, LydrooResults.Run Timed, ImmutableArray<LydrooResults.Run> ByV, ImmutableArray<LydrooResults.Run> ByRate, double EnergyBudget)
{
    /// <summary>The authors' Python runs on this machine, if the plan named their folder.</summary>
    public LydrooAuthorsRuns? Authors { get; init; }

    /// <summary>One run's frames: the per-frame means over devices.</summary>
    public sealed record Run(string Policy, int Seed, double V, double Arrival, double[] DataQueue, double[] EnergyQueue, double[] Energy, double[] Served, double[] Objective)
    {
        public double GainRatio { get; init; } = double.NaN;

        public string Optimum { get; init; } = "none";

        public double DecisionMicroseconds { get; init; } = double.NaN;

        public double FrameMilliseconds { get; init; } = double.NaN;

        public double DataQueueTail => LastFifth(DataQueue);

        public double DataQueueBefore => Tail(DataQueue, 0.6, 0.8);

        public bool Bounded => DataQueueTail <= LydrooExperiment.BoundedGrowth * DataQueueBefore;

        public double EnergyQueueTail => LastFifth(EnergyQueue);

        public double EnergyLastHalf => Tail(Energy, 0.5, 1);

        public double ServedTail => LastFifth(Served);

        public double ObjectiveTail => LastFifth(Objective);

        /// <summary>The mean of the run's last 20 %, as every summary takes it (<see cref="RunSummary.TailStart"/>).</summary>
        private static double LastFifth(double[] values) => values.Skip(RunSummary.TailStart(values.Length)).DefaultIfEmpty(double.NaN).Average();

        private static double Tail(double[] values, double from, double to) =>
            values.Skip((int)(values.Length * from)).Take((int)(values.Length * to) - (int)(values.Length * from)).DefaultIfEmpty(double.NaN).Average();
    }
}
