namespace Ddlo.Cli.Tests.Commands;

public sealed class ExportDecideTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-export-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_export_a_run_and_decide_from_the_model_file_alone()
    {
        string run = Path.Combine(directory, "run");
        string model = Path.Combine(directory, "model.ddlo");
        Assert.Equal(0, DdloProcess.Run("simulate", "--steps", "700", "--set", "learning.dnn-count=2", "--set", "learning.warmup=100", "--out", run, "--json").ExitCode);

        var export = DdloProcess.Run("export", "--from", run, "--out", model);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("Exported 2 networks for 3 x 3", export.Stdout, StringComparison.Ordinal);

        var decide = DdloProcess.Run("decide", "--model", model, "--workload", "22,25,10,13,13,17,19,29,28", "--json");
        Assert.True(decide.ExitCode == 0, decide.ToString());
        Assert.Equal(9, decide.Json.GetProperty("decision").GetString()!.Length);
        Assert.InRange(decide.Json.GetProperty("network").GetInt32(), 0, 1);
        Assert.True(decide.Json.GetProperty("q").GetDouble() >= 677.39, "no decision beats the exhaustive optimum of this workload (677.39 J)");
    }

    [Theory]
    [InlineData("full", new string[0])]
    [InlineData("per-device", new[] { "--set", "system.devices=4", "--set", "learning.architecture=per-device", "--set", "learning.hidden-layers=[16,16]", "--set", "learning.input-scale=1" })]
    public void Should_export_a_trained_run_as_onnx_that_decides_as_the_live_networks_on_a_thousand_workloads(string name, string[] design)
    {
        string run = Path.Combine(directory, name);
        string model = Path.Combine(directory, name + ".ddlo");
        string onnx = Path.Combine(directory, name + "-onnx");
        Assert.Equal(0, DdloProcess.Run(["simulate", "--steps", "700", "--set", "learning.warmup=100", .. design, "--out", run, "--json"]).ExitCode);
        Assert.Equal(0, DdloProcess.Run("export", "--from", run, "--out", model).ExitCode);

        var export = DdloProcess.Run("export", "--from", run, "--out", onnx, "--format", "onnx", "--json");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(5, export.Json.GetProperty("models").GetArrayLength());
        Assert.False(Directory.Exists(onnx + ".partial"), "nothing is left half-written");
        using var live = Ddlo.Learning.Deployment.OffloadingModel.Load(model);
        int devices = live.Manifest.Devices;
        var modelOfSystem = new Ddlo.Core.Model.MecModel(live.Manifest.Parameters, live.Manifest.BandwidthPolicy);
        var proposers = Enumerable.Range(0, 5).Select(k => Ddlo.Learning.Deployment.OnnxProposer.Open(Path.Combine(onnx, $"dnn-{k}.onnx"), devices * 3)).ToList();
        var exported = new Ddlo.Core.Policies.BestOfPolicy("onnx", modelOfSystem, proposers);
        var generator = new Ddlo.Core.Workloads.UniformWorkloadGenerator(devices, 3, 10, 30, new Random(11));
        for (int i = 0; i < 1000; i++)
        {
            var workload = generator.Next();
            Assert.Equal(live.Decide(workload).Decision.Bits.ToArray(), exported.Decide(workload).Bits.ToArray());
        }

        proposers.ForEach(p => p.Dispose());

        // The scenario beside the models runs them through the actors on the system they were trained for.
        var replay = DdloProcess.Run("simulate", "--scenario", Path.Combine(onnx, "scenario.conf"), "--steps", "200", "--out", Path.Combine(directory, name + "-replay"), "--json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal("onnx", replay.Json.GetProperty("policy").GetString());
        Assert.Equal(devices, replay.Json.GetProperty("devices").GetInt32());

        var again = DdloProcess.Run("export", "--from", run, "--out", onnx, "--format", "onnx");
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("the folder holds files; choose another or pass --force", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_export_a_per_device_run_and_decide_and_bench_from_its_model_file()
    {
        string run = Path.Combine(directory, "per-device");
        string model = Path.Combine(directory, "per-device.ddlo");
        Assert.Equal(0, DdloProcess.Run(
            "simulate", "--steps", "400", "--set", "system.devices=4", "--set", "learning.dnn-count=2", "--set", "learning.warmup=100",
            "--set", "learning.architecture=per-device", "--set", "learning.hidden-layers=[16,16]", "--set", "learning.input-scale=1",
            "--set", "learning.device-search-rounds=2", "--out", run, "--json").ExitCode);

        var export = DdloProcess.Run("export", "--from", run, "--out", model);
        Assert.True(export.ExitCode == 0, export.ToString());

        var decide = DdloProcess.Run("decide", "--model", model, "--workload", "22,25,10,13,13,17,19,29,28,11,30,12", "--json");
        Assert.True(decide.ExitCode == 0, decide.ToString());
        Assert.Equal(12, decide.Json.GetProperty("decision").GetString()!.Length);
        var bench = DdloProcess.Run("bench", "model", model, "--steps", "200", "--json");
        Assert.True(bench.ExitCode == 0, bench.ToString());
    }

    [Fact]
    public void Should_refuse_a_file_that_is_not_a_model_in_one_line()
    {
        string fake = Path.Combine(directory, "fake.ddlo");
        File.WriteAllText(fake, "not a model");

        var result = DdloProcess.Run("decide", "--model", fake, "--workload", "22,25,10,13,13,17,19,29,28");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{fake}: not a ddlo model file, or it is truncated or corrupted", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
