using System.Runtime.InteropServices;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// The first SIGINT or SIGTERM asks the run to checkpoint and stop (the token fires); a second one is not caught,
/// so it ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    /// <summary>What a run does when asked to stop.</summary>
    public const string RunStops = "deciding the slots in flight, then saving a checkpoint and stopping";

    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;
    private readonly string stopping;

    /// <param name="stopping">What the process does once asked to stop, for the line it prints then.</param>
    public StopSignals(string stopping = RunStops)
    {
        this.stopping = stopping;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => source.Token;

    public PosixSignal? Signal { get; private set; }

    /// <summary>The exit code of a run stopped by SIGINT (128 + 2) or SIGTERM (128 + 15) after saving its checkpoint.</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? 143 : 130;

    private void Handle(PosixSignalContext context)
    {
        if (Signal is not null)
        {
            return;
        }

        Signal = context.Signal;
        context.Cancel = true;
        Console.Error.WriteLine($"ddlo: {context.Signal}: {stopping} (send it again to stop at once)");
        source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }
}
