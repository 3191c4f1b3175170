using System.Globalization;
using Ddlo.Actors.Systems;
using Ddlo.Core.Data;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// The MEC system of <c>ddlo.system</c>: its shape, which model (<see cref="Definition"/>), and that model's settings as
/// the scenario configures them (<see cref="Configured"/>). Everything that differs between models is asked of these
/// two; nothing here knows one model from another.
/// </summary>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M (1 for WPMEC and LyDROO: each device reports one channel gain and makes one decision).</param>
/// <param name="Definition">The system model (<c>ddlo.system.model</c>).</param>
/// <param name="Configured">Its settings and behaviour for this scenario.</param>
public sealed record SystemSettings(int Devices, int TasksPerDevice, ISystemDefinition Definition, IConfiguredSystem Configured)
{
    /// <summary>The system model's name (<c>ddlo.system.model</c>): mumt | wpmec | lydroo, or a registered model's.</summary>
    public string Model => Definition.Name;

    /// <summary>The models the scenario could name (to tell another model's data set from a malformed one).</summary>
    public SystemModels Models { get; init; } = SystemModels.BuiltIn;

    /// <summary>
    /// The same system with the same values: the same shape, a definition of the same type (definitions keep no state)
    /// and equal model settings, whichever scenario load built them.
    /// </summary>
    public bool Equals(SystemSettings? other) =>
        other is not null && Devices == other.Devices && TasksPerDevice == other.TasksPerDevice
        && Definition.GetType() == other.Definition.GetType() && Definition.Name == other.Definition.Name && Equals(Configured, other.Configured);

    public override int GetHashCode() => HashCode.Combine(Devices, TasksPerDevice, Definition.Name, Configured);

    /// <summary>N*M: the number of binary decisions per slot.</summary>
    public int TaskCount => Devices * TasksPerDevice;

    /// <summary>Context values a slot's networks see beside the reports (LyDROO's N data queues and N energy queues).</summary>
    public int ContextInputs => Configured.ContextInputs(Devices);

    /// <summary>The devices' queues, for a system whose devices hold them (LyDROO); null otherwise.</summary>
    public IQueueingSystem? Queueing => Configured as IQueueingSystem;

    /// <summary>
    /// The devices' own context (MUMT with <c>ddlo.channel</c> or <c>ddlo.device-classes</c>: a rate scale, class
    /// factors); null when they report none of their own.
    /// </summary>
    public IDeviceContextSystem? DeviceContexts => Configured is IDeviceContextSystem { HasDeviceContext: true } contexts ? contexts : null;

    /// <summary>What this system, as configured, cannot do besides simulate (a setting may take away what its model can).</summary>
    public SystemAbilities Abilities => Configured.Abilities(Definition.Abilities);

    /// <summary>The system model the actors price decisions with.</summary>
    public ISystemModel CreateSystemModel() => Configured.CreateModel();

    /// <summary>A short description for tables ("N=3, M=3, C=150 Mbit/s, optimal split").</summary>
    public string Describe() => Configured.Describe(Devices);

    /// <summary>The model's value of summary.json's system field <paramref name="key"/>, or null when it has none.</summary>
    public object? SummaryField(string key) => Configured.SummaryFields.TryGetValue(key, out object? value) ? value : null;

    /// <summary>The settings of the model this scenario runs, as <typeparamref name="T"/> (an experiment built for one model).</summary>
    public T Settings<T>()
        where T : IConfiguredSystem =>
        Configured is T settings
            ? settings
            : throw new InvalidOperationException($"This scenario models {Model} (ddlo.system.model = {Model}), which is not configured by {typeof(T).Name}.");

    /// <summary>
    /// A data set of this system read with its model's layout (another model's file named as such), each row's q_opt
    /// checked against its own decision.
    /// </summary>
    /// <exception cref="DatasetFormatException">The file is missing, malformed, another model's, or its optima disagree.</exception>
    public ReferenceDataset LoadDataset(string path)
    {
        var others = Models.Where(d => d != Definition && d.Abilities.WhyNotEvaluate is null).Select(d => d.DatasetLayout(Devices, TasksPerDevice));
        return ReferenceDataset.Load(path, Definition.DatasetLayout(Devices, TasksPerDevice), others).CheckOptima(CreateSystemModel());
    }

    internal static SystemSettings Read(ConfigReader config, SystemModels models)
    {
        const string at = "ddlo.system.";
        var definition = config.Choice(at + "model", models.ByName);
        int devices = config.Int(at + "devices", 1);
        foreach (var other in models.Where(other => other != definition))
        {
            CheckUnchanged(config, models, definition.Name, other);
        }

        foreach (var other in models.Where(other => other != definition))
        {
            foreach (string block in other.NamedBlocks.Where(block => config.Config.HasPath(block) && !definition.NamedBlocks.Contains(block)))
            {
                throw config.Error(block, $"this block configures the {other.Name} model (ddlo.system.model = {other.Name}), and this scenario models {definition.Name}; leave it out.");
            }
        }

        var configured = definition.Read(config, devices);

        return new SystemSettings(devices, configured.TasksPerDevice, definition, configured) { Models = models };
    }

    /// <summary>Refuses a key of the model <paramref name="owner"/> (not this scenario's) whose value differs from the reference's.</summary>
    private static void CheckUnchanged(ConfigReader config, SystemModels models, string model, ISystemDefinition owner)
    {
        foreach (string key in models.KeysOf(owner))
        {
            if (!SameValue(config.Config.GetValue(key), models.Reference.GetValue(key)))
            {
                throw config.Error(key, string.Create(CultureInfo.InvariantCulture,
                    $"this key configures the {owner.Name} model, but ddlo.system.model = {model}; remove it, or set ddlo.system.model = {owner.Name}."));
            }
        }
    }

    /// <summary>Whether two HOCON values say the same, however they are written (1e-26 or 1.0E-26; [] or [ ]).</summary>
    private static bool SameValue(Akka.Configuration.Hocon.HoconValue? value, Akka.Configuration.Hocon.HoconValue? reference)
    {
        if (value is null || reference is null)
        {
            return value is null && reference is null;
        }

        if (value.IsString() && reference.IsString())
        {
            return Scalar(value) == Scalar(reference);
        }

        // Lists (an empty one included), element by element.
        try
        {
            return value.GetArray().Select(Scalar).SequenceEqual(reference.GetArray().Select(Scalar), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is Akka.Configuration.ConfigurationException or InvalidOperationException or NullReferenceException)
        {
            return string.Concat(value.ToString().Where(c => !char.IsWhiteSpace(c))) == string.Concat(reference.ToString().Where(c => !char.IsWhiteSpace(c)));
        }
    }

    /// <summary>A scalar as a canonical string: a number as its double's round-trip form.</summary>
    private static string Scalar(Akka.Configuration.Hocon.HoconValue value)
    {
        string text = value.GetString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : text;
    }
}
