using System.Text.Json;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// samples/python/droo_agent.py, a PyTorch DROO-style learner, training through a real <c>ddlo serve</c> process on
/// the paper's 3x3 system: it learns (its trained network beats its untrained one on new slots) and gains what the C#
/// learner with the same settings gains in <c>ddlo simulate</c>.
/// </summary>
public sealed class PythonAgentTests
{
    private const int Steps = 8000;

    [Fact]
    public async Task Should_train_the_pytorch_agent_through_serve_to_the_gain_of_the_csharp_learner_with_its_settings()
    {
        using var server = DdloProcess.StartReading("serve", "--port", "0", "--json");
        var listening = JsonDocument.Parse(await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) ?? "{}").RootElement;
        string target = $"127.0.0.1:{listening.GetProperty("port").GetInt32()}";

        var untrained = Agent("--target", target, "--steps", "0", "--test-steps", "500");
        var trained = Agent("--target", target, "--steps", $"{Steps}", "--test-steps", "500");
        var csharp = DdloProcess.Run("simulate", "--steps", $"{Steps}", "--set", "learning.dnn-count=1", "--set", "learning.quantiser=order-preserving",
            "--set", "learning.candidates-per-dnn=9", "--json");

        Assert.True(csharp.ExitCode == 0, csharp.ToString());
        Assert.Equal(9, trained.GetProperty("candidates").GetInt32());
        Assert.True(trained.GetProperty("training_rounds").GetInt32() > 700, trained.ToString());
        double learned = trained.GetProperty("test_gain").GetDouble();
        Assert.True(learned > untrained.GetProperty("test_gain").GetDouble() + 0.01, $"trained {learned}, untrained {untrained}");
        // The same measure on both sides: the mean gain over the last 20 % of the training slots.
        double python = trained.GetProperty("train_tail_gain").GetDouble();
        double dotnet = csharp.Json.GetProperty("gain_ratio").GetDouble();
        Assert.True(Math.Abs(python - dotnet) <= 0.005, $"PyTorch agent {python}, C# learner {dotnet}");
    }

    /// <summary>The agent's JSON line, run by Debian's python3 on the samples copied beside the tests.</summary>
    private static JsonElement Agent(params string[] args) =>
        JsonDocument.Parse(PythonScript.Run(TimeSpan.FromMinutes(5), ["droo_agent.py", .. args])).RootElement;
}
