using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Messages;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// Owns DNN k: proposes a decision for each workload and trains on the replay memory's batches. A decision that
/// must follow a training round it has not applied yet waits in the stash, so the sequential loop is reproduced
/// exactly whatever order the two messages arrive in.
/// </summary>
public sealed class OffloadingActor : ReceiveActor, IWithStash
{
    private readonly DnnId id;
    private readonly NetworkOptions options;
    private readonly InputNormalizer normalizer;
    private readonly IActorRef recorder;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private OffloadingNetwork? network;
    private long roundsApplied;

    public OffloadingActor(DnnId id, NetworkOptions options, InputNormalizer normalizer, IActorRef recorder, long startRound = 0)
    {
        roundsApplied = startRound;
        this.id = id;
        this.options = options;
        this.normalizer = normalizer;
        this.recorder = recorder;
        Receive<Decide>(Handle);
        Receive<TrainingBatch>(Handle);
        Receive<FlushTraining>(flush => flush.ReplyTo.Tell(new Flushed(id)));
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(DnnId id, NetworkOptions options, InputNormalizer normalizer, IActorRef recorder, long startRound = 0) =>
        Akka.Actor.Props.Create(() => new OffloadingActor(id, options, normalizer, recorder, startRound));

    protected override void PreStart() => network = new OffloadingNetwork(options, normalizer);

    protected override void PostStop() => network?.Dispose();

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        log.Warning(reason, "DNN {Dnn} restarted after a failure", id.Value);
        recorder.Tell(new DnnRestarted(id, reason.Message));
    }

    private void Handle(Decide decide)
    {
        if (roundsApplied < decide.TrainingRounds)
        {
            Stash.Stash();
            return;
        }

        var decision = new bool[decide.Sizes.Length];
        network!.Decide(decide.Sizes.AsSpan(), decision);
        Sender.Tell(new Candidate(decide.Slot, id, ImmutableArray.Create(decision)));
    }

    private void Handle(TrainingBatch batch)
    {
        double loss = network!.Train(batch.Sizes.AsSpan(), batch.Labels.AsSpan(), batch.Rows);
        roundsApplied = Math.Max(roundsApplied, batch.Round);
        recorder.Tell(new Trained(id, batch.Round, batch.AfterSlot, loss));
        if (!double.IsFinite(loss))
        {
            log.Warning("DNN {Dnn} got a non-finite loss in round {Round}", id.Value, batch.Round);
        }

        Stash.UnstashAll();
    }
}
