using System.Runtime.InteropServices;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// The first SIGINT or SIGTERM asks the run to checkpoint and stop (the token fires); a second one is not caught,
/// so it ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public StopSignals() =>
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

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
        Console.Error.WriteLine($"ddlo: {context.Signal}: deciding the slots in flight, then saving a checkpoint and stopping (send it again to stop at once)");
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
