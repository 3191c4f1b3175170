using System.Collections.Immutable;
using Akka.Configuration;
using Ddlo.Actors.Plugins;
using Ddlo.Actors.Systems;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.Configuration;

/// <summary>Everything under <c>ddlo</c>, parsed once and validated eagerly.</summary>
public sealed record DdloSettings(SystemSettings System, WorkloadSettings Workload, LearningSettings Learning, RunSettings Run)
{
    /// <summary>
    /// These settings as the <c>ddlo { ... }</c> HOCON they were read from, fallbacks included: how they cross nodes
    /// (inside the serializer), and how a run saves them with its results and checkpoints.
    /// </summary>
    public string Hocon { get; init; } = string.Empty;

    /// <summary>The defaults of reference.conf.</summary>
    public static DdloSettings Default => Scenario.Default.Settings;

    /// <summary>Maps what the devices report to network inputs, as the system model does (<see cref="IConfiguredSystem.CreateNormalizer"/>).</summary>
    public Learning.Networks.InputNormalizer CreateNormalizer() => System.Configured.CreateNormalizer(this);

    /// <summary>The shape, optimiser and seed of DNN <paramref name="k"/> of this run.</summary>
    public Learning.Networks.NetworkOptions NetworkOptions(int k) =>
        Learning.NetworkOptions(System.TaskCount, System.TasksPerDevice, Ddlo.Core.Seeds.Derive(Run.Seed, Ddlo.Core.Seeds.DnnStream, k))
            with { ContextInputs = System.ContextInputs, Numerics = Run.Numerics };

    /// <param name="config">The merged scenario (overrides, file, reference.conf).</param>
    /// <param name="sourceOf">Where a key was set, for messages.</param>
    /// <param name="models">The system models the scenario may name, and the reference they compose.</param>
    /// <param name="local">
    /// A scenario loaded on this node: plug-ins and ONNX models are loaded and checked now. False for the settings
    /// another node sent (<see cref="Scenario.SettingsFromHocon"/>): this node builds its proposers from its own
    /// plug-ins, and reports what it cannot load when asked to host them.
    /// </param>
    internal static DdloSettings Create(Config config, Func<string, string> sourceOf, SystemModels models, bool local = true)
    {
        var reader = new ConfigReader(config, sourceOf);
        var system = SystemSettings.Read(reader, models);
        var settings = new DdloSettings(system, WorkloadSettings.Read(reader), LearningSettings.Read(reader), RunSettings.Read(reader, system))
        {
            Plugins = Paths(reader, PolicyPlugins.PluginsKey, "assembly paths such as [\"plugins/MyLab.dll\"]"),
            OnnxModels = Paths(reader, OnnxModelsKey, "ONNX model paths such as [\"models/ddlo-0.onnx\"]"),
            PolicyOptions = PolicyOptionBlocks(config),
            RemoteAddress = RemoteAddressOf(reader),
            Results = ResultsSettings.Read(reader, system),
        };
        settings.System.Configured.Validate(settings, sourceOf);
        if (settings.Run.Policy == RunSettings.OnnxPolicy && settings.System.Abilities.WhyNotOnnx is { } noOnnx)
        {
            const string key = "ddlo.run.policy";
            throw ScenarioException.For(sourceOf(key), key, noOnnx);
        }

        if (settings.Run.Learns)
        {
            CheckNetworks(settings, sourceOf);
            CheckCandidates(settings, sourceOf);
        }

        if (settings.Run.SlowDnn >= 0 && (!settings.Run.Learns || settings.Run.SlowDnn >= settings.Learning.DnnCount))
        {
            // An injected fault that reaches no network would let a "disturbed" run pass for one.
            const string key = "ddlo.run.faults.slow-dnn";
            throw ScenarioException.For(sourceOf(key), key, settings.Run.Learns
                ? $"there is no DNN {settings.Run.SlowDnn} to slow: this run has {settings.Learning.DnnCount} (0 to {settings.Learning.DnnCount - 1}), or -1 for none."
                : $"only the learning DNNs (ddlo.run.policy = ddlo) can be slowed, and this run's policy is {settings.Run.Policy}; set -1.");
        }

        if (local && settings.Run.Policy == RunSettings.OnnxPolicy)
        {
            CheckOnnx(settings, sourceOf);
        }

        if (local && settings.Run.IsRemote)
        {
            var policy = CheckRemote(settings, sourceOf);
            settings = settings with { Run = settings.Run with { PolicyName = policy.Name, PolicyLearns = policy is ILearningPolicy } };
        }

        if (local && settings.Run.IsPlugin)
        {
            var policy = CheckPlugin(settings, sourceOf);
            settings = settings with { Run = settings.Run with { PolicyName = policy.Name, PolicyLearns = policy is ILearningPolicy } };
        }

        // Paths are absolute already (ScenarioPaths): the text travels to other nodes and into checkpoints, away from the scenario file.
        return settings with { Hocon = SettingsText(config) };
    }

