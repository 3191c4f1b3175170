namespace Ddlo.Actors.Edge;

/// <summary>
/// The bandwidth solvers the edge server deals work to, one after the other round the ring; solvers join (a solver
/// host added to a running cluster) and leave (their node died). Plain state, generic so that it needs no actors.
/// </summary>
internal sealed class SolverRing<TSolver>(IEnumerable<TSolver> solvers)
    where TSolver : notnull
{
    private readonly List<TSolver> solvers = [.. solvers];
    private int next;

    public int Count => solvers.Count;

    public IReadOnlyList<TSolver> Solvers => solvers;

    public void Add(TSolver solver) => solvers.Add(solver);

    /// <summary>A solver is gone; the ring goes on from where it was.</summary>
    public void Remove(TSolver solver) => solvers.Remove(solver);

    /// <summary>The next solver round the ring; the ring must not be empty.</summary>
    public TSolver Next()
    {
        next = (next + 1) % solvers.Count;
        return solvers[next];
    }
}
