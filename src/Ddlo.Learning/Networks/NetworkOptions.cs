using System.Collections.Immutable;

namespace Ddlo.Learning.Networks;

/// <summary>The shape and optimiser of one offloading DNN.</summary>
/// <param name="Inputs">N*M task sizes in.</param>
/// <param name="HiddenLayers">Widths of the ReLU hidden layers (the paper: 120, 80).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seeds the initial weights, so network k starts the same in every run.</param>
/// <param name="AdamBeta1">Adam's first-moment decay; the published DDLO code used 0.09 (not the usual 0.9).</param>
public sealed record NetworkOptions(int Inputs, ImmutableArray<int> HiddenLayers, double LearningRate, int Seed, double AdamBeta1 = 0.09)
{
    /// <summary>N*M logits out, one per task.</summary>
    public int Outputs => Inputs;

    public NetworkOptions Validate()
    {
        if (Inputs < 1)
        {
            throw new ArgumentException($"A network needs at least one input, got {Inputs}.", nameof(Inputs));
        }

        if (HiddenLayers.IsDefaultOrEmpty || HiddenLayers.Any(width => width < 1))
        {
            throw new ArgumentException($"Hidden layers need at least one layer, each of width >= 1, got [{string.Join(", ", HiddenLayers.IsDefault ? [] : HiddenLayers)}].", nameof(HiddenLayers));
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentException($"The learning rate must be a finite number > 0, got {LearningRate}.", nameof(LearningRate));
        }

        if (!double.IsFinite(AdamBeta1) || AdamBeta1 < 0 || AdamBeta1 >= 1)
        {
            throw new ArgumentException($"Adam's beta1 must be in [0, 1), got {AdamBeta1}.", nameof(AdamBeta1));
        }

        return this;
    }
}
