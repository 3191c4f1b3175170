using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Tests.Results;

/// <summary>The lock is the OS's, held by an open handle: another handle cannot take it, and a file left behind blocks nobody.</summary>
public sealed class RunFolderLockTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-lock-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Folder => Path.Combine(directory, "run");

    [Fact]
    public void Should_refuse_a_second_owner_while_the_first_holds_the_folder_and_accept_one_once_it_is_released()
    {
        var first = RunFolderLock.TryAcquire(Folder);
        Assert.NotNull(first);
        Assert.Null(RunFolderLock.TryAcquire(Folder));

        first.Dispose();

        using var second = RunFolderLock.TryAcquire(Folder);
        Assert.NotNull(second);
    }

    [Fact]
    public void Should_name_its_owner_by_process_id_in_the_refusal()
    {
        using var owner = RunFolderLock.Acquire(Folder, "--out");

        var refused = Assert.Throws<RunFolderInUseException>(() => RunFolderLock.Acquire(Folder, "--resume"));

        Assert.Equal(Environment.ProcessId, RunFolderLock.OwnerOf(Folder));
        Assert.Equal(Environment.ProcessId, refused.Owner);
        Assert.StartsWith($"--resume {Folder}: another ddlo process (pid {Environment.ProcessId}) is writing this folder;", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4194304\n")]
    [InlineData("not a pid")]
    [InlineData("")]
    public void Should_not_be_blocked_by_a_lock_file_a_dead_owner_left(string content)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, RunFolderLock.FileName), content);

        using var owner = RunFolderLock.TryAcquire(Folder);

        Assert.NotNull(owner);
        Assert.Equal(Environment.ProcessId, RunFolderLock.OwnerOf(Folder));
    }

    [Fact]
    public void Should_refuse_force_on_a_folder_in_use_before_removing_anything()
    {
        using var owner = ResultsFolder.Claim(Folder, "simulate", force: false);
        File.WriteAllText(Path.Combine(Folder, ResultsLayout.ScenarioFile), "ddlo { }");
        File.WriteAllBytes(Path.Combine(Folder, ResultsLayout.CheckpointFile), [1, 2, 3]);

        Assert.Throws<RunFolderInUseException>(() => ResultsFolder.Claim(Folder, "simulate", force: true));

        Assert.Equal([RunFolderLock.FileName, ResultsLayout.CheckpointFile, ResultsLayout.ScenarioFile], Directory.EnumerateFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_take_a_folder_that_holds_only_a_lock_file_as_empty_and_keep_the_lock_file_on_force()
    {
        RunFolderLock.TryAcquire(Folder)!.Dispose();
        Assert.False(ResultsFolder.HoldsWork(Folder));
        ResultsFolder.Claim(Folder, "simulate", force: false).Dispose();

        File.WriteAllText(Path.Combine(Folder, ResultsLayout.StepsFile), "step\n0\n");
        using var forced = ResultsFolder.Claim(Folder, "simulate", force: true);

        Assert.Equal([RunFolderLock.FileName], Directory.EnumerateFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_know_no_owner_of_a_folder_never_locked()
    {
        Directory.CreateDirectory(Folder);

        Assert.Null(RunFolderLock.OwnerOf(Folder));
    }
}
