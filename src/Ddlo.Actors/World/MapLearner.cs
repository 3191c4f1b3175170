using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Recording;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Learning.Memory;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.World;

/// <summary>
/// The learner every cell shares: K networks of one device's row (its sizes, its cell's load and uplink, its channel
/// and class), and a replay memory of device rows with the teacher's labels. It answers a cell's rows with each
/// network's logits, and stores a slot's rows once every cell has decided it, training when the schedule says: so a
/// slot is decided by the networks trained on the slots before it, whatever the timing.
/// </summary>
internal sealed class MapLearner : ReceiveActor
{
    private readonly OffloadingNetwork[] networks;
    private readonly ReplayableRandom[] samplers;
    private readonly ReplayMemory memory;
    private readonly TrainingSchedule schedule;
    private readonly int batch;
    private readonly int outputs;
    private readonly int index;
    private long stored;

    /// <param name="plan">The map's parts.</param>
    /// <param name="learner">Which learner: 0 when every cell shares one, else the cell's (its networks and sampling streams are its own).</param>
    /// <param name="state">Its state in the checkpoint a run resumes from, or null.</param>
    public MapLearner(MapPlan plan, int learner, ImmutableArray<byte>? state)
    {
        index = learner;
        var learning = plan.Settings.Learning;
        var normalizer = plan.CreateNormalizer();
        networks = [.. Enumerable.Range(plan.FirstNetwork(learner), learning.DnnCount).Select(k => new OffloadingNetwork(plan.NetworkOptions(k), normalizer))];
        // Each learner samples its memory by streams of its own (copies of one learner too: their memories differ).
        int first = learner * learning.DnnCount;
        samplers = [.. Enumerable.Range(first, learning.DnnCount).Select(k => new ReplayableRandom(Seeds.Derive(plan.Settings.Run.Seed, Seeds.MemoryStream, k)))];
        outputs = plan.TasksPerDevice;
        memory = new ReplayMemory(learning.MemorySize, outputs, outputs + MapPlan.RowFeatures);
        schedule = learning.Schedule;
        batch = learning.BatchSize;
        if (state is { } saved)
        {
            MapCheckpoint.Read(saved, ReadState);
        }

        Receive<ProposeRows>(Propose);
        Receive<LearnSlot>(Learn);
        Receive<ShareWeights>(_ => Sender.Tell(new WeightsShared(learner, [.. networks.Select(network => network.ParameterValues())])));
        Receive<UseWeights>(use =>
        {
            for (int k = 0; k < networks.Length; k++)
            {
                networks[k].LoadParameterValues(use.Networks[k]);
            }

            DdloMetrics.MapAveragingRounds.Add(1);
            Sender.Tell(new WeightsUsed(learner));
        });
        Receive<SaveMapState>(_ => Sender.Tell(new MapStateSaved(MapCheckpoint.Learner, learner, MapCheckpoint.Bytes(WriteState))));
    }

    public static Props Props(MapPlan plan, int learner, ImmutableArray<byte>? state) => Akka.Actor.Props.Create(() => new MapLearner(plan, learner, state));

    /// <summary>Networks (weights and optimiser), memory, sampling streams and the slots stored: all a resumed learner needs.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(stored);
        foreach (var network in networks)
        {
            network.WriteState(writer);
        }

        foreach (var sampler in samplers)
        {
            sampler.WriteState(writer);
        }

        memory.WriteState(writer);
    }

    private void ReadState(BinaryReader reader)
    {
        stored = reader.ReadInt64();
        foreach (var network in networks)
        {
            network.ReadState(reader);
        }

        foreach (var sampler in samplers)
        {
            sampler.ReadState(reader);
        }

        memory.ReadState(reader);
    }

    private void Propose(ProposeRows ask)
    {
        var logits = ImmutableArray.CreateBuilder<float[]>(networks.Length);
        foreach (var network in networks)
        {
            var values = new float[ask.Count * outputs];
            network.Logits(ask.Rows, ask.Count, values);
            logits.Add(values);
        }

        Sender.Tell(new Proposals(ask.Slot, ask.Cell, logits.MoveToImmutable()));
    }

    private void Learn(LearnSlot slot)
    {
        int width = outputs + MapPlan.RowFeatures;
        for (int i = 0; i < slot.Count; i++)
        {
            memory.Add(slot.Rows.AsSpan(i * width, width), slot.Labels.AsSpan(i * outputs, outputs));
        }

        stored++;
        double loss = double.NaN;
        // A slot stores a row per device: the warm-up counts rows (entries), the interval counts slots.
        if (memory.Count > 0 && memory.Count >= schedule.Warmup && stored % schedule.Interval == 0)
        {
            double total = 0;
            for (int k = 0; k < networks.Length; k++)
            {
                var (inputs, labels) = memory.Sample(batch, samplers[k]);
                total += networks[k].Train(inputs, labels, batch);
            }

            loss = total / networks.Length;
        }

        Sender.Tell(new Learned(slot.Slot, index, loss));
    }

    protected override void PostStop()
    {
        foreach (var network in networks)
        {
            network.Dispose();
        }
    }
}
