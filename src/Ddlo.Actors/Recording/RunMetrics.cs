using System.Diagnostics.Metrics;

namespace Ddlo.Actors.Recording;

/// <summary>
/// What one run exports of its own beside the process's counters (<see cref="DdloMetrics"/>): its rolling gain ratio,
/// the gauge <c>ddlo.gain.ratio.rolling</c>, tagged with the run (<c>run</c>) so that runs side by side in one process
/// each export theirs. Owned by the run's recorder, from its start to its end.
/// </summary>
internal sealed class RunMetrics : IDisposable
{
    private readonly Meter meter = new(DdloMetrics.MeterName);
    private double rollingGain = double.NaN;

    public RunMetrics()
    {
        var run = new KeyValuePair<string, object?>("run", Guid.NewGuid().ToString("N")[..8]);
        meter.CreateObservableGauge(
            "ddlo.gain.ratio.rolling", () => new Measurement<double>(Volatile.Read(ref rollingGain), run), "1", "Q*/Q over this run's last rolling-window scored slots (NaN before any).");
    }

    public void ReportRollingGain(double gain) => Volatile.Write(ref rollingGain, gain);

    /// <summary>The run is over: its gauge is no longer exported.</summary>
    public void Dispose() => meter.Dispose();
}
