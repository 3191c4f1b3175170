using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Networks;

namespace Ddlo.Experiments.Tests.Systems;

/// <summary>
/// The toy system under another name, without a per-device breakdown (<see cref="IDeviceBreakdown"/>): what a user's
/// model that does not give one looks like to <c>ddlo.results.decisions</c>. It reads the toy's keys, so a scenario
/// registers both.
/// </summary>
public sealed class PlainDefinition : ISystemDefinition
{
    public const string Registration = "ddlo.system.models.plain = \"Ddlo.Experiments.Tests.Systems.PlainDefinition, Ddlo.Experiments.Tests\"";

    private readonly ToyDefinition toy = new();

    public string Name => PlainModel.ModelName;

    public string DisplayName => "Plain";

    public string ReferenceConfig => string.Empty;

    public SystemWords Words => toy.Words;

    public SystemAbilities Abilities => toy.Abilities;

    public IConfiguredSystem Read(ConfigReader config, int devices) => new Configured((ToySettings)toy.Read(config, devices));

    private sealed record Configured(ToySettings Toy) : IConfiguredSystem
    {
        public int TasksPerDevice => Toy.TasksPerDevice;

        public ISystemModel CreateModel() => new PlainModel(Toy.CreateModel());

        public InputNormalizer CreateNormalizer(DdloSettings settings) => Toy.CreateNormalizer(settings);

        public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings) => Toy.CreateTaskSource(device, stream, settings);

        public string Describe(int devices) => Toy.Describe(devices);
    }

    private sealed class PlainModel(ISystemModel inner) : ISystemModel
    {
        public const string ModelName = "plain";

        public string Name => ModelName;

        public Objective Objective => inner.Objective;

        public string ValueName => inner.ValueName;

        public string ReportName => inner.ReportName;

        public IReadOnlyList<string> Baselines => inner.Baselines;

        public IReadOnlyList<string> Oracles => inner.Oracles;

        public void CheckReports(Workload reports) => inner.CheckReports(reports);

        public double Value(Workload reports, OffloadDecision decision) => inner.Value(reports, decision);

        public SlotAllocation Allocate(Workload reports, OffloadDecision decision) => inner.Allocate(reports, decision);

        public IOffloadingPolicy CreateBaseline(string name, int seed) => inner.CreateBaseline(name, seed);

        public string? AutoOracle(int devices, int tasksPerDevice) => inner.AutoOracle(devices, tasksPerDevice);

        public IOptimumOracle CreateOracle(string name) => inner.CreateOracle(name);
    }
}
