using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Networks;

public sealed class InputNormalizerTests
{
    [Fact]
    public void Should_map_the_workload_range_onto_minus_one_to_one()
    {
        var normalizer = new InputNormalizer(10, 30);
        var output = new float[3];

        normalizer.Normalize([10.0, 20.0, 30.0], output);

        Assert.Equal([-1f, 0f, 1f], output);
    }
}
