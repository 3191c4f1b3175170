using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Tests.Checkpoints;

public sealed class CheckpointRestoreTests
{
    private static RunCheckpoint Checkpoint(params CheckpointPart[] parts) => new(100, "ddlo { }", [.. parts]);

    private static readonly CheckpointPart[] Complete =
    [
        new(CheckpointParts.Recorder, 0, [1]),
        new(CheckpointParts.Memory, 0, [2]),
        new(CheckpointParts.Dnn, 0, [3]),
        new(CheckpointParts.Dnn, 1, [4]),
        new(CheckpointParts.Device, 0, [5]),
    ];

    [Fact]
    public void Should_hand_every_worker_its_own_part()
    {
        var restore = new CheckpointRestore(Checkpoint(Complete), [new DnnId(0), new DnnId(1)], devices: 1);

        Assert.Equal(
            ["recorder 0 1", "memory 0 2", "dnn 0 3", "dnn 1 4", "device 0 5"],
            restore.Parts.Select(p => $"{p.Name} {p.Index} {p.State[0]}"));
        Assert.Equal(100, restore.Step);
    }

    [Fact]
    public void Should_finish_when_every_part_has_answered_and_keep_the_first_error()
    {
        var restore = new CheckpointRestore(Checkpoint(Complete), [new DnnId(0), new DnnId(1)], devices: 1);

        Assert.False(restore.Add(new StateRestored(CheckpointParts.Recorder, 0)));
        Assert.False(restore.Add(new StateRestored(CheckpointParts.Dnn, 1, "3 bytes left over")));
        Assert.False(restore.Add(new StateRestored(CheckpointParts.Device, 0, "too short")));
        Assert.False(restore.Add(new StateRestored(CheckpointParts.Memory, 0)));
        Assert.True(restore.Add(new StateRestored(CheckpointParts.Dnn, 0)));

        Assert.Equal("dnn 1 could not take up its saved state: 3 bytes left over", restore.Error);
    }

    [Fact]
    public void Should_refuse_a_checkpoint_that_lacks_a_part_the_run_needs()
    {
        var error = Assert.Throws<CheckpointException>(() => new CheckpointRestore(Checkpoint(Complete), [new DnnId(0), new DnnId(2)], devices: 1));

        Assert.Contains("has no dnn 2", error.Message, StringComparison.Ordinal);
    }
}
