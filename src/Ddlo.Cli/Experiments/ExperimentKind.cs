namespace Ddlo.Cli.Experiments;

/// <summary>What an experiment measures, and so how its runs are made and plotted.</summary>
public enum ExperimentKind
{
    /// <summary>Rolling gain ratio over the learning steps, one curve per swept value (Fig. 9–11).</summary>
    Convergence,

    /// <summary>Mean energy cost Q of each policy per swept value (Fig. 12, 13).</summary>
    Energy,

    /// <summary>Inference and training time per DNN count, serial and parallel (Fig. 14–16).</summary>
    Timing,

    /// <summary>Training and inference time on one node and on loopback clusters, on all cores and on one.</summary>
    Platforms,

    /// <summary>Gain ratio and decision latency of learner designs against the optimum and baselines, per number of devices.</summary>
    Scale,

    /// <summary>DROO on its WPMEC data set (convergence, K = 1 against adaptive K) and its time per frame against N.</summary>
    Droo,

    /// <summary>LyDROO's queues over time against the authors' own runs and the baselines, the V trade-off, and arrival rates up to instability.</summary>
    Lydroo,
}
