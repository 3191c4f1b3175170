namespace Ddlo.Actors.Configuration;

/// <summary>How one run proceeds (<c>ddlo.run</c>).</summary>
public sealed record RunSettings(
    long Steps,
    int Seed,
    string Policy,
    int MaxInFlight,
    ScoringMode Scoring,
    TimeSpan CandidateDeadline,
    int SolverPoolSize,
    int RollingWindow,
    long CheckpointInterval,
    int MaxDnnRestarts,
    double LearnerGroupSendAt)
{
    /// <summary>The learned policy; every other name is a baseline of <see cref="Ddlo.Core.Policies.BaselinePolicies"/>.</summary>
    public const string LearnedPolicy = "ddlo";

    /// <summary>Frozen ONNX networks (<c>ddlo.onnx.models</c>), one proposer each.</summary>
    public const string OnnxPolicy = "onnx";

    /// <summary>A policy served by another process over gRPC (<c>ddlo.remote-policy.address</c>), named as it names itself.</summary>
    public const string RemotePolicy = "remote";

    /// <summary>Every built-in policy, whichever system model offers it: the learner, each model's baselines, onnx, remote.</summary>
    public static IReadOnlyList<string> BuiltInPolicies { get; } =
        [.. new[] { LearnedPolicy }.Concat(Ddlo.Core.Policies.BaselinePolicies.Names).Concat(Ddlo.Core.Search.ModeSearchBaselines.Names).Append(OnnxPolicy).Append(RemotePolicy).Distinct()];

    /// <summary>How long a learner node's group gathers a slot's candidates before it sends those it has.</summary>
    public TimeSpan LearnerGroupDeadline => CandidateDeadline * LearnerGroupSendAt;

    /// <summary>Whether the K DNNs decide (otherwise a baseline or a plug-in policy does, with no training).</summary>
    public bool Learns => Policy == LearnedPolicy;

    /// <summary>Whether a policy served by another process decides (<see cref="RemotePolicy"/>).</summary>
    public bool IsRemote => Policy == RemotePolicy;

    /// <summary>Whether the proposers run code that is not the simulator's (a plug-in or a remote policy): each call off its actor, under the deadline.</summary>
    public bool IsForeign => IsPlugin || IsRemote;

    /// <summary>
    /// Whether <see cref="Policy"/> names a policy from a plug-in assembly, by its Name or its type name: it is none of
    /// the built-in policies or the system model's baselines.
    /// </summary>
    public bool IsPlugin { get; init; } = Plugins.PolicyPlugins.IsTypeName(Policy);

    /// <summary>
    /// The override that makes <paramref name="policy"/> a scenario's policy: <c>ddlo.run.policy=edge</c>, the value
    /// quoted where HOCON would read it otherwise (the comma of <c>MyLab.GreedyPolicy, MyLab</c>).
    /// </summary>
    public static string PolicyOverride(string policy) =>
        "ddlo.run.policy=" + (policy.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? policy : System.Text.Json.JsonSerializer.Serialize(policy));

    /// <summary>Which kernels the networks' libraries run (<c>ddlo.run.numerics</c>).</summary>
    public Learning.Numerics Numerics { get; init; } = Learning.Numerics.Portable;

    /// <summary>Whether the deciding policy is a plug-in or remote policy that learns online (<see cref="Ddlo.Core.Policies.ILearningPolicy"/>).</summary>
    public bool PolicyLearns { get; init; }

    /// <summary>The policy's name in results: <see cref="Policy"/>, or a plug-in's or remote policy's own <c>Name</c>.</summary>
    public string PolicyName
    {
        get => policyName ?? Policy;
        init => policyName = value;
    }

    private readonly string? policyName;

    /// <summary>
    /// How many times a plug-in policy's call (Decide, Learn, saving or reading its state) may overrun
    /// <see cref="CandidateDeadline"/> before the policy is taken as failed for the rest of the run (<c>plugin-misses</c>).
    /// </summary>
    public int PluginMisses { get; init; } = 3;

    /// <summary>How long a plug-in policy's constructor, Name and Configure may take together (<c>plugin-start-timeout</c>).</summary>
    public TimeSpan PluginStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The slot whose storing makes the replay memory throw (<c>faults.memory-fails-at</c>), or -1 for none.</summary>
    public long MemoryFailsAt { get; init; } = -1;

    /// <summary>The DNN that pauses before each answer (<c>faults.slow-dnn</c>), or -1 for none.</summary>
    public int SlowDnn { get; init; } = -1;

    /// <summary>The longest pause of <see cref="SlowDnn"/> (<c>faults.slow-dnn-max-pause</c>).</summary>
    public TimeSpan SlowDnnMaxPause { get; init; }

    /// <summary>How long DNN <paramref name="k"/> may pause before each answer: zero unless it is the slow one.</summary>
    public TimeSpan MaxPauseOf(int k) => k == SlowDnn ? SlowDnnMaxPause : TimeSpan.Zero;

    private static readonly Dictionary<string, ScoringMode> Modes = new(StringComparer.Ordinal)
    {
        ["auto"] = ScoringMode.Auto,
        ["exhaustive"] = ScoringMode.Exhaustive,
        ["dual"] = ScoringMode.Dual,
        ["coordinate-descent"] = ScoringMode.CoordinateDescent,
        ["off"] = ScoringMode.Off,
    };

    /// <summary>The oracle's name for <see cref="Scoring"/> as scenarios write it (auto, exhaustive, ...).</summary>
    public string ScoringName => Modes.First(pair => pair.Value == Scoring).Key;

    /// <summary>
    /// The oracle a run of <paramref name="system"/> is scored against (one of its <see cref="Ddlo.Core.Systems.ISystemModel.Oracles"/>),
    /// or null when it is not scored.
    /// </summary>
    public string? OracleFor(SystemSettings system) => Scoring switch
    {
        ScoringMode.Off => null,
        ScoringMode.Auto => system.CreateSystemModel().AutoOracle(system.Devices, system.TasksPerDevice),
        _ => ScoringName,
    };

    /// <param name="config">The scenario.</param>
    /// <param name="system">Its system, whose model's baselines are policies too (a registered model may bring its own).</param>
    internal static RunSettings Read(ConfigReader config, SystemSettings system)
    {
        const string at = "ddlo.run.";
        return new RunSettings(
            config.Long(at + "steps", 1),
            config.Int(at + "seed", int.MinValue),
            PolicyOrType(config, at + "policy", system.CreateSystemModel().Baselines),
            config.Int(at + "max-in-flight", 1),
            config.Choice(at + "score-against-optimum", Modes),
            config.Duration(at + "candidate-deadline"),
            config.Int(at + "solver-pool-size", 1, 256),
            config.Int(at + "rolling-window", 1),
            config.Long(at + "checkpoint-interval", 0),
            config.Int(at + "max-dnn-restarts", 0),
            SendAt(config, at + "learner-group-send-at"))
        {
            PluginMisses = config.Int(at + "plugin-misses", 1),
            PluginStartTimeout = config.Duration(at + "plugin-start-timeout"),
            MemoryFailsAt = config.Long(at + "faults.memory-fails-at", -1),
            SlowDnn = config.Int(at + "faults.slow-dnn", -1),
            SlowDnnMaxPause = config.Duration(at + "faults.slow-dnn-max-pause"),
            Numerics = config.Choice(at + "numerics", Learning.TorchRuntime.NumericsNames),
            IsPlugin = !PolicyNames(system.CreateSystemModel().Baselines).Contains(config.Text(at + "policy"), StringComparer.Ordinal),
        };
    }

    /// <summary>A fraction of the candidate deadline, in (0, 1].</summary>
    private static double SendAt(ConfigReader config, string key)
    {
        double fraction = config.Double(key, double.MinValue);
        return fraction > 0 && fraction <= 1
            ? fraction
            : throw config.Error(key, $"expected a fraction of ddlo.run.candidate-deadline in (0, 1], got '{config.Text(key)}'.");
    }

    /// <summary>
    /// A built-in policy's name or one of the system model's baselines, or a plug-in policy's Name or type name,
    /// resolved once the plug-ins load (where an unknown one is refused, listing those there are).
    /// </summary>
    private static string PolicyOrType(ConfigReader config, string key, IReadOnlyList<string> baselines)
    {
        string text = config.Text(key);
        return text.Trim().Length > 0
            ? text
            : throw config.Error(key, $"expected one of {string.Join(" | ", PolicyNames(baselines))}, or a plug-in policy's Name or type name (threshold, MyLab.Policies.ThresholdPolicy), got '{text}'.");
    }

    private static List<string> PolicyNames(IReadOnlyList<string> baselines) => [.. BuiltInPolicies.Concat(baselines).Distinct(StringComparer.Ordinal)];
}
