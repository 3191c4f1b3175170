using Ddlo.Core.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ddlo.Learning.Networks;

/// <summary>
/// One offloading DNN with its optimiser: a slot's N*M sizes in, N*M logits out. The full network (the paper's) maps
/// them through hidden ReLU layers in one row; the per-device network maps each device's own M normalised sizes and
/// the slot's mean size to its M logits, one row per device, so the same weights serve every device. Either way the
/// logits of a slot (and the labels of a batch) are laid out N*M per slot, device after device. It decides
/// x = [logit > 0] and trains with binary cross-entropy on logits and Adam. Not thread-safe: one owner (an actor) at
/// a time.
/// </summary>
public sealed class OffloadingNetwork : ICheckpointable, IDisposable
{
    private static readonly Lock ConstructionLock = new();

    private readonly Sequential layers;
    private readonly AdamOptimizer optimizer;
    private readonly InputNormalizer normalizer;
    private readonly float[] input;
    private WeightSnapshot? beforeRound;

    public OffloadingNetwork(NetworkOptions options, InputNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(normalizer);
        Options = options.Validate();
        this.normalizer = normalizer;
        input = new float[options.NetworkInputs];
        TorchRuntime.EnsureInitialised(options.Numerics);

        // torch's generator is process-wide: seeding and drawing the weights must not interleave across networks.
        lock (ConstructionLock)
        {
            torch.manual_seed(options.Seed);
            var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = options.LayerInputs;
            for (int i = 0; i < options.HiddenLayers.Length; i++)
            {
                modules.Add(($"hidden{i}", Layer(width, options.HiddenLayers[i], options)));
                modules.Add(($"relu{i}", nn.ReLU()));
                width = options.HiddenLayers[i];
            }

            modules.Add(("logits", Layer(width, options.LayerOutputs, options)));
            layers = nn.Sequential(modules);
        }

        optimizer = new AdamOptimizer(layers.parameters(), options.LearningRate, options.AdamBeta1)
        {
            WeightDecay = options.WeightDecay,
            FreshEveryStep = options.FreshOptimizerEveryRound,
        };
    }

    public NetworkOptions Options { get; }

    /// <summary>Gradient steps taken so far.</summary>
    public long TrainingSteps { get; private set; }

    /// <summary>Fills <paramref name="decision"/> with x = [logit > 0] for task sizes in MB.</summary>
    public void Decide(ReadOnlySpan<double> sizes, Span<bool> decision)
    {
        Span<float> logits = decision.Length <= 1024 ? stackalloc float[decision.Length] : new float[decision.Length];
        Logits(sizes, logits);
        for (int i = 0; i < decision.Length; i++)
        {
            decision[i] = logits[i] > 0;
        }
    }

    /// <summary>Fills <paramref name="logits"/> with the N*M logits for task sizes in MB (the quantisers' input).</summary>
    public void Logits(ReadOnlySpan<double> sizes, Span<float> logits)
    {
        normalizer.Normalize(sizes, input);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var output = layers.forward(Features(input, 1));
        output.data<float>().CopyTo(logits);
    }

    /// <summary>
    /// The logits of <paramref name="rows"/> rows of inputs at once (one forward pass): <paramref name="inputs"/> holds
    /// the rows one after another, each <see cref="NetworkOptions.NetworkInputs"/> wide, and <paramref name="logits"/>
    /// gets each row's <see cref="NetworkOptions.Outputs"/> in turn. A full network of one device's row (a map's
    /// learner) decides a cell of any size this way.
    /// </summary>
    public void Logits(ReadOnlySpan<double> inputs, int rows, Span<float> logits)
    {
        if (Options.Architecture != NetworkArchitecture.Full || inputs.Length != rows * Options.NetworkInputs || logits.Length != rows * Options.Outputs)
        {
            throw new ArgumentException(
                $"A batch of {rows} rows of a full network needs {rows * Options.NetworkInputs} inputs and {rows * Options.Outputs} logits, got {inputs.Length} and {logits.Length}.");
        }

        var normalized = new float[inputs.Length];
        normalizer.Normalize(inputs, normalized);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var output = layers.forward(torch.tensor(normalized, [rows, Options.NetworkInputs]));
        output.data<float>().CopyTo(logits);
    }

    /// <summary>
    /// Fills <paramref name="logits"/> as <see cref="Logits(ReadOnlySpan{double}, Span{float})"/> does, but with earlier
    /// <paramref name="weights"/> of this network (a <see cref="Snapshot"/>): the same operations on the same numbers,
    /// so the same bits the network gave when it held them.
    /// </summary>
    public void Logits(ReadOnlySpan<double> sizes, Span<float> logits, WeightSnapshot weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        normalizer.Normalize(sizes, input);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = Features(input, 1);
        int layers = weights.Tensors.Length / 2;
        for (int i = 0; i < layers; i++)
        {
            x = nn.functional.linear(x, weights.Tensors[2 * i], weights.Tensors[(2 * i) + 1]);
            if (i < layers - 1)
            {
                x = nn.functional.relu(x);
            }
        }

        x.data<float>().CopyTo(logits);
    }

