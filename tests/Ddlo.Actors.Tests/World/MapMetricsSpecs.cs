using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.World;

namespace Ddlo.Actors.Tests.World;

/// <summary>
/// What a map run exports for an operator, counted with a listener on the process's meter: the cells it hosts, the
/// device-slots they decide, the handovers (on one node: between cells, never across nodes), the averaging rounds
/// of the learner's copies and the slots, each equal to what the run's own record says.
/// </summary>
[Collection(ProcessMetrics.Name)]
public sealed class MapMetricsSpecs
{
    private static Scenario City(params string[] more) => Scenario.Load(null, [
        "ddlo.system.devices=24", "ddlo.system.tasks-per-device=2", "ddlo.system.uplink-mbps=300", "ddlo.run.steps=60", "ddlo.run.seed=7",
        "ddlo.topology.layout=grid", "ddlo.topology.cells=4", "ddlo.topology.spacing-m=200", "ddlo.topology.radius-m=150",
        "ddlo.channel.enabled=on", "ddlo.mobility.model=random-waypoint", "ddlo.mobility.min-speed-mps=20", "ddlo.mobility.max-speed-mps=40",
        "ddlo.mobility.half-side-m=200", "ddlo.learning.hidden-layers=[16]", "ddlo.learning.input-scale=1", "ddlo.learning.batch-size=32",
        "ddlo.learning.memory-size=512", "ddlo.learning.training-interval=1", "ddlo.learning.warmup=16", "ddlo.learning.dnn-count=2",
        "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=5", .. more]);

    [Fact]
    public async Task Should_count_the_cells_hosted_device_slots_handovers_averaging_rounds_and_slots_of_a_map_run()
    {
        var counted = new ConcurrentDictionary<string, long>();
        var hosted = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DdloMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"/{t.Key}={t.Value}"));
            long total = counted.AddOrUpdate(key, value, (_, sum) => sum + value);
            if (instrument.Name == "ddlo.map.cells.hosted")
            {
                hosted.Enqueue(total);
            }
        });
        listener.Start();

        var scenario = City();
        var record = await MapRunner.RunAsync(scenario, progress: null, CancellationToken.None);

        long Count(string key) => counted.GetValueOrDefault(key);
        var plan = new MapPlan(scenario.Settings);
        long averagings = Enumerable.Range(1, 59).Count(slot => slot % plan.AveragingSlots == 0);
        Assert.Equal(4, hosted.Max());
        Assert.Equal(0, Count("ddlo.map.cells.hosted"));
        Assert.Equal(record.Slots.Sum(s => (long)s.Served), Count("ddlo.map.device.slots"));
        Assert.True(record.Slots.Sum(s => s.Handovers) > 0, "the map's devices never handed over: the check below proves nothing");
        Assert.Equal(record.Slots.Sum(s => (long)s.Handovers), Count("ddlo.map.handovers/across=cell"));
        Assert.Equal(0, Count("ddlo.map.handovers/across=node"));
        Assert.True(averagings > 0);
        Assert.Equal(2 * averagings, Count("ddlo.map.averaging.rounds"));
        Assert.Equal(60, Count("ddlo.slots.decided"));
    }
}
