using System.Collections.Immutable;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Core;
using Ddlo.Core.Cells;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.World;

/// <summary>
/// A map run's parts as its settings make them: the cells, each device of the map (its start, walk, streams and class),
/// each cell's pricing and the learner's networks with the rows they read. One place builds them, so the actors, the
/// tests' loops without actors and the benchmarks build the same.
/// </summary>
public sealed class MapPlan
{
    /// <summary>Values a device's row carries after its M task sizes (<see cref="Rows"/>).</summary>
    public const int RowFeatures = 4 + CellPricing.ContextFeatures;

    private readonly MumtSettings mumt;
    private readonly InputNormalizer sizes;

    public MapPlan(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        mumt = settings.System.Configured as MumtSettings is { Topology: not null } m
            ? m
            : throw new ArgumentException("A map run needs an MUMT system with ddlo.topology set.", nameof(settings));
        Topology = mumt.Topology!;
        Area = mumt.Mobility!;
        sizes = new InputNormalizer(settings.Workload.MinMb, settings.Workload.MaxMb, settings.Learning.InputScale);
    }

    public DdloSettings Settings { get; }

    public Topology Topology { get; }

    /// <summary>How the devices move, and the map's square (<see cref="MobilitySettings.HalfSideM"/>).</summary>
    public MobilitySettings Area { get; }

    /// <summary>Devices on the whole map.</summary>
    public int Devices => Settings.System.Devices;

    /// <summary>Learners: one every cell shares (or its copies), or one per cell (<c>ddlo.topology.learners</c>, <c>learner-copies</c>).</summary>
    public int Learners => mumt.PerCellLearners ? Topology.Count : mumt.LearnerCopies;

    /// <summary>The learner that serves cell <paramref name="cell"/>.</summary>
    public int LearnerOf(int cell) => mumt.PerCellLearners ? cell : cell % mumt.LearnerCopies;

    /// <summary>The cells learner <paramref name="learner"/> serves, in cell order.</summary>
    public ImmutableArray<int> CellsOf(int learner) => [.. Enumerable.Range(0, Topology.Count).Where(c => LearnerOf(c) == learner)];

    /// <summary>Whether the learners are copies of one shared learner, whose weights are averaged (<see cref="AveragingSlots"/>).</summary>
    public bool CopiedLearner => !mumt.PerCellLearners && mumt.LearnerCopies > 1;

    /// <summary>Copies: the slots between two averagings of their weights (averaging-rounds training rounds); 0 without copies.</summary>
    public long AveragingSlots => CopiedLearner ? (long)mumt.AveragingRounds * Settings.Learning.Schedule.Interval : 0;

    /// <summary>
    /// The first network seed of learner <paramref name="learner"/> (its K networks take the next K): a cell's own
    /// learner has its own networks, while copies of the shared learner all start from the shared learner's.
    /// </summary>
    public int FirstNetwork(int learner) => mumt.PerCellLearners ? learner * Settings.Learning.DnnCount : 0;

    /// <summary>M.</summary>
    public int TasksPerDevice => mumt.TasksPerDevice;

    /// <summary>The system's model, which prices the tasks of a device no cell serves (it computes them all).</summary>
    public MecModel SystemModel => mumt.CreateModel();

