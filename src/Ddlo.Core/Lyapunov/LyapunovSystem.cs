using System.Collections.Immutable;
using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's online system over time, without actors: N devices, each with its own Rician channel stream and its own
/// <see cref="DeviceQueues"/> (data queue Q, virtual energy queue Y, arrivals), and a chooser of each frame's mode
/// priced by the exact critic. The reference loop the actors' run is checked against: the same per-device streams
/// (<see cref="Seeds.DeviceStream"/> for the channel, <see cref="Seeds.ArrivalStream"/> for the arrivals) give the same
/// frames.
/// </summary>
public sealed class LyapunovSystem
{
    private readonly double[] weights;
    private readonly DeviceQueues[] devices;
    private readonly RicianChannelSource[] channels;

    /// <param name="settings">V, nu, the energy budget, the weights, the distances and the line-of-sight share.</param>
    /// <param name="arrivals">One arrival process per device.</param>
    /// <param name="runSeed">Seeds each device's channel stream, as a run's device actors are seeded.</param>
    public LyapunovSystem(LyapunovSettings settings, IReadOnlyList<IArrivalProcess> arrivals, int runSeed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arrivals);
        int n = settings.Weights.Length;
        if (arrivals.Count != n)
        {
            throw new ArgumentException($"{n} devices need as many arrival processes, got {arrivals.Count}.", nameof(arrivals));
        }

        Settings = settings;
        Critic = new LyapunovCritic(settings.Parameters);
        weights = [.. settings.Weights];
        devices = [.. arrivals.Select(a => new DeviceQueues(a, settings.Nu, settings.EnergyBudget))];
        channels = [.. Enumerable.Range(0, n).Select(i => new RicianChannelSource(settings, i, new ReplayableRandom(Seeds.Derive(runSeed, Seeds.DeviceStream, i))))];
    }

    public LyapunovSettings Settings { get; }

    public LyapunovCritic Critic { get; }

    public int Devices => weights.Length;

    /// <summary>Q_i, Mbit, at the start of the next frame.</summary>
    public ImmutableArray<double> DataQueues => [.. devices.Select(d => d.Data)];

    /// <summary>Y_i at the start of the next frame.</summary>
    public ImmutableArray<double> EnergyQueues => [.. devices.Select(d => d.Energy)];

    /// <summary>One frame's channel gains, one draw from each device's stream.</summary>
    public double[] DrawGains() => [.. channels.Select(c => c.TasksFor(0)[0])];

    /// <summary>
    /// Decides frame <paramref name="frame"/>: draws its gains and arrivals, lets <paramref name="choose"/> pick a mode
    /// for the gains and the current queues, applies the critic's allocation and updates both queues.
    /// </summary>
    public LyapunovFrame Step(long frame, Func<double[], ImmutableArray<double>, ImmutableArray<double>, bool[]> choose)
    {
        ArgumentNullException.ThrowIfNull(choose);
        double[] gains = DrawGains();
        var q = DataQueues;
        var y = EnergyQueues;
        foreach (var device in devices)
        {
            device.Open(frame);
        }

        bool[] mode = choose(gains, q, y);
        var allocation = Critic.Solve(gains, q.AsSpan(), y.AsSpan(), weights, Settings.V, mode);
        var arrived = devices.Select(d => d.Arriving).ToImmutableArray();
        for (int i = 0; i < Devices; i++)
        {
            devices[i].Close(allocation.Bits[i], allocation.Energy[i]);
        }

        return new LyapunovFrame(frame, q, y, [.. mode], allocation, arrived) { Waited = [.. devices.Select(d => d.LastWait)] };
    }

    /// <summary>The best mode by the critic: all 2^N (exhaustive, N &lt;= 20) or coordinate descent from all-local.</summary>
    public bool[] BestMode(double[] gains, ImmutableArray<double> data, ImmutableArray<double> energy, bool exhaustive) =>
        LydrooModel.BestMode(Critic, weights, Settings.V, gains, data.AsSpan(), energy.AsSpan(), exhaustive);
}
