using System.Collections.Immutable;
using Ddlo.Core.Model;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Deployment;

/// <summary>Everything a model file says about itself: the system it was trained for and how to rebuild its networks.</summary>
public sealed record ModelManifest(
    int FormatVersion,
    int Devices,
    int TasksPerDevice,
    int DnnCount,
    ImmutableArray<int> HiddenLayers,
    double MinMb,
    double MaxMb,
    double InputScale,
    BandwidthPolicy BandwidthPolicy,
    MecParameters Parameters,
    string Source)
{
    /// <summary>SHA-256 (hex) of each dnn-k.bin, filled in when the file is written and checked when it is read.</summary>
    public ImmutableArray<string> Checksums { get; init; } = [];

    /// <summary>The networks' architecture (files written before it existed hold full networks).</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Full;

    public const int CurrentFormat = 1;

    /// <summary>The shape of network <paramref name="k"/> (its optimiser settings do not matter: a model file does not train).</summary>
    public NetworkOptions NetworkOptions(int k) =>
        new(TaskCount, HiddenLayers, LearningRate: 0.01, Seed: k, Architecture: Architecture, TasksPerDevice: TasksPerDevice);

    public int TaskCount => Devices * TasksPerDevice;
}
