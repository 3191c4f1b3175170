using System.Globalization;
using System.Text.Json;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;

namespace Ddlo.Experiments.Tests.Systems;

/// <summary>
/// A fourth system model, defined in this test assembly (nothing outside it changes to add it) and registered by a
/// scenario key (or given to
/// <see cref="Scenario.Load(string?, IEnumerable{string}?, IEnumerable{Ddlo.Actors.Systems.ISystemDefinition})"/>), runs
/// through the same settings, actors and evaluation as MUMT, WPMEC and LyDROO, with no change outside this folder.
/// </summary>
public sealed class ToySystemSpecs : IDisposable
{
    private const int Devices = 4;

    private static readonly string[] Toy = [ToyDefinition.Registration, "ddlo.system.model=toy", $"ddlo.system.devices={Devices}"];

    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-toy-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_learn_a_model_registered_by_the_scenario_in_a_real_simulation()
    {
        var scenario = Scenario.Load(null, [.. Toy, "ddlo.run.steps=1500", "ddlo.learning.warmup=128"]);

        var record = await SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings));
        var summary = RunSummary.From(record);

        Assert.IsType<ToyDefinition>(scenario.Settings.System.Definition);
        Assert.Equal("toy", record.Model);
        Assert.Equal(1500, summary.SlotsDecided);
        Assert.Equal("exhaustive", summary.OptimumSource);
        // The exhaustive optimum bounds every decision, and the loads are the toy's own, whole numbers in [1, 5]: all
        // local, 4 devices cost their sum at 1 per unit.
        Assert.All(record.Steps, s => Assert.True(s.Q >= s.OptimalQ - 1e-9, $"slot {s.Slot}: {s.Q} below the optimum {s.OptimalQ}"));
        Assert.All(record.Steps, s => Assert.True(s.LocalQ is >= 4 and <= 20 && s.LocalQ == Math.Floor(s.LocalQ), $"slot {s.Slot}: local cost {s.LocalQ}"));
        var byPolicy = summary.Policies.ToDictionary(p => p.Policy);
        Assert.True(summary.GainRatio > byPolicy["local"].MeanGainRatio && summary.GainRatio > byPolicy["edge"].MeanGainRatio,
            $"ddlo {summary.GainRatio} did not beat local {byPolicy["local"].MeanGainRatio} and edge {byPolicy["edge"].MeanGainRatio}");
    }

    [Fact]
    public async Task Should_simulate_into_a_results_folder_and_run_an_experiment_as_the_built_in_models_do()
    {
        // simulate, as the library runs it: a session and its results folder, in the toy's own words.
        var scenario = Scenario.Load(null, [.. Toy, "ddlo.run.steps=300", "ddlo.results.decisions=on"]);
        using var session = RunSession.Start(scenario, ResultsFolder.Claim(Path.Combine(directory, "run"), "toy", force: false));
        var run = await session.RunAsync(progress: null, CancellationToken.None);

        Assert.Equal(300, run.Summary!.SlotsDecided);
        string[] steps = File.ReadAllLines(Path.Combine(directory, "run", "steps.csv"));
        Assert.Equal(301, steps.Length);
        // decisions.csv in the toy's own columns: each device's part of the cost, adding up to the slot's.
        string[] decisions = File.ReadAllLines(Path.Combine(directory, "run", "decisions.csv"));
        Assert.Equal("slot,device,l0,x0,share0,cost", decisions[0]);
        Assert.Equal(300 * Devices, decisions.Length - 1);
        var costs = decisions.Skip(1).Select(line => line.Split(',')).ToLookup(r => r[0], r => double.Parse(r[^1], CultureInfo.InvariantCulture));
        Assert.All(steps.Skip(1).Select(line => line.Split(',')), row =>
            Assert.Equal(double.Parse(row[1], CultureInfo.InvariantCulture), costs[row[0]].Sum(), 9));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "run", "summary.json"))).RootElement;
        Assert.Equal("toy", summary.GetProperty("model").GetString());
        Assert.Equal("minimise the toy cost", summary.GetProperty("objective").GetString());

        // An experiment: the toy's cost against its edge cost, the learner beside the toy's own baselines and the optimum.
        File.WriteAllLines(Path.Combine(directory, "toy.conf"), Toy);
        File.WriteAllText(Path.Combine(directory, "toy-edge-cost.conf"), """
            experiment {
              title = "Toy cost against the edge cost"
              kind = energy
              base-scenario = "toy.conf"
              sweep { key = ddlo.toy.edge-cost, values = [0.2, 0.6] }
              policies = [local, edge, largest, exhaustive, ddlo]
              repetitions = 1
              steps = 300
            }
            """);
        var suite = ExperimentFile.Load(Path.Combine(directory, "toy-edge-cost.conf"), quick: false);
        var result = Assert.Single(await new ExperimentRunner().RunAsync(suite, Path.Combine(directory, "experiment"), "toy"));

        var rows = File.ReadAllLines(result.Csv).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(2 * 5, rows.Count);
        foreach (string value in new[] { "0.2", "0.6" })
        {
            double Cost(string policy) => double.Parse(rows.Single(r => r[0] == value && r[3] == policy)[4], CultureInfo.InvariantCulture);
            Assert.All(new[] { "local", "edge", "largest", "ddlo" }, policy => Assert.True(Cost(policy) >= Cost("exhaustive") - 1e-9, $"{policy} below the optimum at {value}"));
        }

        // All local costs the loads alone, whatever offloading costs; offloading everything costs more as the edge does.
        Assert.Equal(double.Parse(rows.Single(r => r[0] == "0.2" && r[3] == "local")[4], CultureInfo.InvariantCulture),
            double.Parse(rows.Single(r => r[0] == "0.6" && r[3] == "local")[4], CultureInfo.InvariantCulture), 9);
        Assert.True(File.Exists(Path.Combine(directory, "experiment", "report.md")));
        Assert.True(File.Exists(result.Figure));
        // The typed results behind the CSV: one cost per policy and value, the toy's own baseline among them.
        var measured = Assert.IsType<EnergyResults>(result.Measurements);
        Assert.Equal(rows.Count, measured.Costs.Length);
        Assert.Contains(measured.Costs, c => c.Policy == "largest");
    }

    [Fact]
    public void Should_refuse_decisions_in_one_line_for_a_model_that_gives_no_per_device_breakdown()
    {
        string[] plain = [ToyDefinition.Registration, PlainDefinition.Registration, "ddlo.system.model=plain", $"ddlo.system.devices={Devices}"];
        Assert.Equal("plain", Scenario.Load(null, plain).Settings.System.CreateSystemModel().Name);

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [.. plain, "ddlo.results.decisions=on"]));

        Assert.Contains(
            "ddlo.results.decisions: the system model 'plain' does not break a decision down per device (IDeviceBreakdown), so it cannot write decisions.csv; set off.",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_grow_a_registered_models_own_key_with_the_number_of_devices_in_a_scale_experiment()
    {
        File.WriteAllLines(Path.Combine(directory, "toy.conf"), Toy);
        string Experiment(string baseScenario)
        {
            string file = Path.Combine(directory, $"scale-{Guid.NewGuid():N}.conf");
            File.WriteAllText(file, $$"""
                experiment {
                  kind = scale
                  {{baseScenario}}
                  sweep { key = ddlo.system.devices, values = [2, 4] }
                  per-device { ddlo.toy.edge-cost = 0.1 }
                  designs { learner = [] }
                  repetitions = 1
                  steps = 100
                }
                """);
            return file;
        }

        // The key is the toy's: a scale experiment on the toy grows it, one on the built-in models has no such key.
        var plan = ExperimentFile.Load(Experiment("base-scenario = \"toy.conf\""), quick: false).Plans.Single();
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides("4", 1));
        Assert.Equal(0.4, scenario.Settings.System.Settings<ToySettings>().EdgeCost, 12);
        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(Experiment(string.Empty), quick: false));
        Assert.Contains("experiment.per-device.ddlo.toy.edge-cost: 'ddlo.toy.edge-cost' is not a ddlo setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_evaluate_a_registered_model_on_its_own_data_set_by_baseline_and_by_learning()
    {
        var model = new ToyModel(1.0, 0.3);
        string path = WriteDataset(model, rows: 200);
        var scenario = Scenario.Load(null, [.. Toy, "ddlo.run.steps=400"]);

        var dataset = scenario.Settings.System.LoadDataset(path);
        var optimal = DatasetEvaluator.Evaluate(dataset, model.CreateBaseline("exhaustive", 1), model);
        var local = DatasetEvaluator.Evaluate(dataset, model.CreateBaseline("local", 1), model);
        var replay = await DatasetReplay.RunAsync(scenario, dataset, path);
        var (learned, schedule) = (replay.Record, replay.Schedule);

        Assert.Equal(200, dataset.Rows.Length);
        Assert.Equal(1, optimal.MeanGainRatio, 12);
        Assert.True(local.MeanGainRatio < 0.95, $"local's gain ratio {local.MeanGainRatio}");
        Assert.Equal(400, learned.Steps.Length);
        Assert.Equal("dataset", learned.OptimumSource);
        Assert.All(learned.Steps, s => Assert.Equal(dataset.Rows[schedule.RowFor(s.Slot)].OptimalQ, s.OptimalQ));
        Assert.All(learned.Steps, s => Assert.InRange(s.GainRatio, 0, 1 + 1e-9));
        Assert.Equal(80, replay.TestSteps);
        Assert.InRange(replay.TestMeanGainRatio, local.MeanGainRatio, 1 + 1e-9);
        Assert.Null(replay.AboveOptimumWarning);
    }

    [Fact]
    public void Should_name_the_model_of_a_toy_data_set_given_to_another_models_scenario()
    {
        string path = WriteDataset(new ToyModel(1.0, 0.3), rows: 3);
        var mumt = Scenario.Load(null, [ToyDefinition.Registration, $"ddlo.system.devices={Devices}", "ddlo.system.tasks-per-device=1"]);

        var error = Assert.Throws<DatasetFormatException>(() => mumt.Settings.System.LoadDataset(path));

        Assert.Equal($"{path}:1: this is a toy data set (loads l0..), but the scenario models mumt; set ddlo.system.model = toy.", error.Message);
    }

    [Fact]
    public async Task Should_decide_with_a_baseline_of_the_models_own_in_the_same_pipeline()
    {
        var scenario = Scenario.Load(null, [.. Toy, "ddlo.run.steps=50", "ddlo.run.policy=largest"]);

        var record = await SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings));
        var mumt = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.run.policy=largest"]));

        Assert.Equal("largest", record.Policy);
        Assert.Equal(50, record.Steps.Length);
        Assert.All(record.Steps, s => Assert.Equal(1, s.Offloaded));
        Assert.Contains("ddlo.run.policy: unknown policy 'largest' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote", mumt.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ddlo.toy.edge-cost=0.5", "mumt", "toy")]
    [InlineData("ddlo.wpmec.overhead=2", "toy", "wpmec")]
    [InlineData("ddlo.system.uplink-mbps=100", "toy", "mumt")]
    public void Should_refuse_another_models_key_as_for_the_built_in_models(string set, string model, string owner)
    {
        string key = set.Split('=')[0];

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [ToyDefinition.Registration, $"ddlo.system.model={model}", set]));

        Assert.Equal($"--set {set}: {key}: this key configures the {owner} model, but ddlo.system.model = {model}; remove it, or set ddlo.system.model = {owner}.", error.Message);
    }

    [Theory]
    [InlineData("ddlo.run.policy=dual", "ddlo.run.policy: dual is not a baseline of Toy; its baselines are exhaustive | local | edge | largest.")]
    [InlineData("ddlo.run.score-against-optimum=dual", "ddlo.run.score-against-optimum: dual is not an oracle of Toy; it scores against auto | exhaustive | off.")]
    [InlineData("ddlo.learning.device-search-rounds=1", "ddlo.learning.device-search-rounds: device search changes a device's M task decisions under the MUMT bandwidth split; Toy has none (set it to 0).")]
    [InlineData("ddlo.run.policy=onnx", "ddlo.run.policy: the toy model decides with ddlo or a baseline.")]
    public void Should_refuse_what_the_toy_model_cannot_do_before_the_run(string set, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [.. Toy, set]));

        Assert.Equal($"--set {set}: {message}", error.Message);
    }

    [Fact]
    public void Should_not_know_the_toys_keys_unless_a_scenario_registers_it()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.toy.edge-cost=0.5"]));

        Assert.StartsWith("--set ddlo.toy.edge-cost=0.5: ddlo.toy.edge-cost: unknown key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_register_a_definition_a_program_gives_and_rebuild_it_from_the_settings_on_another_node()
    {
        var definition = new ToyDefinition();

        var scenario = Scenario.Load(null, ["ddlo.system.model=toy", "ddlo.toy.edge-cost=0.4"], [definition]);
        var rebuilt = Scenario.SettingsFromHocon(scenario.SettingsHocon, "the edge node's settings");

        Assert.Same(definition, scenario.Settings.System.Definition);
        Assert.Equal(new ToySettings(1.0, 0.4, 1, 5, 10), scenario.Settings.System.Configured);
        Assert.IsType<ToyDefinition>(rebuilt.System.Definition);
        Assert.Equal(scenario.Settings.System, rebuilt.System);
        Assert.Equal(["mumt", "wpmec", "lydroo", "toy"], scenario.Models.Select(m => m.Name));
    }

    [Theory]
    [InlineData("ddlo.system.models.toy=\"No.Such.Definition, Nowhere\"", "ddlo.system.models.toy: no type 'No.Such.Definition, Nowhere'; name a system definition as \"Namespace.Type, Assembly\"")]
    [InlineData("ddlo.system.models.toy=System.String", "ddlo.system.models.toy: System.String is not a system definition (it does not implement Ddlo.Actors.Systems.ISystemDefinition).")]
    [InlineData("ddlo.system.models.other=\"Ddlo.Experiments.Tests.Systems.ToyDefinition, Ddlo.Experiments.Tests\"", "ddlo.system.models.other: Ddlo.Experiments.Tests.Systems.ToyDefinition defines the model 'toy'; register it under its name: ddlo.system.models.toy.")]
    [InlineData("ddlo.system.models=5", "ddlo.system.models: expected a block of model names and definition types")]
    public void Should_refuse_a_registration_that_is_not_a_definition_in_one_line_naming_the_key(string set, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [set]));

        Assert.StartsWith($"--set {set}: {message}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>A toy data set: seeded whole loads in [1, 5], each row's optimal cost and decision.</summary>
    private string WriteDataset(ToyModel model, int rows)
    {
        var random = new Random(7);
        var lines = new List<string> { string.Join(",", [.. Enumerable.Range(0, Devices).Select(i => $"l{i}"), "q_opt", .. Enumerable.Range(0, Devices).Select(i => $"x{i}")]) };
        for (int r = 0; r < rows; r++)
        {
            var workload = Workload.Create(Devices, 1, Enumerable.Range(0, Devices).Select(_ => (double)random.Next(1, 6)));
            var best = model.Best(workload);
            lines.Add(string.Join(",", [
                .. workload.Sizes.Select(l => l.ToString(CultureInfo.InvariantCulture)),
                model.Value(workload, best).ToString("R", CultureInfo.InvariantCulture),
                .. best.Bits.Select(b => b ? "1" : "0")]));
        }

        string path = Path.Combine(directory, "toy.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
