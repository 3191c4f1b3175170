using System.Globalization;
using System.Text;
using Ddlo.Hosting.Results;

namespace Ddlo.Experiments;

/// <summary>report.md: what was run and how to run it again, the figure, the measurements and each published claim beside ours.</summary>
internal static class ExperimentReport
{
    public const string FileName = "report.md";

    public static void Write(string directory, ExperimentResult result)
    {
        var plan = result.Plan;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {plan.Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Regenerate: `./run.sh experiment --file {plan.File}{(plan.Quick ? " --quick" : string.Empty)}`");
        text.AppendLine();
        string grid = plan.GridKeys.IsEmpty
            ? string.Empty
            : $", {(plan.ZipDesigns ? "taken together with" : "crossed with")} {string.Join(", ", plan.GridKeys.Select(k => $"`{k}`"))} ({plan.Designs.Length} points: {string.Join("; ", plan.Designs.Select(d => d.Name))})";
        string also = plan.Overrides.IsEmpty ? string.Empty : $"; also {string.Join(", ", plan.Overrides.Select(o => $"`{o}`"))}";
        string scenario = plan.BaseScenario is null ? "embedded defaults" : Path.GetFileName(plan.BaseScenario);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Base scenario `{scenario}`; `{plan.SweepKey}` swept over [{string.Join(", ", plan.Values)}]{grid}; {plan.Repetitions} repetition(s) (seeds 1..{plan.Repetitions}); " +
            $"{StepsText(plan)} {StepsName(plan)} per run{also}. Took {result.Elapsed.TotalSeconds:0} s on {Environment.ProcessorCount} cores ({DateTime.UtcNow:yyyy-MM-dd}).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![{plan.Title}]({Path.GetFileName(result.Figure)})");
        text.AppendLine();
        foreach (string figure in result.MoreFiles.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(figure)}]({Path.GetFileName(figure)})");
            text.AppendLine();
        }

        var data = result.MoreFiles.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).Prepend(result.Csv).Select(f => $"[`{Path.GetFileName(f)}`]({Path.GetFileName(f)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {string.Join(", ", data)}, every repetition.");
        text.AppendLine();
        text.AppendLine("## Measured");
        text.AppendLine();
        text.Append(result.Table);
        text.AppendLine();
        if (plan.Repetitions > 1)
        {
            text.AppendLine(SeedStatistics.Legend);
            text.AppendLine();
        }

        // Claims that are all the project's own targets (a scale experiment's) are not the paper's: they are met or missed.
        bool targets = !result.Claims.IsEmpty && result.Claims.All(c => c.IsTarget);
        text.AppendLine(targets ? "## Targets" : "## Published claims");
        text.AppendLine();
        text.Append(Claims(result.Claims, targets ? "set by" : "published"));
        ResultsWriter.WriteAtomically(Path.Combine(directory, FileName), file => File.WriteAllText(file, text.ToString()));
    }

    /// <summary>The suite's report: every claim of every experiment, with links to each experiment's own report.</summary>
    public static void WriteSuite(string directory, string title, IReadOnlyList<ExperimentResult> results, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Regenerate: `{command}` ({results.Sum(r => r.Elapsed.TotalSeconds):0} s on {Environment.ProcessorCount} cores).");
        text.AppendLine();
        text.AppendLine("| experiment | claim | published | measured here | verdict |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var result in results)
        {
            foreach (var claim in result.Claims)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| [{result.Plan.Name}]({result.Plan.Name}/{FileName}) | {claim.Statement} | {claim.Published} | {claim.Measured} | **{claim.Verdict}** |");
            }
        }

        text.AppendLine();
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {result.Plan.Title}");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"![{result.Plan.Title}]({result.Plan.Name}/{Path.GetFileName(result.Figure)})");
            text.AppendLine();
        }

        ResultsWriter.WriteAtomically(Path.Combine(directory, FileName), file => File.WriteAllText(file, text.ToString()));
    }

    private static string Claims(IEnumerable<Claim> claims, string source)
    {
        var list = claims.ToList();
        if (list.Count == 0)
        {
            return "No published claim or target of ours applies to this experiment: it reports what it measured.\n";
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| claim | {source} | measured here | verdict |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var claim in list)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {claim.Statement} | {claim.Published} | {claim.Measured} | **{claim.Verdict}** |");
        }

        return text.ToString();
    }

    private static string StepsText(ExperimentPlan plan) => plan.StepsPerValue.IsEmpty
        ? plan.Steps.ToString("N0", CultureInfo.InvariantCulture)
        : $"({string.Join("; ", plan.Values.Select(v => $"{plan.SweepLabel} = {v}: {plan.StepsFor(v):N0}"))})";

    private static string StepsName(ExperimentPlan plan) => plan.Kind switch
    {
        "timing" => plan.Measure == TimingMeasure.Training ? "timed training rounds" : "timed decisions",
        _ => "learning steps",
    };
}
