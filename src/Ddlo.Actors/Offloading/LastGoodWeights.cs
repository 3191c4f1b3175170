namespace Ddlo.Actors.Offloading;

/// <summary>
/// What an OffloadingActor keeps across its own restarts: the weights after its last successful training round, the
/// rounds it has accounted for, and the weights of the rounds before that slots in flight may still be decided with.
/// Created with the actor's Props and used only by that actor's incarnations.
/// </summary>
internal sealed class LastGoodWeights(int historyDepth = 0)
{
    /// <summary>The weights after each of the last rounds, for slots whose schedule fixes an earlier round than the last.</summary>
    public Ddlo.Learning.Networks.WeightHistory History { get; } = new(historyDepth);

    /// <summary>The weights after the last successful round, or null before the first.</summary>
    public Ddlo.Learning.Networks.WeightSnapshot? Weights { get; set; }

    /// <summary>Training rounds applied or skipped so far.</summary>
    public long Rounds { get; set; }
}
