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
        using var live = Ddlo.Actors.Systems.ModelFiles.Load(model);
        int devices = live.Manifest.Devices;
        var modelOfSystem = new Ddlo.Core.Model.MecModel(live.Manifest.Parameters, live.Manifest.BandwidthPolicy);
        var proposers = Enumerable.Range(0, 5).Select(k => Ddlo.Learning.Deployment.OnnxProposer.Open(Path.Combine(onnx, $"dnn-{k}.onnx"), devices * 3, Ddlo.Core.Model.MecModel.ModelName)).ToList();
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

    /// <summary>The first row of the authors' WPMEC data: its channel gains, and the optimal rate they published.</summary>
    private const string DrooGains = "8.503830075109449e-07,3.0579545577630124e-06,2.2405480322479394e-06,5.438564437995216e-07,6.129093252079282e-07,1.2537218584868725e-06,3.1600741711386013e-06,2.1984558740923275e-06,1.5544988937777437e-07,3.880862303766656e-06";

    [Fact]
    public void Should_export_a_wpmec_run_that_decides_from_channel_gains_and_is_refused_by_an_mumt_scenario()
    {
        string run = Path.Combine(directory, "droo");
        string model = Path.Combine(directory, "droo.ddlo");
        string onnx = Path.Combine(directory, "droo-onnx");
        Assert.Equal(0, DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--steps", "600", "--set", "run.score-against-optimum=off", "--out", run, "--json").ExitCode);
        Assert.Equal(0, DdloProcess.Run("export", "--from", run, "--out", model).ExitCode);

        var decide = DdloProcess.Run("decide", "--model", model, "--workload", DrooGains, "--json");

        Assert.True(decide.ExitCode == 0, decide.ToString());
        Assert.Equal(10, decide.Json.GetProperty("decision").GetString()!.Length);
        double rate = decide.Json.GetProperty("rate_bits_per_second").GetDouble();
        Assert.InRange(rate, 0.5e6, 1510816.988240892 * (1 + 1e-6));
        double frame = decide.Json.GetProperty("power_transfer").GetDouble() + decide.Json.GetProperty("offload_times").EnumerateArray().Sum(t => t.GetDouble());
        Assert.Equal(1.0, frame, 9);

        var negative = DdloProcess.Run("decide", "--model", model, "--workload", DrooGains.Replace("8.503830075109449e-07", "0", StringComparison.Ordinal));
        Assert.Equal(2, negative.ExitCode);
        Assert.Contains("--workload: Device 0's channel gain must be a number within [1E-100, 1E+100], got 0.", negative.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, DdloProcess.Run("export", "--from", run, "--out", onnx, "--format", "onnx").ExitCode);
        var mumt = DdloProcess.Run("simulate", "--set", "system.devices=10", "--set", "system.tasks-per-device=1", "--set", "run.policy=onnx", "--set", $"onnx.models=[\"{Path.Combine(onnx, "dnn-0.onnx")}\"]", "--steps", "10");
        Assert.Equal(2, mumt.ExitCode);
        Assert.Contains("this network was trained for the wpmec model, but the scenario models mumt", mumt.Stderr, StringComparison.Ordinal);
        Assert.Single(mumt.Stderr.Trim().Split('\n'));
    }
}
