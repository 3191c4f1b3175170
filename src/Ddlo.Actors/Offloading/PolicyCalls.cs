using System.Collections.Concurrent;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// Runs a plug-in policy's calls one at a time on a thread of its own, so that a call that never returns holds that
/// thread and not its actor (nor a dispatcher thread, nor the process: the thread is a background one). Calls run in
/// the order given, never two at once, as the plug-in contract promises.
/// </summary>
internal sealed class PolicyCalls : IDisposable
{
    private readonly BlockingCollection<Action> queue = [];

    public PolicyCalls(string name)
    {
        var thread = new Thread(Work) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Queues <paramref name="call"/>; the task ends with its result or its exception.</summary>
    public Task<T> Run<T>(Func<T> call)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add(() =>
        {
            try
            {
                done.SetResult(call());
            }
            catch (Exception e)
            {
                // The plug-in's failure, whatever it is, goes back to its actor, which declines the slot.
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>
    /// No more calls, and <paramref name="policy"/> (when it holds resources) disposed on this thread after the calls
    /// queued before it: never while a call is still out, and not at all if that call never returns.
    /// </summary>
    public void DisposeAfterCalls(object policy)
    {
        _ = Run(() =>
        {
            (policy as IDisposable)?.Dispose();
            return true;
        });
        Dispose();
    }

    /// <summary>No more calls: the thread ends once the calls queued before (the one it runs, if any) have returned.</summary>
    public void Dispose() => queue.CompleteAdding();

    private void Work()
    {
        foreach (var call in queue.GetConsumingEnumerable())
        {
            call();
        }
    }
}
