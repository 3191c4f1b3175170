using System.Diagnostics;

namespace Ddlo.Cli;

/// <summary>This <c>ddlo</c> as a child process: learner nodes of a loopback cluster, and measurements pinned to one core.</summary>
internal static class SelfCommand
{
    public static ProcessStartInfo Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(SelfCommand).Assembly.Location);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>A learner node joining <paramref name="seed"/> (HOST:PORT).</summary>
    public static ProcessStartInfo Learner(string seed) => Start(["node", "--role", "learner", "--seed", seed]);

    /// <summary>The experiment kinds, with the platforms experiment able to start this ddlo.</summary>
    public static Experiments.ExperimentRegistry Experiments { get; } = global::Ddlo.Experiments.ExperimentRegistry.Default.With(new Experiments.PlatformExperiment(Start));
}
