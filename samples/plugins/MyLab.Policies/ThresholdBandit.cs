using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace MyLab.Policies;

/// <summary>
/// A policy that learns online: an epsilon-greedy bandit over offloading thresholds. Each arm offloads the tasks
/// larger than its threshold; each slot plays an arm never played yet, from the highest threshold (the most local)
/// down, else the arm with the best mean reward so far (or, with probability epsilon, one at random). The reward of a slot is Q*/Q when the run scores against the optimum, else
/// Q(all local)/Q. After a slot, every arm that would have made the same decision is credited with its reward.
/// Settings: <c>ddlo.policies.bandit { from-mb = 0, to-mb = 40, step-mb = 2, epsilon = 0.1 }</c>. What it has learned
/// and its random stream are saved in checkpoints.
/// </summary>
public sealed class ThresholdBandit(MecModel model, int seed) : ILearningPolicy, IConfigurablePolicy, ICheckpointable
{
    private readonly ReplayableRandom random = new(seed);
    private double[] thresholds = [];
    private long[] plays = [];
    private double[] means = [];
    private double epsilon = 0.1;

    public string Name => "bandit";

    public void Configure(PolicyOptions options)
    {
        double from = options.Number("from-mb", 0, min: 0);
        double to = options.Number("to-mb", 40, min: from);
        double step = options.Number("step-mb", 2, min: 0.01);
        epsilon = options.Number("epsilon", 0.1, min: 0, max: 1);
        thresholds = [.. Enumerable.Range(0, (int)Math.Floor((to - from) / step) + 1).Select(i => to - (i * step))];
        plays = new long[thresholds.Length];
        means = new double[thresholds.Length];
    }

    public OffloadDecision Decide(Workload workload)
    {
        if (thresholds.Length == 0)
        {
            Configure(PolicyOptions.Empty("ddlo.policies.bandit"));
        }

        int arm = random.NextDouble() < epsilon ? random.Next(thresholds.Length) : Best();
        return Offload(workload, thresholds[arm]);
    }

    public void Learn(SlotOutcome outcome)
    {
        double baseline = double.IsFinite(outcome.OptimalQ)
            ? outcome.OptimalQ
            : model.Utility(outcome.Workload, OffloadDecision.Uniform(outcome.Workload.TaskCount, offload: false));
        double reward = baseline / outcome.Q;
        for (int arm = 0; arm < thresholds.Length; arm++)
        {
            if (Offload(outcome.Workload, thresholds[arm]).Bits.SequenceEqual(outcome.Decision.Bits))
            {
                plays[arm]++;
                means[arm] += (reward - means[arm]) / plays[arm];
            }
        }
    }

    public void WriteState(BinaryWriter writer)
    {
        random.WriteState(writer);
        writer.Write(thresholds.Length);
        for (int arm = 0; arm < thresholds.Length; arm++)
        {
            writer.Write(thresholds[arm]);
            writer.Write(plays[arm]);
            writer.Write(means[arm]);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        random.ReadState(reader);
        int arms = reader.ReadInt32();
        if (arms != thresholds.Length)
        {
            throw new InvalidDataException($"the checkpoint holds {arms} arms, these settings make {thresholds.Length}");
        }

        for (int arm = 0; arm < arms; arm++)
        {
            thresholds[arm] = reader.ReadDouble();
            plays[arm] = reader.ReadInt64();
            means[arm] = reader.ReadDouble();
        }
    }

    /// <summary>The arm with the highest mean reward; an arm never played goes first.</summary>
    private int Best()
    {
        int best = 0;
        for (int arm = 0; arm < thresholds.Length; arm++)
        {
            if (plays[arm] == 0)
            {
                return arm;
            }

            if (means[arm] > means[best])
            {
                best = arm;
            }
        }

        return best;
    }

    private static OffloadDecision Offload(Workload workload, double thresholdMb)
    {
        var offload = new bool[workload.TaskCount];
        for (int i = 0; i < offload.Length; i++)
        {
            offload[i] = workload.Sizes[i] > thresholdMb;
        }

        return OffloadDecision.FromBits(offload);
    }
}