    /// <summary>Training rounds that libtorch failed once and that were taken again from the state before them.</summary>
    public long RetriedRounds { get; private set; }

    /// <summary>
    /// One Adam step on a batch: <paramref name="sizes"/> rows of N*M MB, <paramref name="labels"/> rows of 0/1. Returns
    /// the loss. Now and then libtorch fails a step with an internal error (<c>Expected false to be true ... toFloat</c>,
    /// seen with TorchSharp 0.107 when several networks train in one process; not reproducible on demand). The round
    /// is then taken again from the weights and moments it started from, so it gives the bits an undisturbed round
    /// gives; a round that fails again throws.
    /// </summary>
    public double Train(ReadOnlySpan<float> sizes, ReadOnlySpan<float> labels, int rows)
    {
        int width = Options.Inputs;
        if (sizes.Length != rows * Options.NetworkInputs || labels.Length != rows * width)
        {
            throw new ArgumentException($"A batch of {rows} rows needs {rows * Options.NetworkInputs} inputs and {rows * width} labels, got {sizes.Length} and {labels.Length}.");
        }

        var normalized = new float[sizes.Length];
        normalizer.Normalize(sizes, normalized);
        float[] target = labels.ToArray();
        beforeRound = Snapshot(beforeRound);
        optimizer.Save();
        long steps = TrainingSteps;
        try
        {
            return Step(normalized, target, rows);
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            Restore(beforeRound);
            optimizer.Rollback();
            TrainingSteps = steps;
            RetriedRounds++;
            return Step(normalized, target, rows);
        }
    }

