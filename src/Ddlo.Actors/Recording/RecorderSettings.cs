using Ddlo.Core.Model;
using Ddlo.Core.Scoring;

namespace Ddlo.Actors.Recording;

/// <summary>What the Recorder needs: the model for the baselines, the shape, where Q* comes from (null: not scored), the deciding policy.</summary>
public sealed record RecorderSettings(
    MecModel Model,
    int Devices,
    int TasksPerDevice,
    long Steps,
    int DnnCount,
    IOptimumOracle? Oracle,
    int RollingWindow,
    string Policy);
