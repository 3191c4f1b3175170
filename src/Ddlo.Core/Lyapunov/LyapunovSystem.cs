using System.Collections.Immutable;
using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's online system over time, without actors: N devices with data queues Q and virtual energy queues Y,
/// Rician channels around path-loss means, arrivals per frame, and a chooser of each frame's mode priced by the exact
/// critic. The reference loop that the actors' version is checked against, and the home of the queue dynamics
/// Q(t+1) = max(Q + A - r, 0), Y(t+1) = max(Y + nu (e - budget), 0).
/// </summary>
public sealed class LyapunovSystem
{
    private readonly double[] meanGains;
    private readonly double[] weights;
    private readonly double[] queues;
    private readonly double[] energyQueues;
    private readonly IArrivalProcess[] arrivals;
    private readonly Random channel;

    /// <param name="settings">V, nu, the energy budget, the weights, the distances and the line-of-sight share.</param>
    /// <param name="arrivals">One arrival process per device.</param>
    /// <param name="channelSeed">Seeds the fading.</param>
    public LyapunovSystem(LyapunovSettings settings, IReadOnlyList<IArrivalProcess> arrivals, int channelSeed)
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
        meanGains = [.. Enumerable.Range(0, n).Select(settings.MeanGain)];
        weights = [.. settings.Weights];
        queues = new double[n];
        energyQueues = new double[n];
        this.arrivals = [.. arrivals];
        channel = new ReplayableRandom(channelSeed);
    }

    public LyapunovSettings Settings { get; }

    public LyapunovCritic Critic { get; }

    public int Devices => weights.Length;

    /// <summary>Q_i, Mbit.</summary>
    public ReadOnlySpan<double> DataQueues => queues;

    /// <summary>Y_i.</summary>
    public ReadOnlySpan<double> EnergyQueues => energyQueues;

    /// <summary>One frame's channel gains: Rician fading around each device's path-loss mean.</summary>
    public double[] DrawGains()
    {
        var gains = new double[Devices];
        double los = Settings.LineOfSight;
        for (int i = 0; i < gains.Length; i++)
        {
            double direct = Math.Sqrt(meanGains[i] * los);
            double scatter = Math.Sqrt(meanGains[i] * (1 - los) / 2);
            double x = (scatter * Normal(channel)) + direct;
            double y = scatter * Normal(channel);
            gains[i] = Math.Max((x * x) + (y * y), double.Epsilon);
        }

        return gains;
    }

    /// <summary>
    /// Decides frame <paramref name="frame"/>: draws its gains, lets <paramref name="choose"/> pick a mode for them and
    /// the current queues, applies the critic's allocation, then the arrivals, and updates both queues.
    /// </summary>
    public LyapunovFrame Step(long frame, Func<double[], ImmutableArray<double>, ImmutableArray<double>, bool[]> choose)
    {
        ArgumentNullException.ThrowIfNull(choose);
        double[] gains = DrawGains();
        var q = ImmutableArray.Create(queues);
        var y = ImmutableArray.Create(energyQueues);
        bool[] mode = choose(gains, q, y);
        var allocation = Critic.Solve(gains, queues, energyQueues, weights, Settings.V, mode);
        var arrived = new double[Devices];
        for (int i = 0; i < Devices; i++)
        {
            arrived[i] = arrivals[i].BitsFor(frame);
            queues[i] = Math.Max(queues[i] + arrived[i] - allocation.Bits[i], 0);
            energyQueues[i] = Math.Max(energyQueues[i] + (Settings.Nu * (allocation.Energy[i] - Settings.EnergyBudget)), 0);
        }

        return new LyapunovFrame(frame, q, y, [.. mode], allocation, [.. arrived]);
    }

    /// <summary>The best mode by the critic: all 2^N (exhaustive, N &lt;= 20) or coordinate descent from all-local.</summary>
    public bool[] BestMode(double[] gains, ImmutableArray<double> data, ImmutableArray<double> energy, bool exhaustive)
    {
        ArgumentNullException.ThrowIfNull(gains);
        int n = gains.Length;
        if (exhaustive && n > 20)
        {
            throw new ArgumentException($"Enumerating every mode is limited to N <= 20, got {n}.", nameof(gains));
        }

        LyapunovAllocation Price(bool[] mode) => Critic.Solve(gains, data.AsSpan(), energy.AsSpan(), weights, Settings.V, mode);
        var found = exhaustive
            ? Search.ModeSearch.Exhaustive(n, Price, a => a.Objective)
            : Search.ModeSearch.CoordinateDescent(new bool[n], Price, a => a.Objective);
        return found.Mode;
    }

    /// <summary>A standard normal draw by Box-Muller from two of the stream's uniforms (replayable: two draws each).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>One decided frame: the queues it started with, the mode, the critic's allocation and what then arrived.</summary>
public sealed record LyapunovFrame(long Frame, ImmutableArray<double> DataQueues, ImmutableArray<double> EnergyQueues, ImmutableArray<bool> Mode, LyapunovAllocation Allocation, ImmutableArray<double> Arrived);

/// <summary>
/// LyDROO's system settings (defaults are the authors'): the critic's constants, the penalty weight V, nu (how fast the
/// virtual energy queue grows per J spent over budget) and the per-frame energy budget (J), the weights, and the
/// channel: devices evenly spaced from the nearest to the farthest distance, path-loss mean A_d (c / (4 pi f_c d))^d_e,
/// Rician with a line-of-sight share.
/// </summary>
public sealed record LyapunovSettings(
    LyapunovParameters Parameters,
    ImmutableArray<double> Weights,
    double V = 20,
    double Nu = 1000,
    double EnergyBudget = 0.08,
    double AntennaGain = 3,
    double CarrierHz = 915e6,
    double PathLossExponent = 3,
    double NearestM = 120,
    double FarthestM = 255,
    double LineOfSight = 0.3)
{
    /// <summary>The authors' system for <paramref name="devices"/> devices (weights 1.5 for even devices, 1 for odd).</summary>
    public static LyapunovSettings Paper(int devices) =>
        new(LyapunovParameters.Paper, [.. Enumerable.Range(0, devices).Select(i => i % 2 == 0 ? 1.5 : 1.0)]);

    /// <summary>Device <paramref name="device"/>'s path-loss mean gain.</summary>
    public double MeanGain(int device)
    {
        int n = Weights.Length;
        double distance = n == 1 ? NearestM : NearestM + ((FarthestM - NearestM) * device / (n - 1));
        return AntennaGain * Math.Pow(3e8 / (4 * Math.PI * CarrierHz * distance), PathLossExponent);
    }
}
