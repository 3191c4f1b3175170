using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Recording;

/// <summary>A run's record as bytes and back, as it crosses from a farm's node: every public property, doubles to the bit.</summary>
public sealed class RunRecordFormatTests
{
    [Fact]
    public async Task Should_give_back_every_property_of_a_real_runs_record()
    {
        var record = await SimulationRunner.RunAsync(Scenario.Load(null, ["ddlo.run.steps=200", "ddlo.learning.dnn-count=2", "ddlo.learning.training-interval=5", "ddlo.learning.warmup=64", "ddlo.learning.batch-size=32"]));
        Assert.NotEmpty(record.Losses);
        Assert.NotEmpty(record.NetworkWeights);

        AssertSame(record, RunRecordFormat.FromBytes(RunRecordFormat.ToBytes(record)));
    }

    [Fact]
    public void Should_give_back_the_fields_a_short_run_leaves_at_their_defaults_when_they_are_set()
    {
        var step = new StepRecord(7, 1.5, double.NaN, -2, 3, 1, 5, true, 12.25, 3)
        {
            Candidate = 4,
            NetworkQ = 0.1,
            NetworkLatencyMicroseconds = 9,
            SearchQ = double.NegativeZero,
            Priced = 1234567890123,
            Queues = new QueueStats(1, 2, 3, 4, 5, 6),
            Objective = Objective.Maximise,
        };
        var record = new RunRecord([step], [new LossRecord(1, 2, 3, 0.5)], 2, "dual", 9, 1.25, 1, "greedy", 1e-7)
        {
            Objective = Objective.Maximise,
            Model = "lydroo",
            SearchTeaches = true,
            DecisionBits = 30,
            NetworkWeights = ImmutableSortedDictionary<int, ImmutableArray<byte>>.Empty.Add(3, [1, 2, 3]),
            SetupSeconds = 0.75,
            Checkpoints = new CheckpointStats(2, 1024, 3.5, 4.5),
            ResumedFrom = 100,
        };

        AssertSame(record, RunRecordFormat.FromBytes(RunRecordFormat.ToBytes(record)));
    }

    [Fact]
    public void Should_refuse_bytes_of_another_format_naming_it()
    {
        byte[] bytes = RunRecordFormat.ToBytes(new RunRecord([], [], 1, "none", 0, 0, 0, "ddlo", 0));
        bytes[0] = 99;

        var error = Assert.Throws<InvalidDataException>(() => RunRecordFormat.FromBytes(bytes));
        Assert.Contains("format 99", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every public instance property of both, compared by value (collections item by item, doubles by their bits).</summary>
    private static void AssertSame(object? expected, object? actual, string path = "record")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected} against {actual}");
            return;
        }

        var type = expected.GetType();
        Assert.Equal(type, actual.GetType());
        if (expected is double x)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits((double)actual), $"{path}: {x} against {actual}");
        }
        else if (type.IsPrimitive || type.IsEnum || expected is string)
        {
            Assert.True(expected.Equals(actual), $"{path}: {expected} against {actual}");
        }
        else if (expected is IEnumerable items && actual is IEnumerable others)
        {
            var left = items.Cast<object?>().ToList();
            var right = others.Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: {left.Count} items against {right.Count}");
            for (int i = 0; i < left.Count; i++)
            {
                AssertSame(left[i], right[i], $"{path}[{i}]");
            }
        }
        else
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
            {
                AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }
}
