using System.Globalization;
using System.Text.Json;

namespace Ddlo.Cli.Tests;

/// <summary>
/// Networks trained by DDLO in PyTorch (samples/python/train_ddlo.py) and exported as ONNX decide in the simulator as
/// they did in PyTorch: expected.json holds the mean gain ratio Python computed for them on the published data set.
/// </summary>
public sealed class OnnxTests : IDisposable
{
    private const string Models = "samples/python/models";
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-onnx-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static JsonElement Expected => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, Models, "expected.json"))).RootElement;

    private static string ModelList() =>
        "onnx.models=[" + string.Join(", ", Expected.GetProperty("models").EnumerateArray().Select(m => $"\"{Models}/{m.GetString()}\"")) + "]";

    [Fact]
    public void Should_give_the_mean_gain_ratio_python_computed_for_the_same_networks_on_the_published_data()
    {
        var result = DdloProcess.Run(
            "evaluate", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--dataset", "samples/data/ddlo-mumt-3x3.csv",
            "--policy", "onnx", "--set", ModelList(), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Expected.GetProperty("rows").GetInt32(), result.Json.GetProperty("rows").GetInt32());
        double python = Expected.GetProperty("mean_gain_ratio").GetDouble();
        double ours = result.Json.GetProperty("mean_gain_ratio").GetDouble();
        Assert.True(Math.Abs(python - ours) <= 1e-9, $"PyTorch {python.ToString("R", CultureInfo.InvariantCulture)}, ONNX here {ours.ToString("R", CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public void Should_run_one_proposer_per_model_through_the_actors_and_keep_the_cheapest()
    {
        var result = DdloProcess.Run(
            "simulate", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--policy", "onnx", "--set", ModelList(),
            "--steps", "500", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("onnx", result.Json.GetProperty("policy").GetString());
        Assert.Equal(Expected.GetProperty("models").GetArrayLength(), result.Json.GetProperty("dnn_count").GetInt32());
        Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
        double gain = result.Json.GetProperty("gain_ratio").GetDouble();
        double edge = result.Json.GetProperty("policies").GetProperty("edge").GetProperty("mean_gain_ratio").GetDouble();
        Assert.True(gain > edge, $"the trained networks ({gain}) should beat offloading everything ({edge})");
        // Every slot's winner is one of the models, and more than one of them wins somewhere.
        var winners = File.ReadAllLines(Path.Combine(output, "steps.csv")).Skip(1).Select(row => int.Parse(row.Split(',')[6], CultureInfo.InvariantCulture)).ToList();
        Assert.All(winners, k => Assert.InRange(k, 0, Expected.GetProperty("models").GetArrayLength() - 1));
        Assert.True(winners.Distinct().Count() > 1, "only one model ever won");
    }
}