    /// <summary>Device <paramref name="device"/>: placed uniformly over the map (or where its trace starts), moving from there.</summary>
    public WorldDevice CreateDevice(int device)
    {
        int seed = Settings.Run.Seed;
        var walk = new ReplayableRandom(Seeds.Derive(seed, Seeds.MobilityStream, device));
        double h = Area.HalfSideM;
        IMobility? mobility;
        Position start;
        if (Area.Model == MobilityModel.Trace)
        {
            mobility = new TraceMobility(mumt.MobilityTrace!, device);
            start = mumt.MobilityTrace!.At(device, 0);
        }
        else
        {
            start = new Position(((2 * walk.NextDouble()) - 1) * h, ((2 * walk.NextDouble()) - 1) * h);
            mobility = Area.Model switch
            {
                MobilityModel.RandomWaypoint => new RandomWaypoint(Area, start, walk),
                MobilityModel.GaussMarkov => new GaussMarkov(Area, start, walk),
                _ => null,
            };
        }

        var traits = mumt.ClassOf(device, Devices)?.Traits(mumt.Parameters) ?? DeviceTraits.Paper;
        var tasks = mumt.CreateTaskSource(device, new ReplayableRandom(Seeds.Derive(seed, Seeds.DeviceStream, device)), Settings);
        return new WorldDevice(device, Topology, mumt.Channel, start, mobility, new ReplayableRandom(Seeds.Derive(seed, Seeds.ChannelStream, device)), tasks, traits);
    }

    /// <summary>Cell <paramref name="cell"/>'s model and solvers.</summary>
    public CellPricing CreatePricing(int cell) => new(Topology.Cells[cell], mumt.Parameters, mumt.BandwidthPolicy);

    /// <summary>The shape of the learner's networks: one device's row in (its M sizes and <see cref="RowFeatures"/>), its M logits out.</summary>
    public NetworkOptions NetworkOptions(int k) =>
        Settings.Learning.NetworkOptions(TasksPerDevice, TasksPerDevice, Seeds.Derive(Settings.Run.Seed, Seeds.DnnStream, k))
            with { Architecture = NetworkArchitecture.Full, ContextInputs = RowFeatures, Numerics = Settings.Run.Numerics };

    /// <summary>Sizes mapped from the workload range onto [-input-scale, +input-scale]; the row's features come scaled already.</summary>
    public InputNormalizer CreateNormalizer() => sizes.WithContext(TasksPerDevice, RowFeatures, 1);

    /// <summary>
    /// The network's input for each device of a cell's slot, one row after another: its M sizes (MB), then the cell's
    /// mean size (normalised as the sizes are), its devices over the map's mean per cell, its uplink over the system's,
    /// the device's rate scale and class factors, and log2 of the device's fair share of the uplink (its rate scale times
    /// the cell's C over its devices, against the system's C over the map's mean devices per cell), each of these times
    /// input-scale. The share is the product the split and the greedy baseline turn on, which a small ReLU network
    /// would otherwise have to learn from its factors.
    /// </summary>
    public double[] Rows(IReadOnlyList<DeviceSlot> devices, CellSite cell)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(cell);
        int m = TasksPerDevice;
        int width = m + RowFeatures;
        double scale = Settings.Learning.InputScale;
        double sum = 0;
        foreach (var device in devices)
        {
            foreach (double size in device.Sizes)
            {
                sum += size;
            }
        }

        double mean = devices.Count == 0 ? sizes.Centre : sum / (devices.Count * m);
        double load = scale * devices.Count * Topology.Count / Devices;
        double uplink = scale * cell.UplinkMbps / mumt.UplinkMbps;
        double fair = cell.UplinkMbps / Math.Max(1, devices.Count) / (mumt.UplinkMbps * Topology.Count / Devices);
        var rows = new double[devices.Count * width];
        for (int i = 0; i < devices.Count; i++)
        {
            var row = rows.AsSpan(i * width, width);
            var device = devices[i];
            device.Sizes.AsSpan().CopyTo(row);
            row[m] = (mean - sizes.Centre) * sizes.Factor;
            row[m + 1] = load;
            row[m + 2] = uplink;
            row[m + 3] = scale * device.Traits.RateScale;
            row[m + 4] = scale * device.Traits.LocalTime;
            row[m + 5] = scale * device.Traits.LocalEnergy;
            row[m + 6] = scale * device.Traits.TransmitEnergy;
            row[m + 7] = scale * Math.Clamp(Math.Log2(device.Traits.RateScale * fair), -16, 16);
        }

        return rows;
    }
}
