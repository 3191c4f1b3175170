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

    /// <summary>
    /// The system model the networks were trained for (<c>ddlo.system.model</c>); null in files written before it was
    /// recorded, which hold networks of the default system model. Its definition reads the rest of the manifest.
    /// </summary>
    public string? System { get; init; }

    /// <summary>The WPMEC system, when <see cref="System"/> is wpmec: its constants, weights and input factor.</summary>
    public WpmecManifest? Wpmec { get; init; }

    /// <summary>The networks' architecture (files written before it existed hold full networks).</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Full;

    public const int CurrentFormat = 1;

    /// <summary>The shape of network <paramref name="k"/> (its optimiser settings do not matter: a model file does not train).</summary>
    public NetworkOptions NetworkOptions(int k) =>
        new(TaskCount, HiddenLayers, LearningRate: 0.01, Seed: k, Architecture: Architecture, TasksPerDevice: TasksPerDevice);

    public int TaskCount => Devices * TasksPerDevice;
}

/// <summary>What a model file trained on DROO's WPMEC system says about it.</summary>
/// <param name="Parameters">P, mu, phi, k, N0, B and v_u.</param>
/// <param name="Weights">w_i per device.</param>
/// <param name="InputFactor">The networks saw each channel gain times this.</param>
public sealed record WpmecManifest(Core.Wpmec.WpmecParameters Parameters, ImmutableArray<double> Weights, double InputFactor);