    /// <summary>What the run writes beyond the usual results (<c>ddlo.results</c>).</summary>
    public ResultsSettings Results { get; init; } = new(Decisions: false);

    /// <summary>Full paths of the plug-in assemblies to load (<c>ddlo.plugins</c>).</summary>
    public ImmutableArray<string> Plugins { get; init; } = [];

    public const string OnnxModelsKey = "ddlo.onnx.models";

    /// <summary>Where the policy of <c>ddlo.run.policy = remote</c> is served (<c>ddlo.remote-policy.address</c>), or null when not given.</summary>
    public Uri? RemoteAddress { get; init; }

    /// <summary>Full paths of the ONNX models that decide under <c>ddlo.run.policy = onnx</c>, one proposer each.</summary>
    public ImmutableArray<string> OnnxModels { get; init; } = [];

    /// <summary>How many proposers decide each slot: the K DNNs, one per ONNX model, or the one baseline or plug-in policy.</summary>
    public int Proposers => Run.Learns ? Learning.DnnCount : Run.Policy == RunSettings.OnnxPolicy ? OnnxModels.Length : 1;

    /// <summary>Each plug-in policy's settings (<c>ddlo.policies.NAME</c>), by NAME: its leaf keys and values as written.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, string>> PolicyOptions { get; init; } =
        ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty;

    /// <summary>The settings of the policy named <paramref name="name"/> (empty when the scenario has none).</summary>
    public PolicyOptions OptionsFor(string name) => new(
        $"{PolicyPlugins.OptionsKey}.{name}",
        PolicyOptions.TryGetValue(name, out var values) ? values : ImmutableDictionary<string, string>.Empty);

    /// <summary>
    /// Proposer <paramref name="index"/> when the learning DNNs do not decide: a baseline, a plug-in policy, or the
    /// index-th ONNX model.
    /// </summary>
    /// <remarks>
    /// A plug-in policy (by Name or type) is looked for in the plug-ins this process has loaded: those of the scenario it loaded (which
    /// loads them), and a node's own <c>ddlo.plugins</c>, loaded when it starts. The edge node's paths, which travel in
    /// the settings, are not loaded on other nodes.
    /// </remarks>
    public IOffloadingPolicy CreatePolicy(int seed, int index = 0) =>
        Run.IsPlugin ? PolicyPlugins.Create(Run.Policy, [], System.CreateSystemModel(), seed, OptionsFor, Run.PluginStartTimeout)
        : Run.IsRemote ? Remote.RemotePolicy.Connect(
            RemoteAddress ?? throw new Remote.RemotePolicyException($"the remote policy needs an address: {Remote.RemotePolicy.AddressKey} = \"127.0.0.1:50070\"."),
            RemoteSystem, seed, index, Run.PluginStartTimeout, Run.CandidateDeadline)
        : Run.Policy == RunSettings.OnnxPolicy ? Ddlo.Learning.Deployment.OnnxProposer.Open(OnnxModels[index], System.TaskCount, System.Model)
        : System.CreateSystemModel().CreateBaseline(Run.Policy, seed);

    /// <summary>The system a remote policy is told it decides for.</summary>
    public Remote.RemoteSystem RemoteSystem =>
        new(System.Model, System.Devices, System.TasksPerDevice, System.CreateSystemModel().Objective, System.ContextInputs / System.Devices, System.Describe());

