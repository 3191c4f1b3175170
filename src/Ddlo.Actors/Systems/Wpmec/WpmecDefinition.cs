using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Wpmec;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Wpmec;

/// <summary>
/// DROO's wireless-powered MEC system (<c>ddlo.system.model = wpmec</c>): each device harvests energy from the access
/// point, then computes locally or offloads, and the weighted sum computation rate is maximised
/// (<see cref="WpmecModel"/>). Its keys are in wpmec.conf.
/// </summary>
public sealed class WpmecDefinition : ISystemDefinition
{
    private static readonly Lazy<string> Reference = new(() => SystemModels.ReadResource(typeof(WpmecDefinition).Assembly, "Ddlo.Actors.Systems.wpmec.conf"));

    public string Name => WpmecModel.ModelName;

    public string DisplayName => "WPMEC";

    public string ReferenceConfig => Reference.Value;

    /// <summary>A rate in bit/s, shown in Mbit/s.</summary>
    public SystemWords Words { get; } = new("mean rate (Mbit/s)", "weighted sum computation rate (bit/s)", "maximise weighted sum computation rate (bit/s)")
    {
        Learner = "DROO",
        SlotAxis = "time frame",
        DisplayDivisor = 1e6,
        SummaryFormat = "0.0000",
        DetailFormat = "0.######",
    };

    public SystemAbilities Abilities => SystemAbilities.All;

    public IConfiguredSystem Read(ConfigReader config, int devices)
    {
        ModeSearchSystems.ReadTasksPerDevice(config, DisplayName);
        return WpmecSettings.Read(config, devices);
    }

    public DatasetLayout DatasetLayout(int devices, int tasksPerDevice) => WpmecModel.Dataset(devices);

    public (ISystemModel Model, InputNormalizer Normalizer) OpenModelFile(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var wpmec = manifest.Wpmec ?? throw new ArgumentException("the manifest names the wpmec model but holds no Wpmec section.");
        return (new WpmecModel(wpmec.Parameters, wpmec.Weights), InputNormalizer.Times(wpmec.InputFactor));
    }

    /// <summary>Faded channel gains of the default channel.</summary>
    public IReadOnlyList<Workload> BenchWorkloads(ModelManifest manifest, int count)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var channel = new WpmecChannel();
        var devices = Enumerable.Range(0, manifest.Devices).Select(i => new WpmecChannelSource(channel, i, manifest.Devices, new Random(i))).ToArray();
        return [.. Enumerable.Range(0, count).Select(t => Workload.Create(manifest.Devices, 1, devices.Select(d => d.TasksFor(t)[0])))];
    }

    /// <summary>Which devices offload, the rate, and the exact time split (a, tau).</summary>
    public SlotSolution DescribeDecision(ISystemModel model, Workload workload, OffloadDecision decision, string network)
    {
        var split = ((WpmecModel)model).Solve(workload, decision);
        return new SlotSolution(
            [
                new("Decision", decision.ToString(), $"1 = offload; {network}"),
                new("Rate", $"{(split.Rate / 1e6).ToString("0.######", CultureInfo.InvariantCulture)} Mbit/s (weighted sum)"),
                new("Split", $"power transfer a = {split.PowerTransfer.ToString("0.####", CultureInfo.InvariantCulture)}  " +
                    string.Join("  ", split.OffloadTimes.Select((t, n) => (t, n)).Where(p => p.t > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"tau{p.n} = {p.t:0.####}")))),
            ],
            [
                new("decision", decision.ToString()),
                new("rate_bits_per_second", split.Rate),
                new("power_transfer", split.PowerTransfer),
                new("offload_times", split.OffloadTimes),
            ]);
    }
}
