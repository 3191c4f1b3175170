using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ddlo.Learning.Networks;

/// <summary>
/// Adam exactly as TorchSharp's <c>torch.optim.Adam</c> computes it here (no weight decay, no AMSGrad): the same
/// tensor operations in the same order on the same values, so the same bits. The difference is that every scalar
/// operand is created and disposed explicitly. TorchSharp's own step passes temporary scalars converted from doubles,
/// which the garbage collector may finalize while libtorch still reads them: a training round then failed now and
/// then with "Expected false to be true ... toFloat" and its DNN restarted, so two runs with one seed could differ.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] expAvg;
    private readonly Tensor[] expAvgSq;
    private readonly double learningRate;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double eps;

    /// <summary>
    /// L2 weight decay added to each gradient before the step (PyTorch Adam's <c>weight_decay</c>); 0: none.
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Restart both moments and the step count before every step, as DROO's published code does by creating a fresh
    /// optimiser for every training round: each step then moves each weight by about the learning rate in the sign of
    /// its gradient.
    /// </summary>
    public bool FreshEveryStep { get; init; }

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = [.. parameters];
        (this.learningRate, this.beta1, this.beta2, this.eps) = (learningRate, beta1, beta2, eps);
        using var noGrad = torch.no_grad();
        expAvg = [.. this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope())];
        expAvgSq = [.. this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope())];
    }

    private Tensor[]? savedAvg;
    private Tensor[]? savedAvgSq;
    private long savedSteps;

    /// <summary>Steps taken (the bias corrections' t).</summary>
    public long Steps { get; private set; }

    /// <summary>Remembers the moments and the step count, for <see cref="Rollback"/> (copies into tensors kept for reuse).</summary>
    public void Save()
    {
        // In-place operations hand back new tensor wrappers: the scope frees them now, not the finalizer thread later.
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        savedAvg ??= [.. expAvg.Select(m => m.detach().clone().DetachFromDisposeScope())];
        savedAvgSq ??= [.. expAvgSq.Select(m => m.detach().clone().DetachFromDisposeScope())];
        for (int i = 0; i < expAvg.Length; i++)
        {
            savedAvg[i].copy_(expAvg[i]);
            savedAvgSq[i].copy_(expAvgSq[i]);
        }

        savedSteps = Steps;
    }

    /// <summary>Back to the state of the last <see cref="Save"/>: a step that failed half-way is undone.</summary>
    public void Rollback()
    {
        if (savedAvg is null || savedAvgSq is null)
        {
            throw new InvalidOperationException("Nothing to roll back to: Save was never called.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (int i = 0; i < expAvg.Length; i++)
        {
            expAvg[i].copy_(savedAvg[i]);
            expAvgSq[i].copy_(savedAvgSq[i]);
        }

        Steps = savedSteps;
    }

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        if (FreshEveryStep)
        {
            Steps = 0;
            Array.ForEach(expAvg, moment => moment.zero_());
            Array.ForEach(expAvgSq, moment => moment.zero_());
        }

        if (WeightDecay > 0)
        {
            using Scalar decay = WeightDecay.ToScalar();
            foreach (var parameter in parameters)
            {
                parameter.grad?.add_(parameter, decay);
            }
        }

        Steps++;
        double biasCorrection1 = 1 - Math.Pow(beta1, Steps);
        double biasCorrection2 = 1 - Math.Pow(beta2, Steps);
        using Scalar decay1 = beta1.ToScalar(), weight1 = (1 - beta1).ToScalar();
        using Scalar decay2 = beta2.ToScalar(), weight2 = (1 - beta2).ToScalar();
        using Scalar correction2 = Math.Sqrt(biasCorrection2).ToScalar(), epsilon = eps.ToScalar();
        using Scalar stepSize = (-(learningRate / biasCorrection1)).ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            expAvg[i].mul_(decay1).add_(grad, weight1);
            expAvgSq[i].mul_(decay2).addcmul_(grad, grad, weight2);
            var denominator = (expAvgSq[i].sqrt() / correction2).add_(epsilon);
            parameters[i].addcdiv_(expAvg[i], denominator, stepSize);
        }
    }

    /// <summary>The step count and both moments of every parameter.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Steps);
        writer.Write(parameters.Length);
        foreach (var moment in expAvg.Concat(expAvgSq))
        {
            TensorIo.Write(writer, moment);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long steps = reader.ReadInt64();
        if (reader.ReadInt32() != parameters.Length)
        {
            throw new InvalidDataException($"The saved optimiser state is for another network shape (not {parameters.Length} parameter tensors).");
        }

        foreach (var moment in expAvg.Concat(expAvgSq))
        {
            TensorIo.ReadInto(reader, moment, "optimiser state");
        }

        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var moment in expAvg.Concat(expAvgSq).Concat(savedAvg ?? []).Concat(savedAvgSq ?? []))
        {
            moment.Dispose();
        }
    }
}
