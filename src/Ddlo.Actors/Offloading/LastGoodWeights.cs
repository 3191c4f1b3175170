namespace Ddlo.Actors.Offloading;

/// <summary>
/// What an OffloadingActor keeps across its own restarts: the weights after its last successful training round and
/// the rounds it has accounted for. Created with the actor's Props and used only by that actor's incarnations.
/// </summary>
internal sealed class LastGoodWeights
{
    /// <summary>The weights after the last successful round, or null before the first.</summary>
    public Ddlo.Learning.Networks.WeightSnapshot? Weights { get; set; }

    /// <summary>Training rounds applied or skipped so far.</summary>
    public long Rounds { get; set; }
}
