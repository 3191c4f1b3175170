using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;
using Ddlo.Learning.Deployment;

namespace Ddlo.Actors.Systems;

/// <summary>
/// Model files (<c>ddlo export</c>, <c>ddlo decide</c>, <c>ddlo bench model</c>) as the system models read and write
/// them: the manifest names its system model, whose definition writes and reads its part of the file.
/// </summary>
public static class ModelFiles
{
    /// <summary>
    /// The manifest of a run's networks: their shape and the run's common settings, then the system model's own part
    /// (<see cref="IConfiguredSystem.DescribeModelFile"/>).
    /// </summary>
    /// <remarks>
    /// The format's bandwidth policy and constants are MUMT's (the files came before the other systems): another system's
    /// file holds the paper's values there, unused, which are reference.conf's.
    /// </remarks>
    public static ModelManifest Manifest(DdloSettings run, int networks, string source)
    {
        ArgumentNullException.ThrowIfNull(run);
        var manifest = new ModelManifest(
            ModelManifest.CurrentFormat,
            run.System.Devices,
            run.System.TasksPerDevice,
            networks,
            run.Learning.HiddenLayers,
            run.Workload.MinMb,
            run.Workload.MaxMb,
            run.Learning.InputScale,
            BandwidthPolicy.Optimal,
            MecParameters.Paper,
            source)
        {
            Architecture = run.Learning.Architecture,
            System = run.System.Model,
        };
        return run.System.Configured.DescribeModelFile(manifest);
    }

    /// <summary>Loads a model file of one of the models reference.conf registers.</summary>
    /// <exception cref="ModelFormatException">The file is missing, malformed, or of a system model this program does not know.</exception>
    public static OffloadingModel Load(string path) => Load(path, SystemModels.BuiltIn);

    /// <summary>Loads a model file of one of <paramref name="models"/>.</summary>
    public static OffloadingModel Load(string path, SystemModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return OffloadingModel.Load(path, manifest => Find(manifest, models) is not { } definition ? null
            : definition.Abilities.WhyNotExport is { } why ? throw new NotSupportedException($"the networks are said to be for the {definition.DisplayName} system model, which has no model files: {why}")
            : definition.OpenModelFile(manifest));
    }

    /// <summary>
    /// The definition of the system model a manifest names (of <paramref name="models"/>, reference.conf's by default);
    /// a file written before manifests named it holds the default model's networks.
    /// </summary>
    /// <exception cref="ModelFormatException">No such model.</exception>
    public static ISystemDefinition DefinitionOf(ModelManifest manifest, SystemModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Find(manifest, models ?? SystemModels.BuiltIn)
            ?? throw new ModelFormatException($"{manifest.Source}: the networks were trained for the '{manifest.System}' system model, which this program does not know.");
    }

    private static ISystemDefinition? Find(ModelManifest manifest, SystemModels models) =>
        manifest.System is null ? models.Default : models.Find(manifest.System);
}
