using System.Collections.Concurrent;

namespace Ddlo.Serving.Environments;

/// <summary>
/// The open environments, each owned by the connection that created it: another connection cannot reach it, and
/// closing the connection frees it. Ids are unique for the server's life.
/// </summary>
public sealed class EnvironmentRegistry
{
    private readonly ConcurrentDictionary<long, Owned> environments = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, byte>> byConnection = new(StringComparer.Ordinal);
    private long lastId;

    /// <summary>Raised after a connection's environments are freed, with the connection and how many it held.</summary>
    public event Action<string, int>? ConnectionFreed;

    /// <summary>Environments open on every connection.</summary>
    public int Count => environments.Count;

    /// <summary>Environments open on <paramref name="connection"/>.</summary>
    public int CountOn(string connection) => byConnection.TryGetValue(connection, out var ids) ? ids.Count : 0;

    /// <summary>Opens <paramref name="count"/> environments of <paramref name="template"/> on <paramref name="connection"/>.</summary>
    public IReadOnlyList<OffloadingEnvironment> Open(string connection, EnvironmentTemplate template, int count)
    {
        var owned = byConnection.GetOrAdd(connection, _ => new ConcurrentDictionary<long, byte>());
        var opened = new List<OffloadingEnvironment>(count);
        for (int i = 0; i < count; i++)
        {
            var environment = new OffloadingEnvironment(Interlocked.Increment(ref lastId), template);
            environments[environment.Id] = new Owned(connection, environment);
            owned[environment.Id] = 0;
            opened.Add(environment);
        }

        return opened;
    }

    /// <summary>The environment <paramref name="id"/> of <paramref name="connection"/>; refused when it has no such environment.</summary>
    public OffloadingEnvironment Get(string connection, long id) =>
        environments.TryGetValue(id, out var owned) && owned.Connection == connection
            ? owned.Environment
            : throw EnvironmentException.Invalid($"environment {id} is not open on this connection (never created here, or closed).");

    /// <summary>Closes environments of <paramref name="connection"/>; an id it does not hold is refused before any is closed.</summary>
    public int Close(string connection, IReadOnlyList<long> ids)
    {
        foreach (long id in ids)
        {
            Get(connection, id);
        }

        int closed = 0;
        foreach (long id in ids.Distinct())
        {
            if (environments.TryRemove(id, out _))
            {
                closed++;
            }

            if (byConnection.TryGetValue(connection, out var owned))
            {
                owned.TryRemove(id, out _);
            }
        }

        return closed;
    }

    /// <summary>Frees every environment of a connection that closed.</summary>
    public int ConnectionClosed(string connection)
    {
        int freed = 0;
        if (byConnection.TryRemove(connection, out var owned))
        {
            foreach (long id in owned.Keys)
            {
                if (environments.TryRemove(id, out _))
                {
                    freed++;
                }
            }
        }

        ConnectionFreed?.Invoke(connection, freed);
        return freed;
    }

    private sealed record Owned(string Connection, OffloadingEnvironment Environment);
}
