using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Simulation;

/// <summary>A failure to write names the file once and the operating system's reason, on one line.</summary>
public sealed class RunWriteExceptionSpecs
{
    [Theory]
    [InlineData("No space left on device : '/r/checkpoint.bin.partial'", "No space left on device")]
    [InlineData("Could not find a part of the path '/r/checkpoint.bin.partial'.", "Could not find a part of the path")]
    [InlineData("Input/output error : '/r/steps.partial.csv'", "Input/output error")]
    [InlineData("Read-only file system", "Read-only file system")]
    public void Should_name_the_file_once_and_keep_the_reason(string message, string reason)
    {
        var failure = RunWriteException.For("/r/checkpoint.bin", new IOException(message));

        Assert.Equal($"cannot write /r/checkpoint.bin: {reason}", failure.Message);
        Assert.Equal(reason, failure.Reason);
    }

    [Fact]
    public void Should_add_what_the_run_kept_after_the_reason()
    {
        var failure = RunWriteException.For("/r/steps.csv", new UnauthorizedAccessException("Access to the path '/r/steps.partial.csv' is denied."));

        var kept = failure.WithKept("the run stopped and keeps its checkpoint at step 500");

        Assert.Equal("cannot write /r/steps.csv: Access to the path '/r/steps.partial.csv' is denied; the run stopped and keeps its checkpoint at step 500", kept.Message);
        Assert.True(RunWriteException.IsWriteFailure(kept));
        Assert.False(RunWriteException.IsWriteFailure(new InvalidOperationException("a bug")));
    }
}
