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
