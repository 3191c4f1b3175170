using System.Collections.Immutable;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Recording;

public sealed class DecisionsFileTests : IDisposable
{
    private static readonly MecModel Model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-decisions-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void Should_write_a_header_and_one_row_per_device_in_slot_order_whatever_order_the_slots_are_decided_in()
    {
        string path = PathOf("decisions.csv");
        using (var file = new DecisionsFile(path, Model))
        {
            file.Add(Decided(1));
            file.Add(Decided(0));
            file.Add(Decided(2));
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal("slot,device,d0_mb,d1_mb,d2_mb,x0,x1,x2,bandwidth_mb_per_s,energy_j,local_time_s,upload_time_s,edge_time_s,delay_s,cost_j", lines[0]);
        Assert.Equal(["0,0", "0,1", "0,2", "1,0", "1,1", "1,2", "2,0", "2,1", "2,2"], lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        var slot = Decided(1);
        double[] cost = [.. lines.Skip(4).Take(3).Select(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(Model.Evaluate(slot.Workload, OffloadDecision.FromBits(slot.Decision)).Devices.Select(d => d.Cost), cost);
    }

    [Fact]
    public void Should_cut_the_rows_written_after_a_checkpoint_and_go_on_as_the_uninterrupted_file()
    {
        string uninterrupted = PathOf("uninterrupted.csv");
        using (var file = new DecisionsFile(uninterrupted, Model))
        {
            Enumerable.Range(0, 6).ToList().ForEach(s => file.Add(Decided(s)));
        }

        string resumed = PathOf("resumed.csv");
        ImmutableArray<byte> checkpoint;
        using (var file = new DecisionsFile(resumed, Model))
        {
            Enumerable.Range(0, 3).ToList().ForEach(s => file.Add(Decided(s)));
            checkpoint = StateBlob.Write(file.WriteState);
            Enumerable.Range(3, 2).ToList().ForEach(s => file.Add(Decided(s)));
        }

        // A process killed after the checkpoint may leave any part of the rows that followed it, half a line included.
        File.AppendAllText(resumed, "5,0,29,2");
        using (var file = new DecisionsFile(resumed, Model))
        {
            StateBlob.Read(checkpoint, file.ReadState);
            Enumerable.Range(3, 3).ToList().ForEach(s => file.Add(Decided(s)));
        }

        Assert.Equal(File.ReadAllText(uninterrupted), File.ReadAllText(resumed));
    }

    [Fact]
    public void Should_append_the_rows_that_come_after_a_close_and_save_the_closed_length()
    {
        string whole = PathOf("whole.csv");
        using (var file = new DecisionsFile(whole, Model))
        {
            Enumerable.Range(0, 4).ToList().ForEach(s => file.Add(Decided(s)));
        }

        string path = PathOf("closed.csv");
        using (var file = new DecisionsFile(path, Model))
        {
            Enumerable.Range(0, 2).ToList().ForEach(s => file.Add(Decided(s)));
            file.Close();
            long closed = new FileInfo(path).Length;
            var state = StateBlob.Write(file.WriteState);
            Assert.Equal(closed, BitConverter.ToInt64(state.AsSpan()[..8]));
            Enumerable.Range(2, 2).ToList().ForEach(s => file.Add(Decided(s)));
        }

        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(path));
    }

    [Fact]
    public void Should_refuse_in_one_line_to_go_on_from_a_file_it_cannot_cut_back()
    {
        string path = PathOf("decisions.csv");
        ImmutableArray<byte> checkpoint;
        using (var file = new DecisionsFile(path, Model))
        {
            file.Add(Decided(0));
            checkpoint = StateBlob.Write(file.WriteState);
        }

        File.Delete(path);
        Directory.CreateDirectory(path);
        using var resumed = new DecisionsFile(path, Model);

        var error = Assert.Throws<InvalidDataException>(() => StateBlob.Read(checkpoint, resumed.ReadState));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_refuse_to_go_on_from_a_file_shorter_than_its_checkpoint_says()
    {
        string path = PathOf("decisions.csv");
        ImmutableArray<byte> checkpoint;
        using (var file = new DecisionsFile(path, Model))
        {
            file.Add(Decided(0));
            checkpoint = StateBlob.Write(file.WriteState);
        }

        File.WriteAllText(path, "slot,device\n");
        using var resumed = new DecisionsFile(path, Model);

        var error = Assert.Throws<InvalidDataException>(() => StateBlob.Read(checkpoint, resumed.ReadState));

        Assert.Contains("decisions.csv has 12 bytes, fewer than the", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_add_each_device_s_arrivals_for_a_system_with_queues()
    {
        var model = new LydrooModel(LyapunovSettings.Paper(2));
        var workload = Workload.Create(2, 1, [2e-6, 1e-6]).WithContext([6, 4, 1, 0]);
        string path = PathOf("decisions.csv");
        using (var file = new DecisionsFile(path, model))
        {
            file.Add(new SlotDecided(new SlotId(0), workload, [true, false], 1.0, null, 1, false, 0) { Arrivals = [3, 1.5] });
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal("slot,device,h,x,data_queue_mbit,energy_queue,time_share,served_mbit,energy_j,arrivals_mbit", lines[0]);
        Assert.StartsWith("0,0,2E-06,1,6,1,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",3", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("0,1,1E-06,0,4,0,0,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",1.5", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_model_that_gives_no_breakdown()
    {
        var error = Assert.Throws<ArgumentException>(() => new DecisionsFile(PathOf("decisions.csv"), new NoBreakdown()));

        Assert.Contains("'plain' does not break a decision down per device", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Slot <paramref name="slot"/>'s workload and decision differ from slot to slot.</summary>
    private static SlotDecided Decided(int slot)
    {
        var workload = Workload.Create(3, 3, [22 + slot, 25, 10, 13, 13 + slot, 17, 19, 29, 28 - slot]);
        var decision = OffloadDecision.FromMask((ulong)(0b110011011 ^ slot), 9);
        return new SlotDecided(new SlotId(slot), workload, decision.Bits, Model.Utility(workload, decision), null, 1, false, 0);
    }

    private sealed class NoBreakdown : ISystemModel
    {
        private readonly MecModel inner = Model;

        public string Name => "plain";

        public Objective Objective => inner.Objective;

        public string ValueName => inner.ValueName;

        public string ReportName => inner.ReportName;

        public IReadOnlyList<string> Baselines => inner.Baselines;

        public IReadOnlyList<string> Oracles => inner.Oracles;

        public void CheckReports(Workload reports) => inner.CheckReports(reports);

        public double Value(Workload reports, OffloadDecision decision) => inner.Utility(reports, decision);

        public SlotAllocation Allocate(Workload reports, OffloadDecision decision) => inner.Allocate(reports, decision);

        public Core.Policies.IOffloadingPolicy CreateBaseline(string name, int seed) => inner.CreateBaseline(name, seed);

        public string? AutoOracle(int devices, int tasksPerDevice) => inner.AutoOracle(devices, tasksPerDevice);

        public Core.Scoring.IOptimumOracle CreateOracle(string name) => inner.CreateOracle(name);
    }
}
