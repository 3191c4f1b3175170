using System.Globalization;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.World;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Tests.World;

/// <summary>
/// A map of cells (<c>ddlo.topology</c>): devices that move, associate and hand over, each cell deciding its own
/// devices' slot. The actors' run is checked against a loop without actors over the same devices and cells.
/// </summary>
public sealed class MapSpecs : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"ddlo-map-{Guid.NewGuid():N}");

    public MapSpecs() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Four cells of a 400 m square, 24 fast devices of 2 tasks: handovers every few slots, cells of changing size.</summary>
    private static Scenario City(int steps, params string[] more) => Scenario.Load(null, [
        "ddlo.system.devices=24", "ddlo.system.tasks-per-device=2", "ddlo.system.uplink-mbps=300", $"ddlo.run.steps={steps}", "ddlo.run.seed=7",
        "ddlo.topology.layout=grid", "ddlo.topology.cells=4", "ddlo.topology.spacing-m=200", "ddlo.topology.radius-m=150",
        "ddlo.channel.enabled=on", "ddlo.mobility.model=random-waypoint", "ddlo.mobility.min-speed-mps=20", "ddlo.mobility.max-speed-mps=40",
        "ddlo.mobility.half-side-m=200", "ddlo.learning.hidden-layers=[16]", "ddlo.learning.input-scale=1", "ddlo.learning.batch-size=32",
        "ddlo.learning.memory-size=512", "ddlo.learning.training-interval=1", "ddlo.learning.warmup=64", "ddlo.learning.dnn-count=2", "ddlo.learning.device-search-rounds=3", .. more]);

    [Fact]
    public async Task Should_move_hand_over_and_score_every_cell_as_a_loop_without_actors_does()
    {
        const int steps = 120;
        var scenario = City(steps);
        var plan = new MapPlan(scenario.Settings);

        var record = await MapRunner.RunAsync(scenario, progress: null, CancellationToken.None);

        // The loop without actors: the same devices step slot by slot; each cell prices its devices in device order.
        var devices = Enumerable.Range(0, plan.Devices).Select(plan.CreateDevice).ToArray();
        var pricing = Enumerable.Range(0, plan.Topology.Count).Select(plan.CreatePricing).ToArray();
        var handovers = new long[plan.Devices];
        Assert.Equal(steps, record.Slots.Length);
        Assert.Equal(steps * plan.Topology.Count, record.Cells.Length);
        for (int t = 0; t < steps; t++)
        {
            var reports = devices.Select(d => d.Step(t)).ToArray();
            foreach (var report in reports.Where(r => r.Handover))
            {
                handovers[report.Device]++;
            }

            var slot = record.Slots[t];
            Assert.Equal(reports.Count(r => r.Handover), slot.Handovers);
            Assert.Equal(reports.Count(r => r.Cell == Topology.NoCell), slot.Uncovered);
            for (int c = 0; c < pricing.Length; c++)
            {
                var served = reports.Where(r => r.Cell == c).ToArray();
                var cell = record.Cells[(t * pricing.Length) + c];
                Assert.Equal((t, c, served.Length), (cell.Slot, cell.Cell, cell.Devices));
                if (served.Length == 0)
                {
                    continue;
                }

                var workload = CellPricing.Workload(served, plan.TasksPerDevice);
                int tasks = workload.TaskCount;
                Assert.Equal(pricing[c].Price(workload, OffloadDecision.Uniform(tasks, false)), cell.QLocal);
                Assert.Equal(pricing[c].Price(workload, OffloadDecision.Uniform(tasks, true)), cell.QEdge);
                Assert.Equal(pricing[c].Price(workload, pricing[c].Greedy(workload)), cell.QGreedy);
                var (optimum, _, _) = pricing[c].Optimum(workload);
                Assert.Equal(Math.Min(optimum, Math.Min(cell.Q, cell.QTeacher)), cell.QOptimum);
                // Nothing beats the optimum by more than its certified gap.
                Assert.True(cell.Q >= cell.QOptimum * (1 - 1e-9) && cell.QTeacher >= cell.QOptimum * (1 - 1e-9), $"slot {t} cell {c} beat its optimum");
            }
        }

        Assert.Equal(handovers, record.DeviceHandovers);
        Assert.True(handovers.Sum() > 20, $"only {handovers.Sum()} handovers: the walk did not cross cells");
        Assert.Contains(record.Cells, c => c.Devices >= 9);
        Assert.Contains(record.Cells, c => c.Devices <= 3);
    }

    [Fact]
    public async Task Should_give_the_same_numbers_for_the_same_seed()
    {
        var first = await MapRunner.RunAsync(City(60), progress: null, CancellationToken.None);
        var second = await MapRunner.RunAsync(City(60), progress: null, CancellationToken.None);
        var other = await MapRunner.RunAsync(City(60, "ddlo.run.seed=8"), progress: null, CancellationToken.None);

        static IEnumerable<(double, double, double, int, double)> Numbers(MapRecord r) =>
            r.Cells.Select(c => (c.Q, c.QTeacher, c.QOptimum, c.Devices, c.QRandom));
        Assert.Equal(Numbers(first), Numbers(second));
        Assert.Equal(first.Slots.Select(s => s.Loss), second.Slots.Select(s => s.Loss));
        Assert.NotEqual(Numbers(first), Numbers(other));
    }

    /// <summary>Every number two map runs record is the same, slot by slot and cell by cell (all but wall-clock times).</summary>
    private static void AssertSameNumbers(MapRecord expected, MapRecord actual)
    {
        Assert.Equal(
            expected.Slots.Select(s => (s.Slot, s.Served, s.Uncovered, s.Handovers, s.Q, s.QTeacher, s.QOptimum, s.QRandom, s.Loss, s.Priced, s.TeacherPriced)),
            actual.Slots.Select(s => (s.Slot, s.Served, s.Uncovered, s.Handovers, s.Q, s.QTeacher, s.QOptimum, s.QRandom, s.Loss, s.Priced, s.TeacherPriced)));
        Assert.Equal(
            expected.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Handovers, c.LoadMb, c.Q, c.QTeacher, c.QOptimum, c.QGreedy, c.QRandom)),
            actual.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Handovers, c.LoadMb, c.Q, c.QTeacher, c.QOptimum, c.QGreedy, c.QRandom)));
        // As sequences: ImmutableArray's own Equals compares the arrays' references.
        Assert.Equal(expected.DeviceHandovers.AsEnumerable(), actual.DeviceHandovers.AsEnumerable());
        Assert.Equal(expected.Tracks.SelectMany(t => t), actual.Tracks.SelectMany(t => t));
        Assert.Equal(expected.HandoverPoints.AsEnumerable(), actual.HandoverPoints.AsEnumerable());
        Assert.Equal(expected.WorstGap, actual.WorstGap);
    }

    [Fact]
    public async Task Should_resume_a_moving_map_from_its_checkpoint_to_the_numbers_of_a_run_never_stopped()
    {
        // Checkpoints every 25 slots: the run ends at 70 with the one of slot 50 in its folder.
        var scenario = City(70, "ddlo.run.checkpoint-interval=25");
        var plain = await MapRunner.RunAsync(City(70), progress: null, CancellationToken.None);
        var saving = await MapRunner.RunAsync(scenario, new CheckpointOptions(directory), progress: null, CancellationToken.None);
        var checkpoint = CheckpointFile.Read(directory);
        Assert.NotNull(checkpoint);
        Assert.Equal(50, checkpoint.Step);

        var resumed = await MapRunner.RunAsync(scenario, new CheckpointOptions(directory, checkpoint), progress: null, CancellationToken.None);

        // Saving checkpoints changes nothing; a run resumed at slot 50 (devices mid-walk, the memory and networks mid-
        // training) decides slots 50-69 as the run that went on did, and carries its first 50 slots over.
        AssertSameNumbers(plain, saving.Record!);
        AssertSameNumbers(plain, resumed.Record!);
        Assert.True(plain.DeviceHandovers.Sum() > 10, "the walk handed over too rarely to test anything");
        Assert.Contains(plain.Slots.Skip(50), s => double.IsFinite(s.Loss));
    }

    [Fact]
    public async Task Should_stop_at_a_slots_end_when_asked_with_a_checkpoint_that_resumes_exactly()
    {
        var scenario = City(400);
        var whole = await MapRunner.RunAsync(scenario, progress: null, CancellationToken.None);

        // Stopped once a few slots are decided, wherever that falls: the stop waits for the slot's end.
        using var stop = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Decided >= 5)
            {
                stop.Cancel();
            }
        });
        var stopped = await MapRunner.RunAsync(scenario, new CheckpointOptions(directory), progress, stop.Token);
        Assert.True(stopped.Stopped is not null, "the run ended before the stop reached it");
        Assert.Null(stopped.Record);
        var at = stopped.Stopped;
        Assert.InRange(at.Step, 5, 399);
        var checkpoint = CheckpointFile.Read(directory)!;
        Assert.Equal(at.Step, checkpoint.Step);

        var resumed = await MapRunner.RunAsync(scenario, new CheckpointOptions(directory, checkpoint), progress: null, CancellationToken.None);
        AssertSameNumbers(whole, resumed.Record!);
    }

    [Theory]
    [InlineData("ddlo.topology.cells=9", "the checkpoint's map has 4 cells, this scenario 9")]
    [InlineData("ddlo.system.devices=30", "the checkpoint's map has 24 devices, this scenario 30")]
    public async Task Should_refuse_a_checkpoint_of_another_map_in_one_line(string other, string message)
    {
        var scenario = City(30, "ddlo.run.checkpoint-interval=10");
        await MapRunner.RunAsync(scenario, new CheckpointOptions(directory), progress: null, CancellationToken.None);
        var checkpoint = CheckpointFile.Read(directory)!;

        var error = await Assert.ThrowsAsync<CheckpointException>(() =>
            MapRunner.RunAsync(City(30, "ddlo.run.checkpoint-interval=10", other), new CheckpointOptions(directory, checkpoint), progress: null, CancellationToken.None));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Should_stop_with_one_error_naming_the_checkpoint_when_it_cannot_be_written()
    {
        // The results folder is gone: the first checkpoint fails, and the run ends with a write error, not a hang.
        string gone = Path.Combine(directory, "gone");
        var error = await Assert.ThrowsAsync<Actors.Simulation.RunWriteException>(() =>
            MapRunner.RunAsync(City(30, "ddlo.run.checkpoint-interval=10"), new CheckpointOptions(gone), progress: null, CancellationToken.None));
        Assert.Equal(Path.Combine(gone, "checkpoint.bin"), error.File);
    }

    [Fact]
    public void Should_refuse_a_map_to_every_command_that_runs_one_cell_naming_the_layout()
    {
        var error = Assert.Throws<ScenarioException>(() => Actors.Simulation.SimulationSources.Generated(City(10).Settings));
        Assert.StartsWith("ddlo.topology.layout: a map of cells runs one run at a time with ddlo simulate", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports progress on the reporting thread at once (<see cref="Progress{T}"/> posts to a context).</summary>
    private sealed class Progress(Action<MapProgress> report) : IProgress<MapProgress>
    {
        public void Report(MapProgress value) => report(value);
    }

    [Fact]
    public async Task Should_learn_per_cell_when_asked_each_cell_deciding_by_its_own_networks()
    {
        var shared = await MapRunner.RunAsync(City(80), progress: null, CancellationToken.None);
        var perCell = await MapRunner.RunAsync(City(80, "ddlo.topology.learners=per-cell"), progress: null, CancellationToken.None);

        // The world is the same (devices, cells, baselines); the decisions are each cell's own networks'.
        Assert.Equal(shared.Cells.Select(c => (c.Devices, c.QGreedy, c.QEdge)), perCell.Cells.Select(c => (c.Devices, c.QGreedy, c.QEdge)));
        Assert.NotEqual(shared.Cells.Select(c => c.Q), perCell.Cells.Select(c => c.Q));
        Assert.All(perCell.Cells.Where(c => c.Devices > 0), c => Assert.True(c.Q >= c.QOptimum * (1 - 1e-9)));
        Assert.Contains(perCell.Slots, s => double.IsFinite(s.Loss));
    }

    [Fact]
    public async Task Should_average_copies_of_the_learner_so_that_they_decide_as_no_unaveraged_copies_do()
    {
        // Two copies (cells 0 and 2 to one, 1 and 3 to the other), averaged after every training round, or never.
        var averaged = await MapRunner.RunAsync(City(80, "ddlo.topology.learner-copies=2"), progress: null, CancellationToken.None);
        var again = await MapRunner.RunAsync(City(80, "ddlo.topology.learner-copies=2"), progress: null, CancellationToken.None);
        var apart = await MapRunner.RunAsync(City(80, "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=1000000"), progress: null, CancellationToken.None);
        var shared = await MapRunner.RunAsync(City(80), progress: null, CancellationToken.None);

        AssertSameNumbers(averaged, again);
        // The world is the same; the copies start from the shared learner's networks, so until the first training
        // round (64 rows stored) every run decides alike.
        Assert.Equal(shared.Cells.Select(c => (c.Devices, c.QGreedy, c.QEdge)), averaged.Cells.Select(c => (c.Devices, c.QGreedy, c.QEdge)));
        int firstRound = Array.FindIndex(shared.Slots.ToArray(), s => double.IsFinite(s.Loss));
        Assert.InRange(firstRound, 1, 40);
        Assert.Equal(shared.Cells.Take((firstRound + 1) * 4).Select(c => c.Q), averaged.Cells.Take((firstRound + 1) * 4).Select(c => c.Q));
        Assert.Equal(averaged.Cells.Take((firstRound + 1) * 4).Select(c => c.Q), apart.Cells.Take((firstRound + 1) * 4).Select(c => c.Q));
        // After it, copies that learn apart from their own cells decide otherwise than copies averaged each round.
        Assert.NotEqual(averaged.Cells.Select(c => c.Q), apart.Cells.Select(c => c.Q));
        Assert.NotEqual(shared.Cells.Select(c => c.Q), averaged.Cells.Select(c => c.Q));
        Assert.All(averaged.Cells.Where(c => c.Devices > 0), c => Assert.True(c.Q >= c.QOptimum * (1 - 1e-9)));
    }

    [Fact]
    public async Task Should_leave_every_copy_with_the_same_weights_after_an_averaging_and_different_ones_without()
    {
        // Training and averaging every slot; the checkpoint of slot 50 is taken after slot 49's averaging.
        var averaged = City(60, "ddlo.topology.learner-copies=2", "ddlo.run.checkpoint-interval=50");
        var apart = City(60, "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=1000000", "ddlo.run.checkpoint-interval=50");
        string other = Path.Combine(directory, "apart");
        Directory.CreateDirectory(other);

        await MapRunner.RunAsync(averaged, new CheckpointOptions(directory), progress: null, CancellationToken.None);
        await MapRunner.RunAsync(apart, new CheckpointOptions(other), progress: null, CancellationToken.None);
        var withAveraging = CheckpointFile.Read(directory)!;
        var without = CheckpointFile.Read(other)!;

        // Each copy's weights, network by network (its Adam moments and memory are its own either way).
        Assert.Equal(Weights(withAveraging, 0), Weights(withAveraging, 1));
        Assert.NotEqual(Weights(without, 0), Weights(without, 1));
    }

    /// <summary>The weights block of each network in learner <paramref name="learner"/>'s part: slots stored, then per network its steps, weights and optimiser.</summary>
    private static string[] Weights(RunCheckpoint checkpoint, int learner)
    {
        using var reader = new BinaryReader(new MemoryStream([.. checkpoint.Part("map-learner", learner)]));
        reader.ReadInt64();
        var weights = new string[2];
        for (int k = 0; k < weights.Length; k++)
        {
            reader.ReadInt64();
            weights[k] = Convert.ToBase64String(reader.ReadBytes(reader.ReadInt32()));
            reader.ReadBytes(reader.ReadInt32());
        }

        return weights;
    }

    [Fact]
    public async Task Should_resume_averaged_copies_of_the_learner_to_the_numbers_of_a_run_never_stopped()
    {
        // Averaging every 3 rounds, a checkpoint every 25 slots: the checkpoint at slot 50 falls between two averagings.
        var scenario = City(70, "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=3", "ddlo.run.checkpoint-interval=25");
        var plain = await MapRunner.RunAsync(City(70, "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=3"), progress: null, CancellationToken.None);
        await MapRunner.RunAsync(scenario, new CheckpointOptions(directory), progress: null, CancellationToken.None);
        var checkpoint = CheckpointFile.Read(directory);
        Assert.NotNull(checkpoint);

        var resumed = await MapRunner.RunAsync(scenario, new CheckpointOptions(directory, checkpoint), progress: null, CancellationToken.None);

        AssertSameNumbers(plain, resumed.Record!);
    }

    [Fact]
    public async Task Should_replay_a_trace_exactly_and_count_its_handovers_by_hand()
    {
        // Three cells on the x axis, 200 m apart, covering 90 m: gaps between them that no cell covers.
        // Device 0 walks from cell 0, through the gap into cell 1 (a return to coverage, not a handover), into
        // cell 2 (one handover) and jumps back to cell 0 (another). Device 1 stands in cell 1 throughout.
        double[] walk = [-200, -150, -100, -50, 0, 150, 150, -200];
        string trace = Path.Combine(directory, "trace.csv");
        var lines = new List<string> { "device,slot,x,y" };
        for (int t = 0; t < walk.Length; t++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"0,{t},{walk[t]},0"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"1,{t},0,50"));
        }

        await File.WriteAllLinesAsync(trace, lines);
        var scenario = Scenario.Load(null, [
            "ddlo.system.devices=2", "ddlo.system.tasks-per-device=2", $"ddlo.run.steps={walk.Length}", "ddlo.topology.layout=explicit",
            "ddlo.topology.x-m=[-200, 0, 200]", "ddlo.topology.y-m=[0, 0, 0]", "ddlo.topology.radius-m=90", "ddlo.mobility.model=trace",
            $"ddlo.mobility.trace=\"{trace}\"", "ddlo.mobility.half-side-m=300"]);

        var record = await MapRunner.RunAsync(scenario, progress: null, CancellationToken.None);

        Assert.Equal(walk.Select(x => new Position(x, 0)), record.Tracks[0]);
        Assert.All(record.Tracks[1], p => Assert.Equal(new Position(0, 50), p));
        Assert.Equal([2L, 0L], record.DeviceHandovers.ToArray());
        Assert.Equal([0, 0, 0, 0, 0, 1, 0, 1], record.Slots.Select(s => s.Handovers).ToArray());
        Assert.Equal([(5L, 0, 1, 2), (7L, 0, 2, 0)], record.HandoverPoints.Select(p => (p.Slot, p.Device, p.From, p.To)).ToArray());
        // In the gap (slot 2) device 0 computes its tasks itself: the slot counts it uncovered, at its local cost under every policy.
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0], record.Slots.Select(s => s.Uncovered).ToArray());
        var gap = record.Slots[2];
        var cells = record.Cells.Where(c => c.Slot == 2).ToArray();
        double alone = gap.QLocal - cells.Sum(c => c.QLocal);
        Assert.True(alone > 0, "the uncovered device cost nothing");
        Assert.Equal(alone, gap.Q - cells.Sum(c => c.Q), 9);
        Assert.Equal(alone, gap.QEdge - cells.Sum(c => c.QEdge), 9);
        Assert.Equal(alone, gap.QOptimum - cells.Sum(c => c.QOptimum), 9);
    }
}
