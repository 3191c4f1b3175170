using Ddlo.Core.Systems;

namespace Ddlo.Serving.Environments;

/// <summary>What the environments of one scenario look like to an agent: the shapes, the objective, the episode length.</summary>
/// <param name="Model">ddlo.system.model.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Description">Its system in one line.</param>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M.</param>
/// <param name="Objective">Which way the value is better.</param>
/// <param name="ValueName">What the value is.</param>
/// <param name="ReportName">What the devices report.</param>
/// <param name="MaxSteps">Steps per episode (ddlo.run.steps).</param>
/// <param name="Oracle">The oracle that scores each step, or null.</param>
/// <param name="Seed">The seed of a first reset that names none (ddlo.run.seed).</param>
public sealed record EnvironmentSpec(
    string Model, string Scenario, string Description, int Devices, int TasksPerDevice, Objective Objective,
    string ValueName, string ReportName, long MaxSteps, string? Oracle, int Seed)
{
    /// <summary>Context values per device after the reports (LyDROO: its data queue and energy queue), 0 without.</summary>
    public int ContextFeatures { get; init; }

    /// <summary>Values per observation: the N*M reports, then N values per context feature.</summary>
    public int ObservationSize => (Devices * TasksPerDevice) + (Devices * ContextFeatures);

    /// <summary>Bits per decision: N*M.</summary>
    public int DecisionSize => Devices * TasksPerDevice;
}
