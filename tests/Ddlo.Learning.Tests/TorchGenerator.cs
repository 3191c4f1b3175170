namespace Ddlo.Learning.Tests;

/// <summary>
/// Test classes that seed and draw from torch's process-wide generator run one at a time: drawn alongside each other,
/// two networks with one seed would get different weights.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGenerator
{
    public const string Name = "torch-generator";
}
