using Ddlo.Core.Workloads;

namespace Ddlo.Core.Tests.Workloads;

public sealed class UniformWorkloadGeneratorTests
{
    [Fact]
    public void Should_draw_every_integer_size_in_the_range_and_nothing_outside_it()
    {
        var generator = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(11));
        var sizes = Enumerable.Range(0, 2000).SelectMany(_ => generator.Next().Sizes).ToList();

        Assert.All(sizes, d => Assert.InRange(d, 10, 30));
        Assert.All(sizes, d => Assert.Equal(Math.Round(d), d));
        Assert.Equal(21, sizes.Distinct().Count());
    }

    [Fact]
    public void Should_repeat_itself_for_the_same_seed()
    {
        var a = new UniformWorkloadGenerator(2, 3, 10, 30, new Random(4));
        var b = new UniformWorkloadGenerator(2, 3, 10, 30, new Random(4));

        Assert.Equal(a.Next(), b.Next());
    }

    [Fact]
    public void Should_refuse_an_empty_range()
    {
        var error = Assert.Throws<ArgumentException>(() => new UniformWorkloadGenerator(3, 3, 30, 10, new Random(1)));

        Assert.Contains("min-mb <= max-mb", error.Message, StringComparison.Ordinal);
    }
}
