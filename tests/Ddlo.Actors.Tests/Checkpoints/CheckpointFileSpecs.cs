using Ddlo.Actors.Checkpoints;

namespace Ddlo.Actors.Tests.Checkpoints;

public sealed class CheckpointFileSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-ckpt-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static RunCheckpoint Sample(long step) => new(
        step,
        "ddlo { run { steps = 100 } }",
        [new CheckpointPart(CheckpointParts.Dnn, 0, [1, 2, 3]), new CheckpointPart(CheckpointParts.Device, 2, [4]), new CheckpointPart(CheckpointParts.Memory, 0, [])]);

    [Fact]
    public void Should_read_back_what_it_wrote()
    {
        long bytes = CheckpointFile.Write(directory, Sample(40));

        var back = CheckpointFile.Read(directory)!;

        Assert.Equal(new FileInfo(CheckpointFile.PathIn(directory)).Length, bytes);
        Assert.Equal((40L, "ddlo { run { steps = 100 } }"), (back.Step, back.SettingsHocon));
        Assert.Equal(new byte[] { 1, 2, 3 }, back.Part(CheckpointParts.Dnn, 0).ToArray());
        Assert.Equal(new byte[] { 4 }, back.Part(CheckpointParts.Device, 2).ToArray());
        Assert.Empty(back.Part(CheckpointParts.Memory, 0));
        Assert.False(File.Exists(CheckpointFile.PathIn(directory) + ".partial"));
    }

    [Fact]
    public void Should_answer_null_where_there_is_no_checkpoint()
    {
        Assert.Null(CheckpointFile.Read(directory));
    }

    [Fact]
    public void Should_keep_the_previous_checkpoint_when_a_write_was_killed_before_its_rename()
    {
        CheckpointFile.Write(directory, Sample(40));
        // What a kill in the middle of the next write leaves behind: a partial file beside the checkpoint.
        File.WriteAllBytes(CheckpointFile.PathIn(directory) + ".partial", [0x44, 0x44, 0x4C]);

        Assert.Equal(40, CheckpointFile.Read(directory)!.Step);
        CheckpointFile.Write(directory, Sample(80));
        Assert.Equal(80, CheckpointFile.Read(directory)!.Step);
    }

    [Fact]
    public void Should_keep_the_previous_checkpoint_whole_when_a_save_cannot_be_written()
    {
        CheckpointFile.Write(directory, Sample(40));
        byte[] before = File.ReadAllBytes(CheckpointFile.PathIn(directory));
        // Where the next save writes first is not writable (as a full disk or an I/O error would make it).
        Directory.CreateDirectory(CheckpointFile.PathIn(directory) + ".partial");

        var failure = Record.Exception(() => CheckpointFile.Write(directory, Sample(80)));

        Assert.True(failure is IOException or UnauthorizedAccessException, failure?.ToString());
        Assert.Equal(before, File.ReadAllBytes(CheckpointFile.PathIn(directory)));
        Assert.Equal(40, CheckpointFile.Read(directory)!.Step);
    }

    [Fact]
    public void Should_not_make_again_a_folder_removed_under_the_run()
    {
        string removed = Path.Combine(directory, "removed");

        Assert.Throws<DirectoryNotFoundException>(() => CheckpointFile.Write(removed, Sample(40)));

        Assert.False(Directory.Exists(removed));
    }

    [Fact]
    public void Should_refuse_a_checkpoint_with_a_flipped_byte()
    {
        CheckpointFile.Write(directory, Sample(40));
        byte[] bytes = File.ReadAllBytes(CheckpointFile.PathIn(directory));
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(CheckpointFile.PathIn(directory), bytes);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(directory));
        Assert.Contains("corrupted or truncated", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A checkpoint of the release before (version 5: no search's Q or decisions priced in the recorder's steps) is refused by its version, not misread.</summary>
    [Fact]
    public void Should_refuse_a_checkpoint_of_an_earlier_version_in_one_line()
    {
        CheckpointFile.Write(directory, Sample(40));
        string path = CheckpointFile.PathIn(directory);
        byte[] bytes = File.ReadAllBytes(path);
        int body = bytes.Length - 32;
        // The version follows the 8-byte magic word, little-endian.
        Assert.Equal(6, BitConverter.ToInt32(bytes, 8));
        bytes[8] = 5;
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, body)).CopyTo(bytes.AsSpan(body));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(directory));

        Assert.Equal($"{path} is a version 5 checkpoint; this ddlo reads version 6", error.Message);
    }

    [Fact]
    public void Should_refuse_a_truncated_checkpoint()
    {
        CheckpointFile.Write(directory, Sample(40));
        byte[] bytes = File.ReadAllBytes(CheckpointFile.PathIn(directory));
        File.WriteAllBytes(CheckpointFile.PathIn(directory), bytes[..(bytes.Length - 10)]);

        Assert.Throws<CheckpointException>(() => CheckpointFile.Read(directory));
    }

    [Fact]
    public void Should_name_the_missing_part()
    {
        var error = Assert.Throws<CheckpointException>(() => Sample(40).Part(CheckpointParts.Recorder, 0));
        Assert.Contains("no recorder 0", error.Message, StringComparison.Ordinal);
    }
}
