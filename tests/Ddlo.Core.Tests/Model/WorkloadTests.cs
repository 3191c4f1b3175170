using Ddlo.Core.Model;

namespace Ddlo.Core.Tests.Model;

public sealed class WorkloadTests
{
    [Theory]
    [InlineData(-1.0, "d1", ">= 0")]
    [InlineData(double.NaN, "d1", "NaN")]
    [InlineData(double.PositiveInfinity, "d1", "Infinity")]
    public void Should_name_the_task_with_a_bad_size(double size, string task, string shown)
    {
        var error = Assert.Throws<ArgumentException>(() => Workload.Create(1, 3, [10, size, 12]));

        Assert.Contains(task, error.Message, StringComparison.Ordinal);
        Assert.Contains(shown, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 3, "devices N")]
    [InlineData(3, 0, "tasks per device M")]
    public void Should_refuse_fewer_than_one_device_or_task(int devices, int tasks, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => Workload.Create(devices, tasks, []));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_size_count_that_does_not_match_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => Workload.Create(2, 3, [1, 2, 3, 4, 5]));

        Assert.Contains("needs 6 task sizes, got 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_store_sizes_device_major()
    {
        var workload = Workload.Create(2, 3, [1, 2, 3, 4, 5, 6]);

        Assert.Equal(6, workload[1, 2]);
        Assert.Equal([4.0, 5.0, 6.0], workload.Device(1).ToArray());
    }
}
