using Ddlo.Learning.Memory;

namespace Ddlo.Learning.Tests.Memory;

public sealed class ReplayMemoryTests
{
    [Fact]
    public void Should_evict_the_oldest_entry_when_full()
    {
        var memory = new ReplayMemory(capacity: 3, width: 2);
        for (int i = 1; i <= 4; i++)
        {
            memory.Add([i, i], [i % 2 == 0, true]);
        }

        Assert.Equal(3, memory.Count);
        Assert.Equal(4, memory.Added);
        Assert.Equal([4f, 4f], memory.Recent(0).Sizes);
        Assert.Equal([2f, 2f], memory.Recent(2).Sizes);
        var all = Enumerable.Range(0, 3).Select(age => memory.Recent(age).Sizes[0]).ToList();
        Assert.DoesNotContain(1f, all);
    }

    [Fact]
    public void Should_sample_with_replacement_only_from_stored_entries_and_repeat_for_a_seed()
    {
        var memory = new ReplayMemory(capacity: 100, width: 1);
        for (int i = 0; i < 5; i++)
        {
            memory.Add([i], [i % 2 == 1]);
        }

        var (sizes, labels) = memory.Sample(200, new Random(3));

        Assert.All(sizes, s => Assert.InRange(s, 0, 4));
        Assert.Equal(5, sizes.Distinct().Count());
        for (int r = 0; r < sizes.Length; r++)
        {
            Assert.Equal(sizes[r] % 2 == 1 ? 1f : 0f, labels[r]);
        }

        Assert.Equal(sizes, memory.Sample(200, new Random(3)).Sizes);
    }

    [Fact]
    public void Should_refuse_an_entry_of_the_wrong_width()
    {
        var memory = new ReplayMemory(4, 3);

        Assert.Throws<ArgumentException>(() => memory.Add([1, 2], [true, false]));
    }

    [Fact]
    public void Should_restore_its_entries_and_counters_so_sampling_continues_identically()
    {
        var memory = new ReplayMemory(capacity: 5, width: 2);
        for (int i = 1; i <= 7; i++)
        {
            memory.Add([i, 10 * i], [i % 2 == 0, i % 3 == 0]);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            memory.WriteState(writer);
        }

        var restored = new ReplayMemory(capacity: 5, width: 2);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            restored.ReadState(reader);
        }

        Assert.Equal((memory.Count, memory.Added), (restored.Count, restored.Added));
        memory.Add([8, 80], [true, true]);
        restored.Add([8, 80], [true, true]);
        Assert.Equal(memory.Sample(20, new Random(3)).Sizes, restored.Sample(20, new Random(3)).Sizes);
        Assert.Equal(memory.Recent(4).Labels, restored.Recent(4).Labels);
    }

    [Fact]
    public void Should_refuse_the_state_of_a_memory_of_another_size()
    {
        var memory = new ReplayMemory(capacity: 5, width: 2);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            memory.WriteState(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var error = Assert.Throws<InvalidDataException>(() => new ReplayMemory(capacity: 6, width: 2).ReadState(reader));
        Assert.Contains("5 entries of 2 tasks", error.Message, StringComparison.Ordinal);
    }
}
