namespace Ddlo.Actors.Tests.Checkpoints;

/// <summary>The wait for a file a run writes: it ends when the file is there, and fails, naming it, when it never comes.</summary>
public sealed class FileAppearanceSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-appearance-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_fail_naming_the_file_when_it_never_appears()
    {
        string path = Path.Combine(directory, "checkpoint.bin");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => FileAppearance.WaitAsync(path, TimeSpan.FromMilliseconds(200)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_end_at_once_when_the_file_is_already_there()
    {
        string path = Path.Combine(directory, "checkpoint.bin");
        await File.WriteAllTextAsync(path, "written");

        await FileAppearance.WaitAsync(path, TimeSpan.FromMinutes(1));

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Should_end_when_the_file_is_moved_into_place_after_the_wait_began()
    {
        string path = Path.Combine(directory, "checkpoint.bin");
        var waiting = FileAppearance.WaitAsync(path, TimeSpan.FromMinutes(1));
        Assert.False(waiting.IsCompleted, "the wait ended before the file was there");

        // As CheckpointFile writes it: a partial file, then moved into place.
        await File.WriteAllTextAsync(path + ".partial", "written");
        File.Move(path + ".partial", path);

        await waiting;
        Assert.True(File.Exists(path));
    }
}
