using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Core.Data;

namespace Ddlo.Experiments.Tests.Systems;

/// <summary>
/// A fourth system model, from the test assembly: its own keys (<c>ddlo.toy</c>), settings, sources and data set
/// layout. It simulates and is evaluated on a data set; it does not solve single slots, export networks or run ONNX models.
/// </summary>
public sealed class ToyDefinition : ISystemDefinition
{
    /// <summary>How a scenario registers it.</summary>
    public const string Registration = "ddlo.system.models.toy = \"Ddlo.Experiments.Tests.Systems.ToyDefinition, Ddlo.Experiments.Tests\"";

    public string Name => ToyModel.ModelName;

    public string DisplayName => "Toy";

    public string ReferenceConfig => """
        ddlo.toy {
          # Cost of computing one unit of load on the device.
          local-cost = 1.0
          # Cost of offloading one unit of load, per device that offloads in the same slot.
          edge-cost = 0.3
          # Each device's load is a whole number drawn uniformly from [min-load, max-load].
          min-load = 1
          max-load = 5
          # The networks see the loads mapped from [min-load, max-load] onto [-input-scale, +input-scale].
          input-scale = 10
        }
        """;

    public SystemWords Words { get; } = new("mean cost", "toy cost", "minimise the toy cost");

    public SystemAbilities Abilities { get; } = new()
    {
        WhyNotSolve = "the toy model prices slots inside a run only.",
        WhyNotExport = "the toy model's networks stay in its runs.",
        WhyNotOnnx = "the toy model decides with ddlo or a baseline.",
    };

    public IConfiguredSystem Read(ConfigReader config, int devices)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string at = "ddlo.toy.";
        int min = config.Int(at + "min-load", 0);
        return new ToySettings(
            config.Double(at + "local-cost", 0),
            config.Double(at + "edge-cost", 0),
            min,
            config.Int(at + "max-load", min + 1),
            config.Double(at + "input-scale", 0, minExclusive: true));
    }

    /// <summary><c>l0..l{N-1},q_opt,x0..x{N-1}</c>: the loads, the optimal cost and decision.</summary>
    public DatasetLayout DatasetLayout(int devices, int tasksPerDevice)
    {
        string[] columns = [.. Core.Data.DatasetLayout.Named("l", devices), "q_opt", .. Core.Data.DatasetLayout.Named("x", devices)];
        return new DatasetLayout(Name, devices, 1, columns, columns, $"l0..l{devices - 1},q_opt,x0..x{devices - 1}", $"toy scenario with {devices} devices", "load", Positive: false)
        {
            Kind = "a toy data set (loads l0..)",
        };
    }
}
