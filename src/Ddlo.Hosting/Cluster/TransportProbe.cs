using System.Diagnostics;
using Akka.Actor;
using MathNet.Numerics.Statistics;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// Times the transport between two nodes apart from any queue of work: every few milliseconds it asks an idle actor
/// on the other node (its worker host, which does nothing during a run) to identify itself, and records the round
/// trip. What such a round trip costs is serialization, the TCP transport both ways and the wait for a thread on each
/// node; none of it is waiting behind other slots' messages in a mailbox.
/// </summary>
public sealed class TransportProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<double> roundTrips = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> waiting = [];
    private readonly Task loop;

    private TransportProbe(ActorSystem system, ActorPath target, TimeSpan interval) =>
        loop = Task.Run(() => ProbeAsync(system, target, interval));

    /// <summary>Starts probing <paramref name="target"/> every <paramref name="interval"/> (zero: back to back) until disposed.</summary>
    public static TransportProbe Start(ActorSystem system, ActorPath target, TimeSpan interval) => new(system, target, interval);

    /// <summary>The median round trip so far, in µs (NaN before the first).</summary>
    public double MedianMicroseconds
    {
        get
        {
            lock (roundTrips)
            {
                return roundTrips.Count == 0 ? double.NaN : roundTrips.Median();
            }
        }
    }

    /// <summary>Round trips timed so far.</summary>
    public int Count
    {
        get
        {
            lock (roundTrips)
            {
                return roundTrips.Count;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> round trips have been timed.</summary>
    public Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (roundTrips)
        {
            if (roundTrips.Count >= count)
            {
                return Task.CompletedTask;
            }

            waiting.Add((count, reached));
        }

        return reached.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task ProbeAsync(ActorSystem system, ActorPath target, TimeSpan interval)
    {
        IActorRef host;
        try
        {
            host = await system.ActorSelection(target).ResolveOne(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ActorNotFoundException)
        {
            return;
        }

        long id = 0;
        while (!stop.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                await host.Ask<ActorIdentity>(new Identify(id++), TimeSpan.FromSeconds(2), stop.Token).ConfigureAwait(false);
                lock (roundTrips)
                {
                    roundTrips.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    foreach (var wait in waiting.Where(w => roundTrips.Count >= w.Count))
                    {
                        wait.Reached.TrySetResult();
                    }
                }

                if (interval > TimeSpan.Zero)
                {
                    await Task.Delay(interval, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (AskTimeoutException)
            {
                // A lost probe says nothing about the transport's usual cost; the next one goes out at once.
            }
        }
    }
}
