using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;

namespace Ddlo.Cli.Output;

/// <summary>The shape of summary.json (snake_case on output).</summary>
internal static class SummaryJson
{
    public static object From(RunSummary summary, Scenario scenario, IReadOnlyDictionary<string, object>? extra = null)
    {
        var settings = scenario.Settings;
        var fields = new Dictionary<string, object?>
        {
            ["scenario"] = scenario.Name,
            ["model"] = settings.System.Model,
            ["objective"] = summary.Objective == Core.Systems.Objective.Maximise ? "maximise weighted sum computation rate (bit/s)" : "minimise cost Q (J)",
            ["devices"] = settings.System.Devices,
            ["tasks_per_device"] = settings.System.TasksPerDevice,
            // MUMT's uplink; a WPMEC system has none (its constants are in scenario.conf).
            ["uplink_mbps"] = settings.System.IsWpmec ? null : settings.System.UplinkMbps,
            ["bandwidth_policy"] = settings.System.IsWpmec ? null : settings.System.BandwidthPolicy.ToString().ToLowerInvariant(),
            ["policy"] = summary.Policy,
            ["dnn_count"] = summary.DnnCount,
            ["seed"] = settings.Run.Seed,
            ["max_in_flight"] = settings.Run.MaxInFlight,
            ["steps"] = summary.Steps,
            ["slots_generated"] = summary.SlotsGenerated,
            ["slots_decided"] = summary.SlotsDecided,
            ["degraded_slots"] = summary.DegradedSlots,
            ["dnn_restarts"] = summary.DnnRestarts,
            ["optimum_source"] = summary.OptimumSource,
            ["worst_certified_gap"] = summary.OptimumGap,
            ["tail_from_step"] = summary.TailFrom,
            ["gain_ratio"] = summary.GainRatio,
            ["policies"] = summary.Policies.ToDictionary(p => p.Policy, p => new { mean_q = p.MeanQ, mean_gain_ratio = p.MeanGainRatio }),
            ["steps_per_second"] = summary.StepsPerSecond,
            ["latency_us_p50"] = summary.LatencyMicrosecondsP50,
            ["latency_us_p99"] = summary.LatencyMicrosecondsP99,
            ["network_latency_us_p50"] = summary.NetworkLatencyMicrosecondsP50,
            ["mean_candidates_per_slot"] = summary.MeanCandidates,
            ["learner"] = settings.Run.Learns ? new
            {
                design = settings.Learning.Design,
                architecture = settings.Learning.ArchitectureName,
                quantiser = settings.Learning.QuantiserName,
                candidates_per_dnn = settings.Learning.CandidatesPerDnn,
                adaptive_candidates = settings.Learning.AdaptiveCandidates,
                device_search_rounds = settings.Learning.DeviceSearchRounds,
            } : null,
            ["elapsed_seconds"] = summary.ElapsedSeconds,
            ["setup_seconds"] = summary.SetupSeconds,
            ["resumed_from_step"] = summary.ResumedFrom,
            ["checkpoints"] = new
            {
                count = summary.Checkpoints.Count,
                last_bytes = summary.Checkpoints.LastBytes,
                mean_ms = summary.Checkpoints.MeanMilliseconds,
                max_ms = summary.Checkpoints.MaxMilliseconds,
            },
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, object>())
        {
            fields[key] = value;
        }

        return fields;
    }
}
