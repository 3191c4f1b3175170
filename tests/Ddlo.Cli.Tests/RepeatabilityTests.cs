using System.Diagnostics;
using System.Text.Json;

namespace Ddlo.Cli.Tests;

/// <summary>
/// The same seed gives the same numbers whatever the timing: a run pinned to one core beside a busy loop, with one
/// network slowed at random, writes the steps.csv of an undisturbed run, every column but the wall-clock ones.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RepeatabilityTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-repeat-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(4, 3)]
    [InlineData(8, 0)]
    public void Should_write_the_same_steps_when_pinned_to_one_busy_core_with_a_slowed_network(int inFlight, int staleness)
    {
        string[] run =
        [
            "simulate", "--steps", "1500", "--set", "ddlo.learning.warmup=100", "--set", $"ddlo.learning.staleness={staleness}",
            "--set", $"ddlo.run.max-in-flight={inFlight}",
        ];
        string undisturbed = Path.Combine(directory, $"plain-{inFlight}");
        string disturbed = Path.Combine(directory, $"pinned-{inFlight}");

        var plain = DdloProcess.Run([.. run, "--out", undisturbed]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        using (var busy = Process.Start(new ProcessStartInfo("taskset", ["-c", "0", "sh", "-c", "while :; do :; done"]))!)
        {
            try
            {
                using var pinned = DdloProcess.StartUnder(
                    ["taskset", "-c", "0"], AppContext.BaseDirectory, new Dictionary<string, string?>(), [.. run, "--set", "ddlo.run.faults.slow-dnn=2", "--out", disturbed]);
                var result = pinned.WaitForExit(TimeSpan.FromMinutes(5));
                Assert.True(result.ExitCode == 0, result.ToString());
            }
            finally
            {
                busy.Kill();
            }
        }

        // A slot that misses its deadline is degraded and decided by the timing: the comparison needs none.
        Assert.All(new[] { undisturbed, disturbed }, folder => Assert.Equal(0, Summary(folder).GetProperty("degraded_slots").GetInt32()));
        var expected = Commands.ResumeTests.WithoutLatency(Path.Combine(undisturbed, "steps.csv"));
        Assert.Equal(1501, expected.Length);
        Commands.ResumeTests.AssertSameRows(expected, Commands.ResumeTests.WithoutLatency(Path.Combine(disturbed, "steps.csv")));
        Assert.Equal(Summary(undisturbed).GetProperty("digest").GetString(), Summary(disturbed).GetProperty("digest").GetString());
    }

    private static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;
}
