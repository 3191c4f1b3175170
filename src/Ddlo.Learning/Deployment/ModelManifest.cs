using System.Collections.Immutable;
using Ddlo.Core.Model;

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

    public const int CurrentFormat = 1;

    public int TaskCount => Devices * TasksPerDevice;
}
