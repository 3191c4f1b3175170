using Ddlo.Actors.Configuration;
using Ddlo.Core.Systems;

namespace Ddlo.Serving.Environments;

/// <summary>
/// A loaded scenario that environments are made from: its settings and its <see cref="EnvironmentSpec"/>. A system
/// whose devices carry queues from slot to slot (LyDROO) gives each environment its devices' queues, observed after
/// the reports.
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
        if (Actors.World.MapRunner.IsMap(settings))
        {
            // An environment is one cell's slots; a map's cells, devices that move and handovers are not served yet.
            throw EnvironmentException.Precondition(
                $"{scenario.Name}: {Actors.Systems.Mumt.MumtDefinition.TopologyKey}: an environment serves one cell; a map of cells runs with ddlo simulate (set layout = none to serve one cell).");
        }

        var system = settings.System;
        var model = system.CreateSystemModel();
        if (system.ContextInputs > 0 && system.DeviceContexts is null && (system.Queueing is null || model is not IQueueingSystemModel))
        {
            // A plug-in model with context that is not a queueing one: what evolves its context is the model's own.
            throw EnvironmentException.Precondition(
                $"{scenario.Name}: ddlo.system.model = {system.Model}: its devices report context that is not queues an environment can evolve; serve mumt, wpmec or lydroo.");
        }

        return new EnvironmentTemplate(scenario, new EnvironmentSpec(
            system.Model, scenario.Name, system.Describe(), system.Devices, system.TasksPerDevice, model.Objective,
            model.ValueName, model.ReportName, settings.Run.Steps, settings.Run.OracleFor(system), settings.Run.Seed)
        {
            ContextFeatures = system.ContextInputs / system.Devices,
        });
    }

    /// <summary>The system model one environment prices its decisions with (its own: an allocator may keep buffers).</summary>
    internal ISystemModel CreateModel() => Settings.System.CreateSystemModel();
}
