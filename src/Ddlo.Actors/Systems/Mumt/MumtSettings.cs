using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>MUMT's system as a scenario configures it (<c>ddlo.system</c>, <c>ddlo.workload</c>, <c>ddlo.learning.input-scale</c>).</summary>
/// <param name="TasksPerDevice">M.</param>
/// <param name="UplinkMbps">C in Mbit/s, as written in the scenario.</param>
/// <param name="BandwidthPolicy">How C is split for a fixed decision.</param>
/// <param name="Parameters">The model's constants (C converted to MB/s).</param>
public sealed record MumtSettings(int TasksPerDevice, double UplinkMbps, BandwidthPolicy BandwidthPolicy, MecParameters Parameters) : IConfiguredSystem
{
    /// <summary>The MUMT model, for what exists for it alone (the P2 split, the dual decomposition, device search).</summary>
    public MecModel CreateModel() => new(Parameters, BandwidthPolicy);

    ISystemModel IConfiguredSystem.CreateModel() => CreateModel();

    /// <summary>Task sizes mapped from the workload range onto [-input-scale, +input-scale].</summary>
    public InputNormalizer CreateNormalizer(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Workload.MinMb, settings.Workload.MaxMb, settings.Learning.InputScale);
    }

    /// <summary>Uniform whole-MB task sizes of the workload range.</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new UniformTaskSource(TasksPerDevice, settings.Workload.MinMb, settings.Workload.MaxMb, stream);
    }

    public void Validate(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.Validate(settings, sourceOf);

    public void ValidateLearning(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.ValidateLearning(settings, sourceOf);

    public string Describe(int devices)
    {
        string split = BandwidthPolicy == BandwidthPolicy.Optimal ? "optimal split" : "equal split";
        return string.Create(CultureInfo.InvariantCulture, $"N={devices}, M={TasksPerDevice}, C={UplinkMbps:0.###} Mbit/s, {split}");
    }

    /// <summary>The uplink and how it is split.</summary>
    IReadOnlyDictionary<string, object?> IConfiguredSystem.SummaryFields => new Dictionary<string, object?>
    {
        ["uplink_mbps"] = UplinkMbps,
        ["bandwidth_policy"] = BandwidthPolicy.ToString().ToLowerInvariant(),
    };

    public ISlotSolver CreateSolver() => new MumtSolver(CreateModel(), TasksPerDevice);

    /// <summary>The bandwidth policy and constants.</summary>
    public ModelManifest DescribeModelFile(ModelManifest manifest) => manifest with { BandwidthPolicy = BandwidthPolicy, Parameters = Parameters };
}
