using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>
/// The K proposers (DNNs or policies), k being the index, and those still live: a slot waits for an answer from each
/// live one, and a slot decided from fewer than K candidates is degraded. Plain state, generic so that it needs no actors.
/// </summary>
internal sealed class ProposerRoster<TProposer>(IReadOnlyList<TProposer> proposers)
    where TProposer : notnull
{
    private readonly HashSet<TProposer> live = [.. proposers];

    /// <summary>K: every proposer, live or gone.</summary>
    public int Count => proposers.Count;

    public int LiveCount => live.Count;

    public IReadOnlyList<TProposer> Proposers => proposers;

    /// <summary>Whether answers from this many proposers are all the live ones can give.</summary>
    public bool AllAnswered(int answers) => answers >= live.Count;

    /// <summary>A proposer is gone: true, with its k, when it was one of the live ones (false for any other actor, or one already gone).</summary>
    public bool Remove(TProposer proposer, out DnnId dnn)
    {
        int k = proposers.ToList().IndexOf(proposer);
        dnn = new DnnId(k);
        return k >= 0 && live.Remove(proposer);
    }
}
