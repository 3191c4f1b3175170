using Ddlo.Actors.Configuration;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems;

/// <summary>
/// A system model as one scenario configures it (<see cref="ISystemDefinition.Read"/>): its values, and everything
/// settings, actors and commands ask of the system: the <see cref="ISystemModel"/> that prices decisions, what the
/// networks see, where each device's reports come from, the checks a run's other settings must pass, and its figures
/// for tables and summary.json. A system whose devices hold queues also implements <see cref="IQueueingSystem"/>.
/// </summary>
public interface IConfiguredSystem
{
    /// <summary>M, the values each device reports per slot (MUMT: its tasks; a one-decision-per-device system: 1).</summary>
    int TasksPerDevice { get; }

    /// <summary>The system model the actors price decisions with.</summary>
    ISystemModel CreateModel();

    /// <summary>Values a slot's networks see beside the N*M reports (LyDROO: each device's two queues).</summary>
    int ContextInputs(int devices) => 0;

    /// <summary>Maps what the devices report (and any context) to network inputs.</summary>
    InputNormalizer CreateNormalizer(DdloSettings settings);

    /// <summary>Device <paramref name="device"/>'s fresh reports, drawn from its own seeded <paramref name="stream"/>.</summary>
    ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings);

    /// <summary>
    /// Checks what the run's other settings ask of this system (its oracles and baselines within reach, options it has
    /// no use for), throwing a <see cref="ScenarioException"/> that names the key and its source. By default: the
    /// oracle and baseline are among the model's, and device search is off.
    /// </summary>
    void Validate(DdloSettings settings, Func<string, string> sourceOf) => SystemChecks.Validate(settings, sourceOf);

    /// <summary>Checks, for a learning run, that the networks' inputs carry information.</summary>
    void ValidateLearning(DdloSettings settings, Func<string, string> sourceOf)
    {
    }

    /// <summary>
    /// What this configuration of the model cannot do besides simulate: the model's own <paramref name="model"/>, or
    /// less when a setting takes something away (MUMT with a channel cannot solve a slot from task sizes alone).
    /// </summary>
    SystemAbilities Abilities(SystemAbilities model) => model;

    /// <summary>A short description for tables ("N=3, M=3, C=150 Mbit/s, optimal split").</summary>
    string Describe(int devices);

    /// <summary>
    /// Its values among summary.json's system fields (<c>uplink_mbps</c>, <c>bandwidth_policy</c>); a field it has
    /// not is null there.
    /// </summary>
    IReadOnlyDictionary<string, object?> SummaryFields => new Dictionary<string, object?>();

    /// <summary>Prices one slot's reports (<c>ddlo solve</c>), when <see cref="SystemAbilities.WhyNotSolve"/> is null.</summary>
    ISlotSolver CreateSolver() => throw new NotSupportedException("This system model does not solve single slots.");

    /// <summary>
    /// <paramref name="manifest"/> (the networks' shape and the run's common settings) with this system's part of a
    /// model file, when <see cref="SystemAbilities.WhyNotExport"/> is null.
    /// </summary>
    ModelManifest DescribeModelFile(ModelManifest manifest) => throw new NotSupportedException("This system model has no model files.");
}
