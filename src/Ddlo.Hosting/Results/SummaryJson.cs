using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Results;

/// <summary>The shape of summary.json (snake_case on output).</summary>
public static class SummaryJson
{
    /// <param name="summary">The run's figures.</param>
    /// <param name="scenario">Its settings.</param>
    /// <param name="digest">Its <see cref="RunDigest"/>.</param>
    /// <param name="numerics">The numerics in force in the process that ran it (the scenario's, unless this CPU could not keep portable).</param>
    /// <param name="extra">Fields to add or replace.</param>
    public static object From(RunSummary summary, Scenario scenario, string digest, Learning.Numerics numerics, IReadOnlyDictionary<string, object>? extra = null)
    {
        var settings = scenario.Settings;
        var fields = new Dictionary<string, object?>
        {
            ["scenario"] = scenario.Name,
            ["model"] = settings.System.Model,
            ["objective"] = settings.System.Definition.Words.Objective,
            ["devices"] = settings.System.Devices,
            ["tasks_per_device"] = settings.System.TasksPerDevice,
            // MUMT's uplink; WPMEC and LyDROO systems have none (their constants are in scenario.conf).
            ["uplink_mbps"] = settings.System.SummaryField("uplink_mbps"),
            ["bandwidth_policy"] = settings.System.SummaryField("bandwidth_policy"),
            // MUMT's uplink channel and device classes, null when off (the paper's devices).
            ["channel"] = settings.System.SummaryField("channel"),
            ["mobility"] = settings.System.SummaryField("mobility"),
            ["device_classes"] = settings.System.SummaryField("device_classes"),
            ["policy"] = summary.Policy,
            ["dnn_count"] = summary.DnnCount,
            ["seed"] = settings.Run.Seed,
            ["max_in_flight"] = settings.Run.MaxInFlight,
            ["numerics"] = Learning.TorchRuntime.Name(numerics),
            ["steps"] = summary.Steps,
            ["slots_generated"] = summary.SlotsGenerated,
            ["slots_decided"] = summary.SlotsDecided,
            ["degraded_slots"] = summary.DegradedSlots,
            ["dnn_restarts"] = summary.DnnRestarts,
            ["optimum_source"] = summary.OptimumSource,
            ["worst_certified_gap"] = summary.OptimumGap,
            ["tail_from_step"] = summary.TailFrom,
            ["gain_ratio"] = summary.GainRatio,
            ["policies"] = summary.Policies.ToDictionary(p => p.Policy, p => new
            {
                mean_q = p.MeanQ,
                mean_gain_ratio = p.MeanGainRatio,
                priced_per_slot = p.PricedPerSlot,
                latency_us_p50 = p.LatencyMicrosecondsP50,
            }),
            // SHA-256 of steps.csv but its wall-clock columns: equal digests, equal runs (README, "Repeatability").
            ["digest"] = digest,
            ["steps_per_second"] = summary.StepsPerSecond,
            ["latency_us_p50"] = summary.LatencyMicrosecondsP50,
            ["latency_us_p99"] = summary.LatencyMicrosecondsP99,
            ["network_latency_us_p50"] = summary.NetworkLatencyMicrosecondsP50,
            ["mean_candidates_per_slot"] = summary.MeanCandidates,
            // The candidates plus the device search's single-device changes: the work behind each decision.
            ["mean_priced_per_slot"] = summary.MeanPriced,
            ["learner"] = settings.Run.Learns ? new
            {
                design = settings.Learning.Design,
                architecture = settings.Learning.ArchitectureName,
                quantiser = settings.Learning.QuantiserName,
                candidates_per_dnn = settings.Learning.CandidatesPerDnn,
                adaptive_candidates = settings.Learning.AdaptiveCandidates,
                device_search_rounds = settings.Learning.DeviceSearchRounds,
                device_search_role = settings.Learning.DeviceSearchRounds == 0 ? null : settings.Learning.SearchTeaches ? "teach" : "decide",
                staleness = settings.Learning.Staleness,
            } : null,
            ["queues"] = summary.Queues is { } q ? new
            {
                tail_mean_data_queue_mbit = q.DataQueue,
                tail_mean_energy_queue = q.EnergyQueue,
                tail_mean_energy_j = q.Energy,
                energy_budget_j = settings.System.Queueing?.EnergyBudgetJ,
                tail_mean_arrivals_mbit = q.Arrivals,
                tail_mean_served_mbit = q.Served,
                littles_law = q.LittlesLaw is { } law ? new
                {
                    mean_backlog_mbit = law.Backlog,
                    arrival_rate_mbit_per_frame = law.ArrivalRate,
                    mean_wait_frames = law.MeanWait,
                    arrival_rate_times_wait = law.Predicted,
                    relative_error = law.RelativeError,
                } : null,
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
