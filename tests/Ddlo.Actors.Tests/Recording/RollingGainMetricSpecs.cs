using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Core.Model;
using Ddlo.Core.Scoring;

namespace Ddlo.Actors.Tests.Recording;

/// <summary>The rolling gain ratio a run exports (<c>ddlo.gain.ratio.rolling</c>) is that run's own.</summary>
public sealed class RollingGainMetricSpecs : TestKit
{
    private static readonly MecModel Model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private static readonly Workload Workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
    private static readonly OffloadDecision Decision = OffloadDecision.Uniform(9, offload: true);

    [Fact]
    public void Should_export_each_runs_own_rolling_gain_when_two_runs_share_a_process()
    {
        var seen = new ConcurrentBag<(double Gain, object? Run)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DdloMetrics.MeterName && instrument.Name == "ddlo.gain.ratio.rolling")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, gain, tags, _) =>
            seen.Add((gain, tags.ToArray().FirstOrDefault(tag => tag.Key == "run").Value)));
        listener.Start();

        // Two runs side by side, one scored at half the optimum, the other at a quarter.
        var half = Sys.ActorOf(Recorder.Props(Settings(new FractionOfOptimum(0.5)), TestActor));
        var quarter = Sys.ActorOf(Recorder.Props(Settings(new FractionOfOptimum(0.25)), TestActor));
        foreach (var (recorder, gain) in new[] { (half, 0.5), (quarter, 0.25) })
        {
            recorder.Tell(RunStarted.Instance);
            recorder.Tell(new SlotDecided(new SlotId(0), Workload, Decision.Bits, Model.Utility(Workload, Decision), new DnnId(0), 1, false, 50));
            recorder.Tell(GetProgress.Instance);
            Assert.Equal(gain, ExpectMsg<RunProgress>().RollingGainRatio);
        }

        listener.RecordObservableInstruments();

        // Other tests' runs may be exporting too; these two must each be there, as runs of their own.
        var halfRuns = seen.Where(m => m.Gain == 0.5).Select(m => m.Run).ToList();
        var quarterRuns = seen.Where(m => m.Gain == 0.25).Select(m => m.Run).ToList();
        Assert.NotEmpty(halfRuns);
        Assert.NotEmpty(quarterRuns);
        Assert.Empty(halfRuns.Intersect(quarterRuns));
    }

    private static RecorderSettings Settings(IOptimumOracle oracle) => new(Model, 10, DnnCount: 1, oracle, RollingWindow: 10, Policy: "ddlo");

    /// <summary>Says the optimum is <paramref name="fraction"/> of the cost of the one decision these specs make.</summary>
    private sealed class FractionOfOptimum(double fraction) : IOptimumOracle
    {
        public string Name => "fraction";

        public double OptimalQ(long slot, Workload workload) => fraction * Model.Utility(workload, Decision);
    }
}
