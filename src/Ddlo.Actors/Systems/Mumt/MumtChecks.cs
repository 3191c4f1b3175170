using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>What a run's settings may ask of MUMT: its oracles and baselines within their reach, and inputs that carry information.</summary>
internal static class MumtChecks
{
    /// <summary>MUMT's oracles and baselines within their reach, and its baselines only.</summary>
    public static void Validate(DdloSettings settings, Func<string, string> sourceOf)
    {
        if (settings.System.Configured is MumtSettings { Topology: not null })
        {
            ValidateMap(settings, sourceOf);
            return;
        }

        int tasks = settings.System.TaskCount;
        if (tasks > ExhaustiveSearch.MaxTasks && settings.Run.OracleFor(settings.System) == "exhaustive")
        {
            const string key = "ddlo.run.score-against-optimum";
            throw ScenarioException.For(sourceOf(key), key,
                $"exhaustive scoring needs N*M <= {ExhaustiveSearch.MaxTasks}, but N*M = {tasks}; use auto or dual.");
        }

        if (settings.Run.Scoring == ScoringMode.CoordinateDescent)
        {
            const string key = "ddlo.run.score-against-optimum";
            throw ScenarioException.For(sourceOf(key), key, "coordinate-descent scores WPMEC and LyDROO (ddlo.system.model = wpmec | lydroo); MUMT scores against auto | exhaustive | dual | off.");
        }

        if (tasks > ExhaustiveSearch.MaxTasks && settings.Run.Policy == "exhaustive")
        {
            const string key = "ddlo.run.policy";
            throw ScenarioException.For(sourceOf(key), key, $"the exhaustive policy needs N*M <= {ExhaustiveSearch.MaxTasks}, but N*M = {tasks}; use dual.");
        }

        CheckDualReach(settings, sourceOf);
    }


    /// <summary>
    /// A map of cells decides by its shared learner and scores every baseline beside it in each cell, against each
    /// cell's optimum (exhaustive while the cell's N*M is small, the certified dual beyond) or not at all.
    /// </summary>
    private static void ValidateMap(DdloSettings settings, Func<string, string> sourceOf)
    {
        if (!settings.Run.Learns)
        {
            const string key = "ddlo.run.policy";
            throw ScenarioException.For(sourceOf(key), key,
                $"a map of cells (ddlo.topology) decides by its shared learner and scores local, edge, greedy and random beside it in every cell, so '{settings.Run.Policy}' needs no run of its own; set ddlo.run.policy = ddlo.");
        }

        if (settings.Results.Decisions)
        {
            throw ScenarioException.For(sourceOf(ResultsSettings.DecisionsKey), ResultsSettings.DecisionsKey,
                "a map of cells writes no decisions.csv (its devices change cells from slot to slot); cells.csv holds each cell's slot. Set it off.");
        }

        if (settings.Run.Scoring is not (ScoringMode.Auto or ScoringMode.Off))
        {
            const string key = "ddlo.run.score-against-optimum";
            throw ScenarioException.For(sourceOf(key), key,
                $"a map of cells scores each cell against its own optimum, exhaustive while the cell's N*M is at most {MecModel.AutoExhaustiveMaxTasks} and the certified dual beyond (auto), or not at all (off); '{settings.Run.ScoringName}' does not apply.");
        }
    }

    /// <summary>The networks see task sizes scaled from [min-mb, max-mb]: a range of one size tells them nothing.</summary>
    public static void ValidateLearning(DdloSettings settings, Func<string, string> sourceOf)
    {
        if (settings.Workload.MinMb == settings.Workload.MaxMb)
        {
            const string key = "ddlo.workload.max-mb";
            throw ScenarioException.For(sourceOf(key), key,
                $"every task would be {settings.Workload.MinMb} MB, so the networks' inputs would carry no information (they are scaled from [min-mb, max-mb]); widen the range or run a baseline policy.");
        }
    }

    /// <summary>
    /// The dual optimum's reach: it enumerates 2^M decisions per device, and its local search was measured out of reach
    /// beyond <see cref="DualDecomposition.MaxDevices"/> devices. Scoring by it, or deciding by it, is refused beyond
    /// that, naming the key the user set.
    /// </summary>
    private static void CheckDualReach(DdloSettings settings, Func<string, string> sourceOf)
    {
        int m = settings.System.TasksPerDevice;
        int n = settings.System.Devices;
        (string Size, string SizeKey, string Reach)? beyond =
            m > DualDecomposition.MaxTasksPerDevice
                ? ($"M = {m} tasks per device", "ddlo.system.tasks-per-device", $"needs M <= {DualDecomposition.MaxTasksPerDevice} (it enumerates 2^M decisions per device)")
            : n > DualDecomposition.MaxDevices
                ? ($"N = {n} devices", "ddlo.system.devices", $"handles at most {DualDecomposition.MaxDevices.ToString("N0", global::System.Globalization.CultureInfo.InvariantCulture)} devices in reasonable time")
            : null;
        if (beyond is not { } limit)
        {
            return;
        }

        const string scoring = "ddlo.run.score-against-optimum";
        if (settings.Run.OracleFor(settings.System) == "dual")
        {
            // Blame the size (scoring left at its default) or the scoring mode the user chose.
            string key = sourceOf(scoring) == Scenario.ReferenceSource ? limit.SizeKey : scoring;
            throw ScenarioException.For(sourceOf(key), key,
                $"{limit.Size}, but scoring against the dual optimum ({scoring} = {settings.Run.Scoring.ToString().ToLowerInvariant()}) {limit.Reach}; set {scoring} = off.");
        }

        if (settings.Run.Policy == "dual")
        {
            const string key = "ddlo.run.policy";
            throw ScenarioException.For(sourceOf(key), key, $"{limit.Size}, but the dual policy {limit.Reach}.");
        }
    }
}
