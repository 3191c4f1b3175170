using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ddlo.Cli.Output;
using Ddlo.Hosting.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench farm</c>: one experiment file run four ways, each a fresh set of <c>ddlo</c> processes: one process
/// pinned to core 0; the same with a <c>ddlo node --role runs</c> pinned to core 1 (<c>experiment --cluster</c>, which
/// starts its first runs while the node joins, as a user would); one process on every core; and two processes on every
/// core. It reports each one's wall time from start to exit (start-up and joining included), the speed-up of two
/// processes over one, the runs each node took, and whether every CSV the experiment wrote is the same byte for byte.
/// </summary>
public sealed partial class FarmBench : AsyncCommand<FarmBench.Settings>
{
    /// <summary>The experiment measured when none is given: the paper's Fig. 10, 12 runs of 5,000 steps.</summary>
    public const string DefaultFile = "hocon/experiments/fig10-learning-rate.conf";

    public sealed class Settings : BenchSettings
    {
        [CommandOption("--file <FILE>")]
        [Description("Experiment file to run four ways. Default: hocon/experiments/fig10-learning-rate.conf (12 runs).")]
        public string File { get; init; } = DefaultFile;

        public override ValidationResult Validate()
        {
            if (Steps != DefaultSteps || MaxInFlight != DefaultMaxInFlight || ScenarioFile is not null || Overrides.Length > 0)
            {
                return ValidationResult.Error("bench farm runs the experiment file as it is: set its steps and settings in the file (--file), not with --steps, --max-in-flight, --scenario or --set.");
            }

            return System.IO.File.Exists(File) ? base.Validate() : ValidationResult.Error($"--file: no experiment file at {File}.");
        }
    }

    private sealed record Way(string Name, string? ExperimentCore, string? NodeCore, bool Farm);

    private sealed record Measured(Way Way, double Seconds, string RunsPerNode, bool SameCsvs);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        bool canPin = Environment.ProcessorCount >= 2 && Experiments.PlatformExperiment.TasksetAvailable();
        List<Way> ways =
        [
            .. canPin ? new[] { new Way("one process, core 0", "0", null, false), new Way("two processes, cores 0 and 1", "0", "1", true) } : [],
            new Way("one process, every core", null, null, false),
            new Way("two processes, every core", null, null, true),
        ];
        string root = Path.Combine(Path.GetTempPath(), $"ddlo-bench-farm-{Guid.NewGuid():N}");
        var measured = new List<Measured>();
        try
        {
            string? reference = null;
            foreach (var way in ways)
            {
                string output = Path.Combine(root, measured.Count.ToString(CultureInfo.InvariantCulture));
                var (seconds, stderr) = await RunAsync(settings.File, way, output, cancellationToken).ConfigureAwait(false);
                reference ??= output;
                // "runs finished per node: 127.0.0.1:4053 6, 127.0.0.1:40112 6" reads "6 + 6".
                string runs = RunsPerNode().Match(stderr) is { Success: true } m
                    ? string.Join(" + ", m.Groups[1].Value.Split(", ").Select(n => n.Trim().Split(' ')[^1]))
                    : "all";
                measured.Add(new Measured(way, seconds, runs, SameCsvs(reference, output)));
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        double? Ratio(int farm) => farm < measured.Count && measured[farm].Way.Farm ? measured[farm - 1].Seconds / measured[farm].Seconds : null;
        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object?>
            {
                ["file"] = settings.File,
                ["processors"] = Environment.ProcessorCount,
                ["ways"] = measured.Select(m => new { way = m.Way.Name, seconds = m.Seconds, runs_per_node = m.RunsPerNode, same_csvs = m.SameCsvs }).ToList(),
                ["speed_up_pinned"] = canPin ? Ratio(1) : null,
                ["speed_up_every_core"] = Ratio(canPin ? 3 : 1),
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{settings.File}: wall time from start to exit"))
            .AddColumn("way").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn(new TableColumn("two over one").RightAligned())
            .AddColumn("runs per node").AddColumn("CSVs as the first way's");
        for (int i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            table.AddRow(
                Markup.Escape(m.Way.Name), Describe.Number(m.Seconds, "0.0"), Ratio(i) is { } ratio ? Describe.Number(ratio, "0.00") + "x" : string.Empty,
                Markup.Escape(m.RunsPerNode), m.SameCsvs ? "same" : "[red]differ[/]");
        }

        AnsiConsole.Write(table);
        if (!canPin)
        {
            AnsiConsole.MarkupLine("The pinned ways need two cores and taskset; they were left out.");
        }

        return 0;
    }

    /// <summary>Runs the experiment one way into <paramref name="output"/>: its wall time and what it printed on stderr.</summary>
    private static async Task<(double Seconds, string Stderr)> RunAsync(string file, Way way, string output, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.FindFree();
        using var node = way.Farm ? Start(way.NodeCore, ["node", "--role", "runs", "--seed", $"127.0.0.1:{port}", "--join-timeout", "120"]) : null;
        var clock = Stopwatch.StartNew();
        using var experiment = Start(way.ExperimentCore, [
            "experiment", "--file", file, "--out", output, "--json",
            .. way.Farm ? new[] { "--cluster", "--port", port.ToString(CultureInfo.InvariantCulture) } : []]);
        var stdout = experiment.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = experiment.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await experiment.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            if (experiment.ExitCode != 0)
            {
                throw new InvalidOperationException($"bench farm: `ddlo experiment` ({way.Name}) exited with {experiment.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
            }

            await stdout.ConfigureAwait(false);
            return (seconds, await stderr.ConfigureAwait(false));
        }
        finally
        {
            // The node leaves with the experiment; one that has not within a minute (or whose experiment failed) is stopped.
            foreach (var process in new[] { experiment, node })
            {
                if (process is not null && !process.WaitForExit(TimeSpan.FromSeconds(process == node ? 60 : 0)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static Process Start(string? core, IReadOnlyList<string> arguments)
    {
        var self = SelfCommand.Start(arguments);
        var start = core is null ? self : new ProcessStartInfo("taskset") { UseShellExecute = false };
        if (core is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(core);
            start.ArgumentList.Add(self.FileName);
            foreach (string argument in self.ArgumentList)
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
        if (arguments[0] == "node")
        {
            // A node's own output is not read: drained so that it never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    /// <summary>Whether every CSV under <paramref name="reference"/> is, byte for byte, the one under <paramref name="output"/>.</summary>
    private static bool SameCsvs(string reference, string output)
    {
        var files = Directory.GetFiles(reference, "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(reference, f)).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 && files.All(f => System.IO.File.Exists(Path.Combine(output, f)) && System.IO.File.ReadAllBytes(Path.Combine(reference, f)).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(Path.Combine(output, f))));
    }


    [GeneratedRegex("runs finished per node: (.*)")]
    private static partial Regex RunsPerNode();
}
