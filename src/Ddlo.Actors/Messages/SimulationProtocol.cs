using Akka.Actor;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Messages;

/// <summary>Ask the Simulation to run to the end; it answers <see cref="SimulationCompleted"/>.</summary>
internal sealed record RunSimulation
{
    public static RunSimulation Instance { get; } = new();
}

/// <summary>The whole record of a finished run.</summary>
internal sealed record SimulationCompleted(RunRecord Record);

/// <summary>Recorder → Simulation: every slot and every training round is recorded.</summary>
internal sealed record RecordingComplete(RunRecord Record);

/// <summary>EdgeServer → Simulation: the run cannot go on (every DNN is gone), for this reason.</summary>
internal sealed record RunCannotProceed(string Reason);

/// <summary>Simulation → EdgeServer: start deciding.</summary>
internal sealed record StartRun
{
    public static StartRun Instance { get; } = new();
}

/// <summary>Cluster watcher → Simulation: a solver host joined the cluster after the run started; give it solvers.</summary>
internal sealed record AddSolverHost(IActorRef Host);

/// <summary>Simulation → EdgeServer: more bandwidth solvers (a solver node joined late); they share the work from now on.</summary>
internal sealed record AddSolvers(IReadOnlyList<IActorRef> Solvers);
