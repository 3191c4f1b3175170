using System.Diagnostics;
using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// Times the K DNN actors working at once: sends message i to all of them, waits for all K answers (a candidate
/// to price, which a DNN sends to the solver its Decide names, this timer; or a training report), records the elapsed time, then sends message i + 1. The first <c>warmup</c> rounds are
/// not recorded. It starts on <see cref="Start"/>, which names the DNNs (they report training to this actor, so
/// they are created after it).
/// </summary>
internal sealed class FanOutTimer : ReceiveActor
{
    private IReadOnlyList<IActorRef> targets = [];
    private readonly Func<int, IActorRef, object> message;
    private readonly int warmup;
    private readonly double[] samples;
    private readonly TaskCompletionSource<double[]> done;
    private int sent;
    private int pending;
    private long startedAt;

    public FanOutTimer(Func<int, IActorRef, object> message, int warmup, int count, TaskCompletionSource<double[]> done)
    {
        this.message = message;
        this.warmup = warmup;
        this.done = done;
        samples = new double[count];
        Receive<Solve>(_ => Answered());
        Receive<Trained>(_ => Answered());
        Receive<Start>(start =>
        {
            targets = start.Targets;
            SendNext();
        });
    }

    public static Props Props(Func<int, IActorRef, object> message, int warmup, int count, TaskCompletionSource<double[]> done) =>
        Akka.Actor.Props.Create(() => new FanOutTimer(message, warmup, count, done));

    private void SendNext()
    {
        var next = message(sent++, Self);
        pending = targets.Count;
        startedAt = Stopwatch.GetTimestamp();
        foreach (var target in targets)
        {
            target.Tell(next);
        }
    }

    private void Answered()
    {
        if (--pending > 0)
        {
            return;
        }

        int index = sent - 1 - warmup;
        if (index >= 0)
        {
            samples[index] = Stopwatch.GetElapsedTime(startedAt).TotalMicroseconds;
        }

        if (index + 1 < samples.Length)
        {
            SendNext();
        }
        else
        {
            done.TrySetResult(samples);
            Context.Stop(Self);
        }
    }

    /// <summary>Start timing these actors.</summary>
    public sealed record Start(IReadOnlyList<IActorRef> Targets);
}
