using System.Collections.Immutable;

namespace Ddlo.Learning.Networks;

/// <summary>The shape and optimiser of one offloading DNN.</summary>
/// <param name="Inputs">N*M task sizes in (and N*M logits out, one per task), whatever the architecture.</param>
/// <param name="HiddenLayers">Widths of the ReLU hidden layers (the paper: 120, 80).</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seeds the initial weights, so network k starts the same in every run.</param>
/// <param name="AdamBeta1">Adam's first-moment decay; the published DDLO code used 0.09 (not the usual 0.9).</param>
/// <param name="Architecture">The paper's full network, or one network shared by every device.</param>
/// <param name="TasksPerDevice">M: a per-device network maps M sizes (and the slot's mean size) to M logits.</param>
public sealed record NetworkOptions(
    int Inputs,
    ImmutableArray<int> HiddenLayers,
    double LearningRate,
    int Seed,
    double AdamBeta1 = 0.09,
    NetworkArchitecture Architecture = NetworkArchitecture.Full,
    int TasksPerDevice = 1)
{
    /// <summary>
    /// Inputs a per-device network sees beside its device's own M sizes: the slot's mean normalised size (how loaded the
    /// shared uplink is, which sets the price of bandwidth every device's best choice depends on). Not the context: that
    /// is what a full network sees after the reports (<see cref="ContextInputs"/>).
    /// </summary>
    public const int MeanSizeFeatures = 1;

    /// <summary>L2 weight decay of Adam (<c>ddlo.learning.weight-decay</c>; DROO's code: 1e-4).</summary>
    public double WeightDecay { get; init; }

    /// <summary>How the first weights are drawn (<c>ddlo.learning.initialisation</c>).</summary>
    public Initialisation Initialisation { get; init; }

    /// <summary>Adam's moments restart every training round (<c>ddlo.learning.optimizer-state = per-round</c>, as DROO's code).</summary>
    public bool FreshOptimizerEveryRound { get; init; }

    /// <summary>
    /// Context values a slot feeds the network after the N*M reports, feature-major (LyDROO: the N data queues, then
    /// the N energy queues; MUMT with a channel or classes: the N rate scales, then the class factors); 0 otherwise. A per-device
    /// network sees its own device's context values at the end of its row.
    /// </summary>
    public int ContextInputs { get; init; }

    /// <summary>Context values per device (<see cref="ContextInputs"/> over N).</summary>
    public int ContextPerDevice => ContextInputs / (Inputs / TasksPerDevice);

    /// <summary>
    /// The numerics the network must run under (a run's <c>ddlo.run.numerics</c>), or null for those the process runs
    /// under already (a model file's networks, which any mode may run).
    /// </summary>
    public Numerics? Numerics { get; init; }

    /// <summary>Values a slot feeds the network: the N*M reports and the context.</summary>
    public int NetworkInputs => Inputs + ContextInputs;

    /// <summary>N*M logits out, one per task.</summary>
    public int Outputs => Inputs;

    /// <summary>Rows one slot makes: 1 for the full network, N for the per-device one.</summary>
    public int RowsPerSlot => Architecture == NetworkArchitecture.Full ? 1 : Inputs / TasksPerDevice;

    /// <summary>Width of the first layer's input: a slot's inputs, or a device's M sizes, the mean size and its context.</summary>
    public int LayerInputs => Architecture == NetworkArchitecture.Full ? NetworkInputs : TasksPerDevice + MeanSizeFeatures + ContextPerDevice;

    /// <summary>Width of the last layer's output.</summary>
    public int LayerOutputs => Architecture == NetworkArchitecture.Full ? Outputs : TasksPerDevice;

    /// <summary>Weights and biases of the network.</summary>
    public long Parameters
    {
        get
        {
            long parameters = 0;
            int width = LayerInputs;
            foreach (int layer in HiddenLayers.Append(LayerOutputs))
            {
                parameters += ((long)width * layer) + layer;
                width = layer;
            }

            return parameters;
        }
    }

    /// <summary>The shape in one phrase, e.g. "full 9-120-80-9" or "per-device (3 + 1)-64-64-3".</summary>
    public string Describe()
    {
        string context = ContextPerDevice > 0 ? $" + {ContextPerDevice}" : "";
        string input = Architecture == NetworkArchitecture.Full ? $"full {NetworkInputs}" : $"per-device ({TasksPerDevice} + {MeanSizeFeatures}{context})";
        return $"{input}-{string.Join("-", HiddenLayers)}-{LayerOutputs}";
    }

    public NetworkOptions Validate()
    {
        if (Inputs < 1)
        {
            throw new ArgumentException($"A network needs at least one input, got {Inputs}.", nameof(Inputs));
        }

        if (TasksPerDevice < 1 || Inputs % TasksPerDevice != 0)
        {
            throw new ArgumentException($"{Inputs} inputs do not split into devices of {TasksPerDevice} tasks.", nameof(TasksPerDevice));
        }

        if (ContextInputs < 0 || ContextInputs % (Inputs / TasksPerDevice) != 0)
        {
            throw new ArgumentException($"Context inputs ({ContextInputs}) must be a whole number >= 0 per device ({Inputs / TasksPerDevice} devices).", nameof(ContextInputs));
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
