// A program of your own on the Ddlo libraries, with no command line: one simulation into a results folder, then one
// experiment with its CSV, figure and report. Usage: Ddlo.Library.Sample OUTPUT_FOLDER
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Experiments;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;

string output = args.Length > 0 ? args[0] : Path.Combine("results", "library-sample");

// 1. One run: the embedded paper 3x3 system, K = 3 DNNs, 1,000 steps, scored against the exhaustive optimum.
var scenario = Scenario.Load(null, ["ddlo.run.steps=1000", "ddlo.learning.dnn-count=3"]);
using var session = RunSession.Start(scenario, ResultsFolder.Claim(Path.Combine(output, "run"), "library", force: false));
var run = await session.RunAsync(progress: null, CancellationToken.None);
var summary = run.Summary!;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"run: {summary.SlotsDecided} slots decided, gain ratio {summary.GainRatio:0.0000} over the last 20 % (Q* from {summary.OptimumSource}), results in {session.Output}"));

// 2. One experiment from a file, run with the built-in kinds (ExperimentRegistry.Default.With(...) adds your own).
string plan = Path.Combine(AppContext.BaseDirectory, "alpha.conf");
var suite = ExperimentFile.Load(plan, quick: false);
// The claim is the folder's lock: keep it while the experiment writes there.
using var folder = ResultsFolder.Claim(Path.Combine(output, "experiment"), "library", force: false);
foreach (var result in await new ExperimentRunner().RunAsync(suite, folder.Folder, "samples/library"))
{
    Console.WriteLine($"experiment {result.Plan.Name}: {result.Csv}, {result.Figure}");
    foreach (var claim in result.Claims)
    {
        Console.WriteLine($"  {claim.Statement}: {claim.Measured} ({claim.Verdict})");
    }
}
