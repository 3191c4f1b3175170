using Ddlo.Core.Checkpoints;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Tests.Checkpoints;

public sealed class ReplayableRandomTests
{
    [Fact]
    public void Should_draw_exactly_the_stream_of_a_seeded_System_Random()
    {
        var plain = new Random(42);
        var replayable = new ReplayableRandom(42);

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(plain.Next(1, 31), replayable.Next(1, 31));
            Assert.Equal(plain.NextDouble(), replayable.NextDouble());
            Assert.Equal(plain.Next(128), replayable.Next(128));
            Assert.Equal(plain.Next(), replayable.Next());
        }
    }

    [Fact]
    public void Should_continue_the_same_stream_after_its_state_is_restored_into_a_fresh_generator()
    {
        var original = new ReplayableRandom(7);
        for (int i = 0; i < 12_345; i++)
        {
            original.Next(100);
        }

        var restored = new ReplayableRandom(7);
        Restore(restored, Save(original));

        Assert.Equal(12_345, restored.Draws);
        Assert.Equal(Enumerable.Range(0, 500).Select(_ => original.Next(1000)), Enumerable.Range(0, 500).Select(_ => restored.Next(1000)));
    }

    [Fact]
    public void Should_refuse_the_state_of_a_generator_with_another_seed()
    {
        var other = new ReplayableRandom(8);
        other.Next();

        var error = Assert.Throws<InvalidDataException>(() => Restore(new ReplayableRandom(7), Save(other)));
        Assert.Contains("seed 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_members_whose_draw_count_it_cannot_replay()
    {
        var random = new ReplayableRandom(1);

        Assert.Throws<NotSupportedException>(() => random.NextBytes(new byte[4]));
        Assert.Throws<NotSupportedException>(() => random.NextInt64());
        Assert.Throws<NotSupportedException>(() => random.Next(int.MinValue, int.MaxValue));
    }

    [Fact]
    public void Should_resume_a_device_task_source_where_it_left_off()
    {
        var source = new UniformTaskSource(3, 10, 30, new ReplayableRandom(5));
        for (int slot = 0; slot < 100; slot++)
        {
            source.TasksFor(slot);
        }

        var resumed = new UniformTaskSource(3, 10, 30, new ReplayableRandom(5));
        Restore(resumed, Save(source));

        for (int slot = 100; slot < 110; slot++)
        {
            Assert.Equal(source.TasksFor(slot), resumed.TasksFor(slot));
        }
    }

    private static byte[] Save(ICheckpointable state)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            state.WriteState(writer);
        }

        return stream.ToArray();
    }

    private static void Restore(ICheckpointable state, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        state.ReadState(reader);
    }
}
