using Ddlo.Actors.Configuration;
using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems;

/// <summary>
/// A system model as one plug-in, the way an Akka.NET extension is one config block and one type: its name in
/// <c>ddlo.system.model</c>, its defaults (HOCON composed into the reference configuration; their leaf keys are its
/// own, and another model's scenario that changes one is refused), how it reads and checks them, its words for results,
/// and what it can do besides simulate. Everything that depends on the scenario's values is in the
/// <see cref="IConfiguredSystem"/> that <see cref="Read"/> returns.
/// </summary>
/// <remarks>
/// Registered by type name, <c>ddlo.system.models.NAME = "Namespace.Type, Assembly"</c> (reference.conf lists MUMT, WPMEC
/// and LyDROO; a scenario adds its own, from an assembly beside ddlo or listed in <c>ddlo.plugins</c>), or passed to
/// <see cref="Scenario.Load(string?, IEnumerable{string}?, IEnumerable{ISystemDefinition})"/>. The registration travels in the
/// run's settings, so another node builds the same definition from the type name: a definition has a public
/// parameterless constructor and keeps no state.
/// </remarks>
public interface ISystemDefinition
{
    /// <summary>Its name in <c>ddlo.system.model</c> and under <c>ddlo.system.models</c> (mumt, wpmec, lydroo).</summary>
    string Name { get; }

    /// <summary>How messages and tables name it (MUMT, WPMEC, LyDROO).</summary>
    string DisplayName { get; }

    /// <summary>
    /// Its defaults, as HOCON text (<c>ddlo { ... }</c>), each key described: composed into the reference configuration.
    /// Its leaf keys are its own; it may not set a key of the shared reference.conf or of another model.
    /// </summary>
    string ReferenceConfig { get; }

    /// <summary>How results and plots name its value.</summary>
    SystemWords Words { get; }

    /// <summary>What it cannot do besides simulate, and why.</summary>
    SystemAbilities Abilities { get; }

    /// <summary>
    /// Its keys whose values name files (a path, or a list of paths; <c>none</c> or empty for no file): made absolute
    /// as the scenario loads, relative to the scenario file that set them (<see cref="ScenarioPaths"/>), so that a
    /// run's saved settings find them from anywhere.
    /// </summary>
    IReadOnlyList<string> PathKeys => [];

    /// <summary>
    /// Its blocks whose keys the user names (MUMT's <c>ddlo.device-classes</c>, each NAME a class): not in the reference
    /// configuration, so the scenario's key check leaves them to <see cref="Read"/>; another model's scenario that sets
    /// one is refused.
    /// </summary>
    IReadOnlyList<string> NamedBlocks => [];

    /// <summary>
    /// Reads and checks its keys for a scenario of <paramref name="devices"/> devices; a bad value throws the
    /// <see cref="ScenarioException"/> of <see cref="ConfigReader.Error"/>, naming the key.
    /// </summary>
    IConfiguredSystem Read(ConfigReader config, int devices);

    /// <summary>The columns of its data sets (<c>ddlo evaluate --dataset</c>), when it can be evaluated on one.</summary>
    DatasetLayout DatasetLayout(int devices, int tasksPerDevice) =>
        throw new NotSupportedException($"The {Name} model has no data set layout: {Abilities.WhyNotEvaluate}");

    /// <summary>
    /// The system model a model file's networks were trained for, and how they see its reports, from the file's manifest
    /// (<c>ddlo decide</c>, <c>ddlo bench model</c>), when its networks can be exported.
    /// </summary>
    (ISystemModel Model, InputNormalizer Normalizer) OpenModelFile(ModelManifest manifest) =>
        throw new NotSupportedException($"The {Name} model has no model files: {Abilities.WhyNotExport}");

    /// <summary>Reports of the system a model file was trained for, to time its decisions on (<c>ddlo bench model</c>).</summary>
    IReadOnlyList<Workload> BenchWorkloads(ModelManifest manifest, int count) =>
        throw new NotSupportedException($"The {Name} model has no model files: {Abilities.WhyNotExport}");

    /// <summary>What <c>ddlo decide</c> shows of a model file's decision: its value and the allocation that attains it.</summary>
    /// <param name="model">The model file's system model (<see cref="OpenModelFile"/>).</param>
    /// <param name="workload">The reports decided on.</param>
    /// <param name="decision">The best network's decision.</param>
    /// <param name="network">Which network proposed it ("network 2 of 5").</param>
    SlotSolution DescribeDecision(ISystemModel model, Workload workload, OffloadDecision decision, string network) =>
        throw new NotSupportedException($"The {Name} model has no model files: {Abilities.WhyNotExport}");
}
