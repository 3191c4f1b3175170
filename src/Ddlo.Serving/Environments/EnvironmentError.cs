namespace Ddlo.Serving.Environments;

/// <summary>What kind of mistake a request made, for the status the service answers with.</summary>
public enum EnvironmentError
{
    /// <summary>The request itself is wrong: a scenario that does not load, an unknown id, a decision of the wrong length.</summary>
    InvalidArgument,

    /// <summary>The request is well formed but the environment is not in a state to take it: not reset, its episode over.</summary>
    FailedPrecondition,
}