    /// <summary>How Akka's HOCON writer rendered an empty list in the settings text of earlier versions (now []).</summary>
    private const string UnknownValue = "<<unknown value>>";

    /// <summary>A list of file paths, absolute already (<see cref="ScenarioPaths"/>).</summary>
    private static ImmutableArray<string> Paths(ConfigReader reader, string key, string expected)
    {
        IList<string> paths;
        // Akka reads a single string as an empty list: a path given without brackets would be dropped without a word.
        // (Akka's IsArray is false for an empty list, so the value's parts are asked; and Akka writes an empty list as
        // <<unknown value>>, which the scenario.conf of earlier runs holds: that one is read as the empty list it was.)
        if (reader.Config.GetValue(key) is { } value && value.Values.Any(part => part is not Akka.Configuration.Hocon.HoconArray)
            && !(value.IsString() && value.GetString() == UnknownValue))
        {
            throw reader.Error(key, $"expected a list of {expected}, got '{(value.IsString() ? value.GetString() : value.ToString())}' (a single path needs brackets too).");
        }

        try
        {
            paths = reader.Config.GetStringList(key);
        }
        catch (Exception e) when (e is ConfigurationException or InvalidCastException or FormatException or NullReferenceException)
        {
            throw reader.Error(key, $"expected a list of {expected}.");
        }

        return [.. paths.Select(path => Path.GetFullPath(path))];
    }

    private static ImmutableDictionary<string, ImmutableDictionary<string, string>> PolicyOptionBlocks(Config config)
    {
        const string key = PolicyPlugins.OptionsKey;
        if (!config.HasPath(key) || !config.GetValue(key).IsObject())
        {
            return ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty;
        }

        return config.GetValue(key).GetObject().Items.ToImmutableDictionary(
            block => block.Key,
            block =>
            {
                var values = config.GetConfig($"{key}.{block.Key}");
                return values is null || values.IsEmpty
                    ? ImmutableDictionary<string, string>.Empty
                    : Scenario.LeafKeys(values).ToImmutableDictionary(leaf => leaf, leaf => Text(values.GetValue(leaf)));
            });
    }

    /// <summary>Opens every ONNX model once, so that a missing or corrupt file, or one of the wrong shape, fails before anything runs.</summary>
    private static void CheckOnnx(DdloSettings settings, Func<string, string> sourceOf)
    {
        if (settings.OnnxModels.IsEmpty)
        {
            // Left at its default, the list is not the user's mistake; asking for the onnx policy without one is.
            string source = sourceOf(OnnxModelsKey) == Scenario.ReferenceSource ? sourceOf("ddlo.run.policy") : sourceOf(OnnxModelsKey);
            throw ScenarioException.For(source, OnnxModelsKey, "the onnx policy needs at least one model: ddlo.onnx.models = [\"model.onnx\"].");
        }

        for (int k = 0; k < settings.OnnxModels.Length; k++)
        {
            try
            {
                using var proposer = (Ddlo.Learning.Deployment.OnnxProposer)settings.CreatePolicy(settings.Run.Seed, k);
            }
            catch (Ddlo.Learning.Deployment.ModelFormatException e)
            {
                throw ScenarioException.For(sourceOf(OnnxModelsKey), OnnxModelsKey, e.Message);
            }
        }
    }

    /// <summary>Loads and builds the plug-in policy once, so that a missing file, a wrong type or a bad setting fails before anything runs.</summary>
    private static IOffloadingPolicy CheckPlugin(DdloSettings settings, Func<string, string> sourceOf)
    {
        try
        {
            // Every listed assembly must load here, where the scenario names it.
            return PolicyPlugins.Create(
                settings.Run.Policy, settings.Plugins, settings.System.CreateSystemModel(), settings.Run.Seed, settings.OptionsFor, settings.Run.PluginStartTimeout);
        }
        catch (PluginException e)
        {
            throw ScenarioException.For(sourceOf(e.Key), e.Key, e.Problem);
        }
    }

