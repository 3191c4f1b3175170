using System.Diagnostics;

namespace Ddlo.Experiments.Tests;

/// <summary>samples/library, built and run as a user would: a scenario and an experiment through the libraries' public API, with no CLI.</summary>
public sealed class LibrarySampleTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-library-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_run_a_scenario_and_an_experiment_through_the_libraries_alone()
    {
        string root = Repository.Root;
        string project = Path.Combine(root, "samples", "library", "Ddlo.Library.Sample.csproj");
        var (buildExit, buildOutput) = Run("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"]);
        Assert.True(buildExit == 0, $"the library sample did not build:\n{buildOutput}");

        string program = Path.Combine(root, "artifacts", "bin", "Ddlo.Library.Sample", "release_linux-x64", "Ddlo.Library.Sample.dll");
        var (exit, text) = Run("dotnet", [program, output]);

        Assert.True(exit == 0, text);
        // The libraries alone: the command line (assembly ddlo) is not among the program's dependencies.
        Assert.DoesNotContain("\"ddlo/", File.ReadAllText(Path.ChangeExtension(program, ".deps.json")), StringComparison.Ordinal);
        Assert.Contains("run: 1000 slots decided, gain ratio", text, StringComparison.Ordinal);
        Assert.Equal(1001, File.ReadAllLines(Path.Combine(output, "run", "steps.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "run", "summary.json")));
        Assert.False(File.Exists(Path.Combine(output, "run", "checkpoint.bin")), "a complete run keeps no checkpoint");
        foreach (string file in new[] { "alpha.csv", "alpha.png", "report.md" })
        {
            Assert.True(File.Exists(Path.Combine(output, "experiment", file)), $"the experiment wrote no {file}:\n{text}");
        }

        // Two alpha values x four policies x one seed, each with its mean Q.
        Assert.Equal(1 + (2 * 4), File.ReadAllLines(Path.Combine(output, "experiment", "alpha.csv")).Length);
    }

    private static (int Exit, string Output) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
