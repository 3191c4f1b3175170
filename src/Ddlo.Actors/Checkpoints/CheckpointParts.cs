namespace Ddlo.Actors.Checkpoints;

/// <summary>The names of a checkpoint's parts: one per DNN k, per device n, and one memory, one recorder and one edge server.</summary>
public static class CheckpointParts
{
    public const string Dnn = "dnn";
    public const string Device = "device";
    public const string Memory = "memory";
    public const string Recorder = "recorder";
    public const string Edge = "edge";
}
