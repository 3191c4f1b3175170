namespace Ddlo.Actors.Farm;

/// <summary>What happened in a farm: a node joined (with how many runs it takes at once), a run started or finished on a node, a node was lost with the runs it held, or a run was not finished on a node within the run timeout.</summary>
public enum FarmEventKind
{
    Joined,
    Started,
    Finished,
    Lost,
    TimedOut,
}
