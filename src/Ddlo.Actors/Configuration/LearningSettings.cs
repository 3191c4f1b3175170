using System.Collections.Immutable;
using Ddlo.Learning.Candidates;
using Ddlo.Learning.Memory;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Configuration;

/// <summary>The DNNs, their candidates, their training and the replay memory (<c>ddlo.learning</c>).</summary>
public sealed record LearningSettings(
    int DnnCount,
    ImmutableArray<int> HiddenLayers,
    double LearningRate,
    double AdamBeta1,
    double InputScale,
    int BatchSize,
    int MemorySize,
    int TrainingInterval,
    int Warmup)
{
    /// <summary>The paper's full network, or one network shared by every device (<c>architecture</c>).</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Full;

    /// <summary>How each network's output becomes candidates (<c>quantiser</c>).</summary>
    public Quantiser Quantiser { get; init; } = Quantiser.Threshold;

    /// <summary>Candidates each network proposes per slot, at most (<c>candidates-per-dnn</c>).</summary>
    public int CandidatesPerDnn { get; init; } = 1;

    /// <summary>DROO's adaptive candidate count (<c>adaptive-candidates</c>).</summary>
    public bool AdaptiveCandidates { get; init; }

    /// <summary>Slots between two updates of the adaptive count (<c>adaptive-interval</c>).</summary>
    public int AdaptiveInterval { get; init; } = 32;

    /// <summary>Rounds of device search around each slot's best candidate (<c>device-search-rounds</c>; 0: none).</summary>
    public int DeviceSearchRounds { get; init; }

    /// <summary>
    /// Whether the device search teaches instead of deciding (<c>device-search-role = teach</c>): the networks' best
    /// candidate decides the slot at once, and the search's decision, found afterwards, is what the replay memory keeps.
    /// </summary>
    public bool SearchTeaches { get; init; }

    /// <summary>
    /// Slots by which the networks deciding a slot may lag behind the decided slots (<c>staleness</c>): slot t is
    /// decided by the networks trained on every round the slots up to t - 1 - staleness started, whatever the timing.
    /// </summary>
    public int Staleness { get; init; }

    public TrainingSchedule Schedule => new(TrainingInterval, Warmup);

    /// <summary>The architecture's name in HOCON (full | per-device).</summary>
    public string ArchitectureName => Architectures.First(pair => pair.Value == Architecture).Key;

    /// <summary>The quantiser's name in HOCON.</summary>
    public string QuantiserName => Quantisers.First(pair => pair.Value == Quantiser).Key;

    /// <summary>The learner's design in one phrase for tables, e.g. "per-device, order-preserving x5, search 3".</summary>
    public string Design
    {
        get
        {
            string candidates = Quantiser == Quantiser.Threshold ? "threshold" : $"{QuantiserName} x{CandidatesPerDnn}{(AdaptiveCandidates ? " adaptive" : string.Empty)}";
            string search = DeviceSearchRounds == 0 ? string.Empty
                : SearchTeaches ? $", taught by search {DeviceSearchRounds}" : $", search {DeviceSearchRounds}";
            return $"{ArchitectureName}, {candidates}{search}";
        }
    }

    /// <summary>Adam's L2 weight decay (<c>weight-decay</c>).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Whether Adam's moments restart every training round (<c>optimizer-state = per-round</c>).</summary>
    public bool FreshOptimizerEveryRound { get; init; }

    /// <summary>How the networks' first weights are drawn (<c>initialisation</c>).</summary>
    public Ddlo.Learning.Networks.Initialisation Initialisation { get; init; }

    public NetworkOptions NetworkOptions(int inputs, int tasksPerDevice, int seed) =>
        new(inputs, HiddenLayers, LearningRate, seed, AdamBeta1, Architecture, tasksPerDevice)
        {
            WeightDecay = WeightDecay,
            FreshOptimizerEveryRound = FreshOptimizerEveryRound,
            Initialisation = Initialisation,
        };

    /// <summary>The most slots a decision may lag: each network keeps a copy of its weights per round it may be asked for.</summary>
    internal const int MaxStaleness = 1024;

    private static readonly Dictionary<string, bool> SearchRoles = new() { ["decide"] = false, ["teach"] = true };

    private static readonly Dictionary<string, bool> OptimizerStates = new() { ["persistent"] = false, ["per-round"] = true };

    private static readonly Dictionary<string, Ddlo.Learning.Networks.Initialisation> Initialisations = new()
    {
        ["ddlo"] = Ddlo.Learning.Networks.Initialisation.Ddlo,
        ["pytorch"] = Ddlo.Learning.Networks.Initialisation.PyTorch,
    };

    private static readonly Dictionary<string, NetworkArchitecture> Architectures = new()
    {
        ["full"] = NetworkArchitecture.Full,
        ["per-device"] = NetworkArchitecture.PerDevice,
    };

    private static readonly Dictionary<string, Quantiser> Quantisers = new()
    {
        ["threshold"] = Quantiser.Threshold,
        ["order-preserving"] = Quantiser.OrderPreserving,
        ["noisy-order-preserving"] = Quantiser.NoisyOrderPreserving,
    };

    internal static LearningSettings Read(ConfigReader config)
    {
        const string at = "ddlo.learning.";
        int searchRounds = config.Int(at + "device-search-rounds", 0, 1000);
        bool searchTeaches = config.Choice(at + "device-search-role", SearchRoles);
        if (searchTeaches && searchRounds == 0)
        {
            throw config.Error(at + "device-search-role", "'teach' needs a search to teach with; set ddlo.learning.device-search-rounds above 0.");
        }

        return new LearningSettings(
            config.Int(at + "dnn-count", 1, 1024),
            config.IntList(at + "hidden-layers", 1),
            config.Double(at + "learning-rate", 0, minExclusive: true),
            config.Double(at + "adam-beta1", 0),
            config.Double(at + "input-scale", 0, minExclusive: true),
            config.Int(at + "batch-size", 1),
            config.Int(at + "memory-size", 1),
            config.Int(at + "training-interval", 1),
            config.Int(at + "warmup", 0))
        {
            Architecture = config.Choice(at + "architecture", Architectures),
            Quantiser = config.Choice(at + "quantiser", Quantisers),
            CandidatesPerDnn = config.Int(at + "candidates-per-dnn", 1, 4096),
            AdaptiveCandidates = config.Switch(at + "adaptive-candidates"),
            AdaptiveInterval = config.Int(at + "adaptive-interval", 1),
            DeviceSearchRounds = searchRounds,
            SearchTeaches = searchTeaches,
            Staleness = config.Int(at + "staleness", 0, MaxStaleness),
            WeightDecay = config.Double(at + "weight-decay", 0),
            FreshOptimizerEveryRound = config.Choice(at + "optimizer-state", OptimizerStates),
            Initialisation = config.Choice(at + "initialisation", Initialisations),
        };
    }
}