    private static Uri? RemoteAddressOf(ConfigReader reader)
    {
        const string key = Remote.RemotePolicy.AddressKey;
        string text = reader.Text(key);
        return text == Remote.RemotePolicy.NoAddress ? null
            : Remote.RemotePolicy.ParseAddress(text, out string problem) ?? throw reader.Error(key, problem);
    }

    /// <summary>Connects to the remote policy once, so that a server that is not there, or refuses the system, fails before anything runs.</summary>
    private static Remote.RemotePolicy CheckRemote(DdloSettings settings, Func<string, string> sourceOf)
    {
        const string key = Remote.RemotePolicy.AddressKey;
        string source = settings.RemoteAddress is null && sourceOf(key) == Scenario.ReferenceSource ? sourceOf("ddlo.run.policy") : sourceOf(key);
        try
        {
            using var policy = (Remote.RemotePolicy)settings.CreatePolicy(Ddlo.Core.Seeds.Derive(settings.Run.Seed, Ddlo.Core.Seeds.DnnStream, 0));
            return policy;
        }
        catch (Remote.RemotePolicyException e)
        {
            throw ScenarioException.For(source, key, e.Message);
        }
    }

    /// <summary>A value as written: a string without its quotes, anything else (a number, a list) as HOCON prints it.</summary>
    private static string Text(Akka.Configuration.Hocon.HoconValue value) => value.IsString() ? value.GetString() : value.ToString();

    /// <summary>
    /// The <c>ddlo { ... }</c> section as HOCON text that reads back to the same settings. Akka's printer writes an
    /// empty list as <c>&lt;&lt;unknown value&gt;&gt;</c>; it is written <c>[]</c>, as read.
    /// </summary>
    private static string SettingsText(Config config) =>
        "ddlo { " + config.GetConfig("ddlo").ToString(includeFallback: true).Replace(": <<unknown value>>", ": []", StringComparison.Ordinal) + " }";

    /// <summary>The threshold quantiser makes one candidate per network: asking it for more would silently do nothing.</summary>
    private static void CheckCandidates(DdloSettings settings, Func<string, string> sourceOf)
    {
        var learning = settings.Learning;
        if (learning.Quantiser == Ddlo.Learning.Candidates.Quantiser.Threshold && learning.CandidatesPerDnn > 1)
        {
            const string key = "ddlo.learning.candidates-per-dnn";
            throw ScenarioException.For(sourceOf(key), key,
                $"the threshold quantiser makes one candidate per network, but {learning.CandidatesPerDnn} were asked for; set ddlo.learning.quantiser = order-preserving (or noisy-order-preserving).");
        }
    }

    /// <summary>
    /// What the networks themselves accept (their own validation), inputs that carry information, and networks that
    /// fit in this machine's memory: weights, gradients and Adam's two moments, and the last good weights, K times.
    /// </summary>
    private static void CheckNetworks(DdloSettings settings, Func<string, string> sourceOf)
    {
        try
        {
            settings.NetworkOptions(0).Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                nameof(Ddlo.Learning.Networks.NetworkOptions.AdamBeta1) => "ddlo.learning.adam-beta1",
                nameof(Ddlo.Learning.Networks.NetworkOptions.LearningRate) => "ddlo.learning.learning-rate",
                _ => "ddlo.learning.hidden-layers",
            };
            throw ScenarioException.For(sourceOf(key), key, e.Message.Split(" (Parameter", 2)[0]);
        }

        settings.System.Configured.ValidateLearning(settings, sourceOf);

        long parameters = settings.NetworkOptions(0).Parameters;

        double bytes = parameters * sizeof(float) * 5.0 * settings.Learning.DnnCount;
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available / 2)
        {
            const string key = "ddlo.learning.hidden-layers";
            throw ScenarioException.For(sourceOf(key), key, string.Create(
                global::System.Globalization.CultureInfo.InvariantCulture,
                $"the {settings.Learning.DnnCount} networks would need {bytes / 1e9:0.#} GB ({parameters:N0} parameters each, with gradients, Adam's moments and a snapshot), more than half of the {available / 1e9:0.#} GB this process may use."));
        }
    }
}
