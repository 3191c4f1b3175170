using Ddlo.Actors.Configuration;
using Ddlo.Core.Systems;

namespace Ddlo.Serving.Environments;

/// <summary>
/// A loaded scenario that environments are made from: its settings and its <see cref="EnvironmentSpec"/>. A system
/// whose devices carry queues from slot to slot (LyDROO) is refused: an environment holds no queues yet.
/// </summary>
public sealed class EnvironmentTemplate
{
    private EnvironmentTemplate(Scenario scenario, EnvironmentSpec spec)
    {
        Scenario = scenario;
        Spec = spec;
    }

    public Scenario Scenario { get; }

    public EnvironmentSpec Spec { get; }

    internal DdloSettings Settings => Scenario.Settings;

    /// <summary>Environments of <paramref name="scenario"/>; an <see cref="EnvironmentException"/> when it cannot have them.</summary>
    public static EnvironmentTemplate From(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var settings = scenario.Settings;
        var system = settings.System;
        if (system.Queueing is not null)
        {
            throw EnvironmentException.Precondition(
                $"{scenario.Name}: ddlo.system.model = {system.Model}: its devices carry queues from slot to slot, which an environment does not hold yet; serve a system without queues (mumt, wpmec).");
        }

        var model = system.CreateSystemModel();
        return new EnvironmentTemplate(scenario, new EnvironmentSpec(
            system.Model, scenario.Name, system.Describe(), system.Devices, system.TasksPerDevice, model.Objective,
            model.ValueName, model.ReportName, settings.Run.Steps, settings.Run.OracleFor(system), settings.Run.Seed));
    }

    /// <summary>The system model one environment prices its decisions with (its own: an allocator may keep buffers).</summary>
    internal ISystemModel CreateModel() => Settings.System.CreateSystemModel();
}
