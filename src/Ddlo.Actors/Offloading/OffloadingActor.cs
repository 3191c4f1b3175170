using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Learning.Candidates;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// Owns DNN k: proposes candidate decisions for each workload (its quantiser turns the network's logits into one or
/// more) and trains on the replay memory's batches. Each decision names the training rounds it is made after: one
/// that must follow a round not applied yet waits in the stash (and the decisions after it wait behind it, so they
/// are answered in the order they were asked); one whose round is older than the network's last is answered from the
/// weights kept for that round. So a slot gets the same answer whatever order the messages arrive in, and however
/// many slots are in flight. A training round that fails (an exception, or a loss that is no longer finite) restarts
/// the actor with the weights of its last good round, not fresh random ones.
/// </summary>
internal sealed class OffloadingActor : ReceiveActor, IWithStash
{
    private readonly DnnId id;
    private readonly NetworkOptions options;
    private readonly InputNormalizer normalizer;
    private readonly IActorRef recorder;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly LastGoodWeights lastGood;
    private readonly Quantiser quantiser;
    private readonly ReplayableRandom noise;
    private readonly TimeSpan maxPause;
    private readonly Random pauses;
    private OffloadingNetwork? network;
    private int stashed;

    public OffloadingActor(
        DnnId id, NetworkOptions options, InputNormalizer normalizer, IActorRef recorder, LastGoodWeights lastGood, Quantiser quantiser, TimeSpan maxPause)
    {
        this.maxPause = maxPause;
        pauses = new Random(id.Value);
        this.lastGood = lastGood;
        this.quantiser = quantiser;
        noise = new ReplayableRandom(Ddlo.Core.Seeds.Derive(options.Seed, Ddlo.Core.Seeds.NoiseStream, id.Value));
        this.id = id;
        this.options = options;
        this.normalizer = normalizer;
        this.recorder = recorder;
        Receive<Decide>(Handle);
        Receive<TrainingBatch>(Handle);
        Receive<FlushTraining>(flush => flush.ReplyTo.Tell(new Flushed(id, [.. network!.SaveToBytes()])));
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Dnn, id.Value, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Dnn, id.Value, ReadState)));
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>Props of DNN <paramref name="id"/>, reporting losses to <paramref name="recorder"/>.</summary>
    /// <param name="id">k.</param>
    /// <param name="options">Shape, optimiser and seed of the network.</param>
    /// <param name="normalizer">Maps task sizes to network inputs.</param>
    /// <param name="recorder">Receives the losses and restarts.</param>
    /// <param name="quantiser">Turns the network's logits into candidates.</param>
    /// <param name="pastRounds">Rounds whose weights it keeps for slots decided after an earlier round than its last (<see cref="WeightHistory.DepthFor"/>).</param>
    /// <param name="maxPause">An injected fault (<c>ddlo.run.faults</c>): the longest random pause before each answer; zero for none.</param>
    public static Props Props(
        DnnId id, NetworkOptions options, InputNormalizer normalizer, IActorRef recorder, Quantiser quantiser = Quantiser.Threshold, int pastRounds = 0,
        TimeSpan maxPause = default)
    {
        var lastGood = new LastGoodWeights(pastRounds);
        return Akka.Actor.Props.Create(() => new OffloadingActor(id, options, normalizer, recorder, lastGood, quantiser, maxPause));
    }

    protected override void PreStart()
    {
        network = new OffloadingNetwork(options, normalizer);
        if (lastGood.Weights is { } weights)
        {
            network.Restore(weights);
        }

        // The weights this incarnation starts with are those of the rounds it has accounted for: round 0's at first,
        // and after a failed round (counted as done) the last good ones, which every slot naming that round then gets.
        if (lastGood.History.At(lastGood.Rounds) is null)
        {
            lastGood.History.Record(lastGood.Rounds, network);
        }
    }

    protected override void PostStop()
    {
        network?.Dispose();
        lastGood.Weights?.Dispose();
        lastGood.History.Dispose();
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Keep the last good weights for the next incarnation: release only the network (PostStop would drop both).
        network?.Dispose();
        network = null;
    }

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        // One line on the console: the reason, not libtorch's native stack. The whole exception goes to the run's log
        // file (information level), for a report upstream.
        log.Warning("DNN {Dnn} restarted with its last good weights after a failed training round: {Reason}", id.Value, reason.GetBaseException().Message.Split('\n')[0]);
        log.Info("DNN {Dnn} failure in full: {Failure}", id.Value, reason.ToString());
        recorder.Tell(new DnnRestarted(id, reason.Message));
    }

    private void Handle(Decide decide)
    {
        if (stashed > 0 || lastGood.Rounds < decide.TrainingRounds)
        {
            Stash.Stash();
            stashed++;
            return;
        }

        if (maxPause > TimeSpan.Zero)
        {
            // The injected fault: a slow or busy node. It must change when the answer comes, never what it is.
            Thread.Sleep(maxPause * pauses.NextDouble());
        }

        var logits = new float[decide.Workload.TaskCount];
        if (decide.TrainingRounds < lastGood.Rounds)
        {
            if (lastGood.History.At(decide.TrainingRounds) is not { } past)
            {
                // Only a slot already decided without this network (at its deadline) names a round no longer kept. Any
                // other weights would answer it by the timing, so it is declined: degraded, not silently different.
                log.Warning("DNN {Dnn} declines slot {Slot}: the weights of training round {Round} are no longer kept", id.Value, decide.Slot.Value, decide.TrainingRounds);
                Sender.Tell(new Declined(decide.Slot, id, $"the weights of training round {decide.TrainingRounds} are no longer kept"));
                return;
            }

            network!.Logits(decide.Workload.NetworkInputs.AsSpan(), logits, past);
        }
        else
        {
            network!.Logits(decide.Workload.NetworkInputs.AsSpan(), logits);
        }

        var candidates = CandidateQuantiser.Generate(logits, quantiser, decide.Candidates, noise);
        // The array is fresh and handed over: wrap it instead of copying it. The solver answers the edge server.
        decide.Solver.Tell(new Solve(decide.Slot, id, decide.Workload, ImmutableCollectionsMarshal.AsImmutableArray(candidates)), Sender);
    }

    /// <summary>
    /// A checkpoint's part: the training rounds applied so far, the weights and the Adam state, the quantiser's noise
    /// stream, and the weights of the past rounds the next slots may be decided with.
    /// </summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(lastGood.Rounds);
        network!.WriteState(writer);
        noise.WriteState(writer);
        lastGood.History.WriteState(writer);
    }

    private void ReadState(BinaryReader reader)
    {
        long rounds = reader.ReadInt64();
        network!.ReadState(reader);
        noise.ReadState(reader);
        lastGood.History.ReadState(reader, network);
        lastGood.Rounds = rounds;
        lastGood.Weights = network.Snapshot(lastGood.Weights);
    }

    private void Handle(TrainingBatch batch)
    {
        // The round counts as done even if it fails: decisions waiting for it must not wait forever.
        lastGood.Rounds = Math.Max(lastGood.Rounds, batch.Round);
        long retried = network!.RetriedRounds;
        double loss = network.Train(batch.Sizes.AsSpan(), batch.Labels.AsSpan(), batch.Rows);
        if (network.RetriedRounds > retried)
        {
            log.Warning("DNN {Dnn}: libtorch failed training round {Round} once; it was taken again from the state before it", id.Value, batch.Round);
        }

        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException($"DNN {id.Value} got a non-finite loss ({loss}) in training round {batch.Round}.");
        }

        lastGood.Weights = network.Snapshot(lastGood.Weights);
        lastGood.History.Record(batch.Round, network);
        recorder.Tell(new Trained(id, batch.Round, batch.AfterSlot, loss));
        stashed = 0;
        Stash.UnstashAll();
    }
}