    private double Step(float[] normalized, float[] target, int rows)
    {
        using var scope = NewDisposeScope();
        layers.train();
        optimizer.ZeroGrad();
        var logits = layers.forward(Features(normalized, rows));
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, Targets(target, rows));
        loss.backward();
        optimizer.Step();
        layers.eval();
        TrainingSteps++;
        return loss.item<float>();
    }

    /// <summary>The loss on a batch without training (for tests and diagnostics).</summary>
    public double Loss(ReadOnlySpan<float> sizes, ReadOnlySpan<float> labels, int rows)
    {
        var normalized = new float[sizes.Length];
        normalizer.Normalize(sizes, normalized);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = layers.forward(Features(normalized, rows));
        return nn.functional.binary_cross_entropy_with_logits(logits, Targets(labels.ToArray(), rows)).item<float>();
    }

    /// <summary>
    /// The layer input for <paramref name="slots"/> slots of normalised inputs (N*M sizes, then the context
    /// feature-major): the slots themselves for the full network; for the per-device one, one row per device of its M
    /// sizes, the slot's mean size, then its own context values.
    /// </summary>
    private Tensor Features(float[] normalized, int slots)
    {
        if (Options.Architecture == NetworkArchitecture.Full)
        {
            return torch.tensor(normalized, [slots, Options.NetworkInputs]);
        }

        int tasks = Options.Inputs;
        int stride = Options.NetworkInputs;
        int m = Options.TasksPerDevice;
        int devices = Options.RowsPerSlot;
        int context = Options.ContextPerDevice;
        int width = Options.LayerInputs;
        var features = new float[slots * devices * width];
        for (int slot = 0; slot < slots; slot++)
        {
            var inputs = normalized.AsSpan(slot * stride, stride);
            var sizes = inputs[..tasks];
            double sum = 0;
            foreach (float size in sizes)
            {
                sum += size;
            }

            float mean = (float)(sum / tasks);
            for (int n = 0; n < devices; n++)
            {
                var row = features.AsSpan(((slot * devices) + n) * width, width);
                sizes.Slice(n * m, m).CopyTo(row);
                row[m] = mean;
                for (int f = 0; f < context; f++)
                {
                    row[m + 1 + f] = inputs[tasks + (f * devices) + n];
                }
            }
        }

        return torch.tensor(features, [slots * devices, width]);
    }

    /// <summary>The labels laid out as the network's output rows (the same numbers: N*M per slot, device after device).</summary>
    private Tensor Targets(float[] labels, int slots) =>
        torch.tensor(labels, [slots * Options.RowsPerSlot, Options.LayerOutputs]);

    /// <summary>Writes the weights to <paramref name="path"/> (TorchSharp's format).</summary>
    public void Save(string path) => layers.save(path);

    /// <summary>Reads weights written by <see cref="Save"/> for a network of the same shape.</summary>
    public void Load(string path) => layers.load(path);

    /// <summary>
    /// Copies the weights into <paramref name="snapshot"/> (allocated on first use): a few tensor copies, cheap
    /// enough to take after every training round.
    /// </summary>
    public WeightSnapshot Snapshot(WeightSnapshot? snapshot)
    {
        // In-place operations hand back new tensor wrappers: the scope frees them now, not the finalizer thread later.
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parameters = layers.parameters().ToArray();
        if (snapshot is null)
        {
            return new WeightSnapshot(parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray());
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            snapshot.Tensors[i].copy_(parameters[i]);
        }

        return snapshot;
    }

    /// <summary>Restores weights taken by <see cref="Snapshot"/> from a network of the same shape.</summary>
    public void Restore(WeightSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parameters = layers.parameters().ToArray();
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i].copy_(snapshot.Tensors[i]);
        }
    }

    /// <summary>The input normaliser the network was built with (ONNX export bakes it into the model).</summary>
    public InputNormalizer Normalizer => normalizer;

    /// <summary>Each linear layer's weight (outputs x inputs, row-major) and bias, input layer first.</summary>
    public IReadOnlyList<(float[] Weight, float[] Bias)> LinearLayers()
    {
        using var noGrad = torch.no_grad();
        var parameters = layers.parameters().ToArray();
        return [.. Enumerable.Range(0, parameters.Length / 2).Select(i => (parameters[2 * i].data<float>().ToArray(), parameters[(2 * i) + 1].data<float>().ToArray()))];
    }

    /// <summary>Every weight and bias, layer after layer (weight then bias, row-major): what copies of a network average.</summary>
    public float[] ParameterValues()
    {
        using var noGrad = torch.no_grad();
        return [.. layers.parameters().SelectMany(p => p.data<float>().ToArray())];
    }

    /// <summary>Replaces every weight and bias by <paramref name="values"/>, in <see cref="ParameterValues"/>' order; the optimiser's state stays.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not one value per parameter.</exception>
    public void LoadParameterValues(ReadOnlySpan<float> values)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parameters = layers.parameters().ToArray();
        long count = parameters.Sum(p => p.numel());
        if (values.Length != count)
        {
            throw new ArgumentException($"The network has {count} parameters, but {values.Length} values were given.", nameof(values));
        }

        int at = 0;
        foreach (var parameter in parameters)
        {
            int size = (int)parameter.numel();
            parameter.copy_(torch.tensor(values.Slice(at, size).ToArray(), parameter.shape));
            at += size;
        }
    }

    /// <summary>The weights as bytes (TorchSharp's format), to save or send.</summary>
    public byte[] SaveToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            layers.save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores weights taken by <see cref="SaveToBytes"/>.</summary>
    public void LoadFromBytes(byte[] weights)
    {
        using var reader = new BinaryReader(new MemoryStream(weights));
        layers.load(reader);
    }

    /// <summary>Saves the weights, the Adam moments and step counts, and the gradient steps taken: training resumes exactly.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(TrainingSteps);
        WriteBlock(writer, w => layers.save(w));
        WriteBlock(writer, optimizer.WriteState);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long steps = reader.ReadInt64();
        try
        {
            ReadBlock(reader, r => layers.load(r));
            ReadBlock(reader, optimizer.ReadState);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved network does not fit this {Options.Describe()} network: {e.Message}", e);
        }

        TrainingSteps = steps;
    }

    private static void WriteBlock(BinaryWriter writer, Action<BinaryWriter> write)
    {
        using var block = new MemoryStream();
        using (var blockWriter = new BinaryWriter(block, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(blockWriter);
        }

        writer.Write((int)block.Length);
        writer.Write(block.GetBuffer(), 0, (int)block.Length);
    }

    private static void ReadBlock(BinaryReader reader, Action<BinaryReader> read)
    {
        int length = reader.ReadInt32();
        byte[] bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new InvalidDataException($"The saved network is truncated: {bytes.Length} of {length} bytes.");
        }

        using var blockReader = new BinaryReader(new MemoryStream(bytes));
        read(blockReader);
    }

    /// <summary>
    /// A linear layer initialised as the published DDLO networks (weights ~ N(0, 1 / network inputs), biases 0: small,
    /// bias-free starts keep the K networks' first decisions driven by the input, and different across networks), or
    /// left at PyTorch's default, as the DROO and LyDROO authors' code leaves it (on LyDROO's queues, 10,000 frames of
    /// N = 10: the last 1,000 frames' mean data queue 88, 55 and 45 Mbit for seeds 1-3 against 160-240 with DDLO's start).
    /// </summary>
    private static Linear Layer(int inputs, int outputs, NetworkOptions options)
    {
        var layer = nn.Linear(inputs, outputs);
        if (options.Initialisation == Initialisation.PyTorch)
        {
            return layer;
        }

        using (torch.no_grad())
        {
            nn.init.normal_(layer.weight, 0, 1.0 / options.LayerInputs);
            nn.init.zeros_(layer.bias!);
        }

        return layer;
    }

    public void Dispose()
    {
        beforeRound?.Dispose();
        optimizer.Dispose();
        layers.Dispose();
    }
}
