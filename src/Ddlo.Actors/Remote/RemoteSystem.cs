namespace Ddlo.Actors.Remote;

/// <summary>The system a remote policy is told it decides for.</summary>
/// <param name="Model">ddlo.system.model.</param>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M.</param>
/// <param name="Objective">Which way the value is better.</param>
/// <param name="ContextFeatures">Context values per device.</param>
/// <param name="Description">The scenario's system in one line.</param>
public sealed record RemoteSystem(string Model, int Devices, int TasksPerDevice, Ddlo.Core.Systems.Objective Objective, int ContextFeatures, string Description);
