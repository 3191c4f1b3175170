using Ddlo.Actors.Configuration;
using Ddlo.Core.Lyapunov;

namespace Ddlo.Actors.Systems.Lydroo;

/// <summary>
/// LyDROO's online system (<c>ddlo.system.model = lydroo</c>): data arrives into each device's queue, a virtual energy
/// queue holds a long-term energy budget, and each frame maximises the drift-plus-penalty objective
/// (<see cref="LydrooModel"/>). Its keys (<c>ddlo.lydroo</c>, <c>ddlo.arrivals</c>) are in lydroo.conf. Its frames
/// depend on the queues the frames before them left, so it simulates only.
/// </summary>
public sealed class LydrooDefinition : ISystemDefinition
{
    private static readonly Lazy<string> Reference = new(() => SystemModels.ReadResource(typeof(LydrooDefinition).Assembly, "Ddlo.Actors.Systems.lydroo.conf"));

    public string Name => LydrooModel.ModelName;

    public string DisplayName => "LyDROO";

    public string ReferenceConfig => Reference.Value;

    public SystemWords Words { get; } = new("mean objective", "drift-plus-penalty objective", "maximise the drift-plus-penalty objective sum_i (Q_i + V w_i) r_i - Y_i e_i") { Learner = "LyDROO", SlotAxis = "time frame" };

    /// <summary>The arrival trace (<c>ddlo.arrivals.process = trace</c>).</summary>
    public IReadOnlyList<string> PathKeys { get; } = [ArrivalSettings.TraceKey];

    public SystemAbilities Abilities { get; } = new()
    {
        WhyNotSolve = "solve prices one slot's reports, but LyDROO's critic also needs each device's queues; run it with simulate (steps.csv holds every frame's queues).",
        WhyNotEvaluate = "evaluate replays a data set of independent slots, but each LyDROO frame starts from the queues the frames before it left; run it with simulate.",
        WhyNotExport = "a LyDROO run's networks see the queues as well as the channel gains; model files and ONNX export hold MUMT and WPMEC networks only.",
        WhyNotOnnx = "ONNX models take the reports alone, but LyDROO's networks also see each device's queues; decide with ddlo or a baseline.",
    };

    public IConfiguredSystem Read(ConfigReader config, int devices)
    {
        ModeSearchSystems.ReadTasksPerDevice(config, DisplayName);
        return LydrooSettings.Read(config, devices);
    }
}
