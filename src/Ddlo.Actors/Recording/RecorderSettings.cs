using Ddlo.Core.Systems;
using Ddlo.Core.Scoring;

namespace Ddlo.Actors.Recording;

/// <summary>What the Recorder needs: the model for the baselines, the run's length, where Q* comes from (null: not scored), the deciding policy.</summary>
internal sealed record RecorderSettings(
    ISystemModel Model,
    long Steps,
    int DnnCount,
    IOptimumOracle? Oracle,
    int RollingWindow,
    string Policy)
{
    /// <summary>DNN restarts after which the run stops (training is broken).</summary>
    public int MaxDnnRestarts { get; init; } = int.MaxValue;

    /// <summary>Where to write decisions.csv (<c>ddlo.results.decisions = on</c> and a results folder); null: not written.</summary>
    public string? DecisionsPath { get; init; }

    /// <summary>The run's device search teaches (<c>ddlo.learning.device-search-role = teach</c>) instead of deciding.</summary>
    public bool SearchTeaches { get; init; }

    /// <summary>The run's clock (the system's; a test may turn its own).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
