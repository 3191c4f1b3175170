using System.Collections.Immutable;
using Ddlo.Learning.Memory;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Configuration;

/// <summary>The DNNs, their training and the replay memory (<c>ddlo.learning</c>).</summary>
public sealed record LearningSettings(
    int DnnCount,
    ImmutableArray<int> HiddenLayers,
    double LearningRate,
    double AdamBeta1,
    double InputScale,
    int BatchSize,
    int MemorySize,
    int TrainingInterval,
    int Warmup)
{
    public TrainingSchedule Schedule => new(TrainingInterval, Warmup);

    public NetworkOptions NetworkOptions(int inputs, int seed) => new(inputs, HiddenLayers, LearningRate, seed, AdamBeta1);

    internal static LearningSettings Read(ConfigReader config)
    {
        const string at = "ddlo.learning.";
        return new LearningSettings(
            config.Int(at + "dnn-count", 1, 1024),
            config.IntList(at + "hidden-layers", 1),
            config.Double(at + "learning-rate", 0, minExclusive: true),
            config.Double(at + "adam-beta1", 0),
            config.Double(at + "input-scale", 0, minExclusive: true),
            config.Int(at + "batch-size", 1),
            config.Int(at + "memory-size", 1),
            config.Int(at + "training-interval", 1),
            config.Int(at + "warmup", 0));
    }
}
