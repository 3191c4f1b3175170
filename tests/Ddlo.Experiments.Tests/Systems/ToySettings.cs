using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Networks;

namespace Ddlo.Experiments.Tests.Systems;

/// <summary>The toy system as a scenario configures it (<c>ddlo.toy</c>).</summary>
public sealed record ToySettings(double LocalCost, double EdgeCost, int MinLoad, int MaxLoad, double InputScale) : IConfiguredSystem
{
    public int TasksPerDevice => 1;

    public ISystemModel CreateModel() => new ToyModel(LocalCost, EdgeCost);

    public InputNormalizer CreateNormalizer(DdloSettings settings) => new(MinLoad, MaxLoad, InputScale);

    /// <summary>Whole loads drawn uniformly from [min-load, max-load].</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings) => new UniformTaskSource(1, MinLoad, MaxLoad, stream);

    public string Describe(int devices) => $"toy, N={devices}, edge cost {EdgeCost} per unit and offloader";
}
