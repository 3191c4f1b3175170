using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Farm;

/// <summary>
/// On a node with the runs role (<c>/user/run-worker</c>): runs the simulations a <see cref="RunFarm"/> sends, each in
/// its own actor system as <c>simulate</c> would, up to one per core at once, and answers with each run's record or
/// a one-line reason it failed.
/// </summary>
internal sealed class RunWorker : ReceiveActor
{
    /// <summary>The actor name every runs node gives its worker.</summary>
    public const string Name = "run-worker";

    private readonly Dictionary<long, CancellationTokenSource> running = [];
    private readonly ILoggingAdapter log = Context.GetLogger();

    public RunWorker(int capacity)
    {
        var node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;
        var cores = Cores();
        // A record too large for one remoting frame would never arrive: such a run fails here, saying so.
        long frame = Context.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null) ?? long.MaxValue;
        Receive<JoinFarm>(_ => Sender.Tell(new FarmWorkerReady(capacity, cores)));
        Receive<FarmRun>(run =>
        {
            // The same run again (the farm lost this node and found it back) goes on where it is.
            if (running.ContainsKey(run.Id))
            {
                return;
            }

            var cancel = new CancellationTokenSource();
            running[run.Id] = cancel;
            log.Info("Run {Id} ({Source}) started on {Node}", run.Id, run.Source, node);
            var farm = Sender;
            RunAsync(run, node, frame, cancel.Token).PipeTo(Self, success: answer => new Finished(run.Id, farm, answer));
        });
        Receive<CancelFarmRun>(cancel =>
        {
            if (running.Remove(cancel.Id, out var source))
            {
                source.Cancel();
                source.Dispose();
            }
        });
        Receive<Finished>(finished =>
        {
            if (running.Remove(finished.Id, out var source))
            {
                source.Dispose();
            }

            // A cancelled run has no answer: the farm gave it up, or gave it to another node.
            if (finished.Answer is not null)
            {
                finished.Farm.Tell(finished.Answer);
            }
        });
    }

    public static Props Props(int capacity) => Akka.Actor.Props.Create(() => new RunWorker(capacity));

    /// <summary>The CPUs this process may run on (its affinity, as <c>taskset</c> sets it); empty where it cannot be read.</summary>
    private static ImmutableArray<int> Cores()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return [];
        }

        try
        {
            long mask = (long)System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity;
            return [.. Enumerable.Range(0, 64).Where(cpu => (mask & (1L << cpu)) != 0)];
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    protected override void PostStop()
    {
        foreach (var source in running.Values)
        {
            source.Cancel();
            source.Dispose();
        }
    }

    private static async Task<object?> RunAsync(FarmRun run, Address node, long frame, CancellationToken cancellationToken)
    {
        try
        {
            // Off the actor's thread: a run builds its own actor system and blocks a little doing so.
            var record = await Task.Run(
                () => SimulationRunner.RunAsync(Scenario.FromText(run.SettingsHocon, run.Source), cancellationToken),
                cancellationToken).ConfigureAwait(false);
            byte[] bytes = RunRecordFormat.ToBytes(record);
            return bytes.Length < frame - 1024
                ? new FarmRunDone(run.Id, [.. bytes])
                : new FarmRunFailed(run.Id, $"{node}: its record is {bytes.Length:N0} bytes, more than akka.remote.dot-netty.tcp.maximum-frame-size ({frame:N0}) carries; raise it on every node");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            return new FarmRunFailed(run.Id, $"{node}: {e.GetBaseException().Message.Split('\n')[0]}");
        }
    }

    /// <summary>A run ended: its answer for <paramref name="Farm"/>, or none when it was cancelled.</summary>
    private sealed record Finished(long Id, IActorRef Farm, object? Answer);
}
