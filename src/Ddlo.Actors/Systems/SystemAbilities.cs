namespace Ddlo.Actors.Systems;

/// <summary>
/// What a system model cannot do besides simulate, each as the reason a command gives when asked (null: it can). A
/// definition that can solve, be evaluated on a data set or export its networks implements the matching members of
/// <see cref="ISystemDefinition"/> and <see cref="IConfiguredSystem"/>.
/// </summary>
public sealed record SystemAbilities
{
    /// <summary>Everything: solve, evaluate, export and decide by ONNX models.</summary>
    public static SystemAbilities All { get; } = new();

    /// <summary>The key whose setting takes these abilities away, which a refusal names: the model, or a setting of it.</summary>
    public string Key { get; init; } = "ddlo.system.model";

    /// <summary>Why <c>ddlo solve</c> cannot price one slot of it.</summary>
    public string? WhyNotSolve { get; init; }

    /// <summary>Why <c>ddlo evaluate</c> cannot replay a data set of it.</summary>
    public string? WhyNotEvaluate { get; init; }

    /// <summary>Why its networks cannot be exported to a model file or ONNX.</summary>
    public string? WhyNotExport { get; init; }

    /// <summary>Why ONNX models cannot decide for it (<c>ddlo.run.policy = onnx</c>).</summary>
    public string? WhyNotOnnx { get; init; }
}
