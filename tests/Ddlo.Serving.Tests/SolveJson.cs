using System.Text.Json;
using Ddlo.Actors.Configuration;

namespace Ddlo.Serving.Tests;

/// <summary>
/// The JSON fields <c>ddlo solve --json</c> prints for a workload and a decision: the scenario's own slot solver
/// (<c>ISlotSolver</c>), serialised and read back as the command does, so a figure compares to the bit.
/// </summary>
internal static class SolveJson
{
    public static JsonElement Of(Scenario scenario, double[] values, string decision)
    {
        var system = scenario.Settings.System;
        var solver = system.Configured.CreateSolver();
        var solution = solver.Solve(solver.Reports(values, system.Devices), decision);
        return JsonSerializer.SerializeToElement(solution.Json.ToDictionary(pair => pair.Key, pair => pair.Value));
    }
}
