using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Tests.Recording;

public sealed class RecorderSpecs : TestKit
{
    private static readonly MecModel Model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private static readonly Workload Workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);

    [Fact]
    public void Should_report_the_slots_the_edge_server_generated_beside_those_it_recorded_when_a_slot_is_lost()
    {
        var recorder = Sys.ActorOf(Recorder.Props(Settings(steps: 4), TestActor));
        recorder.Tell(RunStarted.Instance);

        // Slot 2's decision never reaches the recorder.
        foreach (long slot in new long[] { 0, 1, 3 })
        {
            recorder.Tell(Decided(slot));
        }

        recorder.Tell(new AllSlotsDecided(Generated: 4));
        recorder.Tell(new Flushed(new DnnId(0), []));

        var record = ExpectMsg<RecordingComplete>().Record;
        Assert.Equal(4, record.SlotsGenerated);
        Assert.Equal(3, record.SlotsDecided);
        Assert.Equal([0L, 1, 3], record.Steps.Select(s => s.Slot));
    }

    [Fact]
    public void Should_time_the_run_from_its_first_slot_and_the_set_up_apart()
    {
        var clock = new ManualClock();
        var recorder = Sys.ActorOf(Recorder.Props(Settings(steps: 2) with { Clock = clock }, TestActor));

        // Each message is processed (a progress answer follows it) before the clock moves on.
        RunProgress Then(object message)
        {
            recorder.Tell(message);
            recorder.Tell(GetProgress.Instance);
            return ExpectMsg<RunProgress>();
        }

        recorder.Tell(GetProgress.Instance);
        Assert.Equal(0, ExpectMsg<RunProgress>().StepsPerSecond);
        clock.Advance(TimeSpan.FromSeconds(5));
        Then(RunStarted.Instance);
        clock.Advance(TimeSpan.FromSeconds(1));
        Then(Decided(0));
        clock.Advance(TimeSpan.FromSeconds(1));
        var progress = Then(Decided(1));
        clock.Advance(TimeSpan.FromSeconds(3));
        recorder.Tell(new AllSlotsDecided(Generated: 2));
        recorder.Tell(new Flushed(new DnnId(0), []));

        var record = ExpectMsg<RecordingComplete>().Record;
        Assert.Equal(2.0, record.ElapsedSeconds, 9);
        Assert.Equal(5.0, record.SetupSeconds, 9);
        Assert.Equal(1.0, record.StepsPerSecond, 9);
        Assert.Equal(1.0, progress.StepsPerSecond, 9);
    }

    [Fact]
    public void Should_not_complete_before_the_edge_server_says_every_slot_is_decided()
    {
        var recorder = Sys.ActorOf(Recorder.Props(Settings(steps: 1), TestActor));
        recorder.Tell(RunStarted.Instance);
        recorder.Tell(Decided(0));
        recorder.Tell(new Flushed(new DnnId(0), []));

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        recorder.Tell(new AllSlotsDecided(Generated: 1));

        Assert.Equal(1, ExpectMsg<RecordingComplete>().Record.SlotsDecided);
    }

    /// <summary>A Q the maths made infinite is no result: the run stops with one line naming the slot and the figure.</summary>
    [Fact]
    public void Should_stop_the_run_at_a_slot_whose_q_is_not_finite_naming_it()
    {
        var recorder = Sys.ActorOf(Recorder.Props(Settings(steps: 3), TestActor));
        recorder.Tell(RunStarted.Instance);
        recorder.Tell(Decided(0));
        recorder.Tell(Decided(1) with { Q = double.PositiveInfinity });
        recorder.Tell(Decided(2) with { Q = double.NaN });

        var stop = ExpectMsg<RunCannotProceed>();
        Assert.StartsWith("slot 1: Q = Infinity is not a finite number", stop.Reason, StringComparison.Ordinal);
        recorder.Tell(GetProgress.Instance);
        Assert.Equal(3, ExpectMsg<RunProgress>().Decided);
    }

    [Fact]
    public void Should_stop_the_run_in_one_line_naming_decisions_csv_when_it_cannot_be_written_and_go_on_recording()
    {
        // A folder where the file should be: it cannot be opened for writing, as on a read-only or vanished folder.
        string folder = Directory.CreateTempSubdirectory("ddlo-recorder-").FullName;
        string path = Path.Combine(folder, "decisions.csv");
        Directory.CreateDirectory(path);
        try
        {
            var recorder = Sys.ActorOf(Recorder.Props(Settings(steps: 2) with { DecisionsPath = path }, TestActor));
            recorder.Tell(RunStarted.Instance);
            recorder.Tell(Decided(0));
            recorder.Tell(Decided(1));

            var stop = ExpectMsg<RunCannotProceed>();
            Assert.StartsWith($"cannot write {path}: ", stop.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', stop.Reason);
            recorder.Tell(new AllSlotsDecided(Generated: 2));
            recorder.Tell(new Flushed(new DnnId(0), []));
            Assert.Equal(2, ExpectMsg<RecordingComplete>().Record.SlotsDecided);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static RecorderSettings Settings(long steps) => new(Model, steps, DnnCount: 1, Oracle: null, RollingWindow: 10, Policy: "ddlo");

    private static SlotDecided Decided(long slot)
    {
        var decision = OffloadDecision.Uniform(9, offload: true);
        return new SlotDecided(new SlotId(slot), Workload, decision.Bits, Model.Utility(Workload, decision), new DnnId(0), 1, false, 50);
    }
}
