using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// Times the K DNN actors of a run's settings working at once, in an ActorSystem of their own: each sample
/// is the time from sending one message to all K until all K have answered (Fig. 14–16's parallel curves).
/// </summary>
public static class DnnFanOut
{
    /// <summary>Microseconds per decision: K forward passes on the same workload, at once.</summary>
    public static Task<double[]> TimeDecisionsAsync(DdloSettings settings, Func<Workload> workloads, int count, int warmup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        return TimeAsync(settings, (i, timer) => new Decide(new SlotId(i), workloads(), 0, timer), count, warmup, cancellationToken);
    }

    /// <summary>Microseconds per training round: K Adam steps, each on a batch of <c>Rows</c> rows, at once.</summary>
    public static Task<double[]> TimeTrainingAsync(
        DdloSettings settings, Func<(float[] Sizes, float[] Labels, int Rows)> batches, int count, int warmup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return TimeAsync(
            settings,
            (i, _) =>
            {
                var (sizes, labels, rows) = batches();
                return new TrainingBatch(i + 1, new SlotId(i), rows, [.. sizes], [.. labels]);
            },
            count,
            warmup,
            cancellationToken);
    }

    private static async Task<double[]> TimeAsync(DdloSettings settings, Func<int, IActorRef, object> message, int count, int warmup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var system = ActorSystem.Create("ddlo-timing", DdloAkka.Defaults);
        try
        {
            var done = new TaskCompletionSource<double[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            // The DNNs report their training rounds to the timer, and send their candidates to the solver a Decide
            // names, the timer too: so it comes first, and starts once they exist.
            var timer = system.ActorOf(FanOutTimer.Props(message, warmup, count, done), "timer");
            var normalizer = settings.CreateNormalizer();
            var actors = Enumerable.Range(0, settings.Learning.DnnCount)
                .Select(k => system.ActorOf(OffloadingActor.Props(new DnnId(k), settings.NetworkOptions(k), normalizer, timer), $"dnn-{k}"))
                .ToList();
            timer.Tell(new FanOutTimer.Start(actors));
            await using var cancel = cancellationToken.Register(() => done.TrySetCanceled()).ConfigureAwait(false);
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
