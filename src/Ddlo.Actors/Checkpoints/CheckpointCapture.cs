using System.Collections.Immutable;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Checkpoints;

/// <summary>The parts of one checkpoint as they arrive: K DNNs, N devices and the memory, then the recorder. Plain state, no Akka.</summary>
internal sealed class CheckpointCapture(long step, int dnnCount, int deviceCount)
{
    private readonly Dictionary<(string Name, int Index), CheckpointPart> parts = [];

    public long Step => step;

    /// <summary>Whether every DNN, device and the memory have answered (the recorder is asked after them).</summary>
    public bool WorkersIn => Count(CheckpointParts.Dnn) == dnnCount && Count(CheckpointParts.Device) == deviceCount && Count(CheckpointParts.Memory) == 1;

    public bool RecorderIn => Count(CheckpointParts.Recorder) == 1;

    /// <summary>Who has not answered yet, for a log line.</summary>
    public string Missing =>
        $"{dnnCount - Count(CheckpointParts.Dnn)} DNN(s), {deviceCount - Count(CheckpointParts.Device)} device(s), " +
        $"{1 - Count(CheckpointParts.Memory)} memory, {1 - Count(CheckpointParts.Recorder)} recorder";

    public void Add(StateCaptured part) => parts[(part.Part, part.Index)] = new CheckpointPart(part.Part, part.Index, part.State);

    public RunCheckpoint ToCheckpoint(string settingsHocon) =>
        new(step, settingsHocon, [.. parts.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Index)]);

    private int Count(string name) => parts.Keys.Count(key => key.Name == name);
}
