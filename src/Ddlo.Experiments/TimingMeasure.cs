namespace Ddlo.Experiments;

/// <summary>What a timing experiment times: one decision per input, or one training round.</summary>
public enum TimingMeasure
{
    Inference,
    Training,
}
