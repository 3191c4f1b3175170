namespace Ddlo.Serving.Environments;

/// <summary>A request an environment refuses. The message is one line naming the problem.</summary>
public sealed class EnvironmentException(EnvironmentError error, string message) : Exception(message)
{
    public EnvironmentError Error { get; } = error;

    public static EnvironmentException Invalid(string message) => new(EnvironmentError.InvalidArgument, message);

    public static EnvironmentException Precondition(string message) => new(EnvironmentError.FailedPrecondition, message);
}
