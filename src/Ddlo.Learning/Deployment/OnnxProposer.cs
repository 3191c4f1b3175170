using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Ddlo.Learning.Deployment;

/// <summary>
/// A network trained anywhere, as an ONNX model, proposing one decision per slot. The contract: input float32
/// [batch, N*M] of raw task sizes in MB (the network bakes in its own normalisation), output float32 [batch, N*M] of
/// logits; a task is offloaded where its logit is > 0. The model is checked against N*M when it is opened, and
/// refused, naming the file and both shapes, when it does not fit.
/// </summary>
public sealed class OnnxProposer : IOffloadingPolicy, IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly int tasks;
    private readonly float[] input;

    private OnnxProposer(string path, InferenceSession session, string inputName, int tasks)
    {
        Path = path;
        this.session = session;
        this.inputName = inputName;
        this.tasks = tasks;
        input = new float[tasks];
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    public string Name => "onnx";

    /// <summary>
    /// Opens <paramref name="path"/> for workloads of <paramref name="taskCount"/> (N*M) values of the system model
    /// <paramref name="system"/>; a model whose metadata names another system (<see cref="OnnxExporter.SystemKey"/>) is refused.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is missing, not an ONNX model, made for another system, or its shapes do not fit.</exception>
    public static OnnxProposer Open(string path, int taskCount, string system)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"{path}: ONNX model not found.");
        }

        InferenceSession session;
        try
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFormatException($"{path}: not a valid ONNX model ({e.Message.Split('\n', 2)[0].Trim()}).");
        }

        try
        {
            if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count < 1)
            {
                throw new ModelFormatException(
                    $"{path}: expected one input [batch, {taskCount}] and one output [batch, {taskCount}], got {session.InputMetadata.Count} input(s) and {session.OutputMetadata.Count} output(s).");
            }

            if (session.ModelMetadata.CustomMetadataMap.TryGetValue(OnnxExporter.SystemKey, out string? trained) && trained != system)
            {
                throw new ModelFormatException($"{path}: this network was trained for the {trained} model, but the scenario models {system} (ddlo.system.model).");
            }

            var (inputName, inputMeta) = session.InputMetadata.First();
            var outputMeta = session.OutputMetadata.First().Value;
            if (!Fits(inputMeta, taskCount) || !Fits(outputMeta, taskCount))
            {
                throw new ModelFormatException(
                    $"{path}: the model takes {Shape(inputMeta)} and gives {Shape(outputMeta)}, but this scenario has N*M = {taskCount}: both must be float32 [batch, {taskCount}].");
            }

            return new OnnxProposer(path, session, inputName, taskCount);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TaskCount != tasks)
        {
            throw new ArgumentException($"{Path} decides {tasks} tasks, the workload has {workload.TaskCount}.", nameof(workload));
        }

        float[] logits = Logits(workload);
        var offload = new bool[tasks];
        for (int i = 0; i < tasks; i++)
        {
            offload[i] = logits[i] > 0;
        }

        return OffloadDecision.FromBits(offload);
    }

    /// <summary>The model's N*M logits for <paramref name="workload"/>.</summary>
    public float[] Logits(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        for (int i = 0; i < tasks; i++)
        {
            input[i] = (float)workload.Sizes[i];
        }

        var tensor = new DenseTensor<float>(input, [1, tasks]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        return [.. results[0].AsEnumerable<float>()];
    }

    public void Dispose() => session.Dispose();

    /// <summary>float32 [batch, N*M]: two dimensions, the second N*M, the first free (-1) or any size.</summary>
    private static bool Fits(NodeMetadata meta, int taskCount) =>
        meta.IsTensor && meta.ElementType == typeof(float) && meta.Dimensions.Length == 2 && meta.Dimensions[1] == taskCount;

    private static string Shape(NodeMetadata meta) =>
        $"{(!meta.IsTensor ? "non-tensor" : meta.ElementType == typeof(float) ? "float32" : meta.ElementType.Name)} [{string.Join(", ", meta.Dimensions.Select(d => d < 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
