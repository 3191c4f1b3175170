using Ddlo.Core.Model;
using Ddlo.Learning.Deployment.Onnx;
using Ddlo.Learning.Networks;
using Google.Protobuf;

namespace Ddlo.Learning.Deployment;

/// <summary>
/// Writes a network as an ONNX model in the contract <see cref="OnnxProposer"/> reads: input float32 [batch, N*M] of
/// raw task sizes in MB, output float32 [batch, N*M] of logits (offload where > 0). The input normalisation is part of
/// the graph, and so is the per-device network's layout (each device's M sizes and the slot's mean size in one row),
/// so the model decides as the network does, in any ONNX runtime. Opset 13.
/// </summary>
public static class OnnxExporter
{
    private const int Opset = 13;
    private const long IrVersion = 7;

    /// <summary>The metadata key naming the system model the network was trained for (mumt | wpmec).</summary>
    public const string SystemKey = "ddlo.system.model";

    /// <summary>The ONNX model's bytes: a graph from the N*M reports to N*M logits (a network that sees context has none).</summary>
    public static byte[] ToBytes(OffloadingNetwork network, string system)
    {
        ArgumentNullException.ThrowIfNull(network);
        var options = network.Options;
        if (options.ContextInputs > 0)
        {
            throw new NotSupportedException($"The network sees {options.ContextInputs} context values beside the reports; an ONNX model takes the reports alone.");
        }

        int tasks = options.Inputs;
        var graph = new GraphProto { Name = "ddlo" };
        graph.Input.Add(Value("sizes", tasks));
        graph.Output.Add(Value("logits", tasks));
        var normalizer = network.Normalizer;
        graph.Initializer.Add(Floats("centre", [], [(float)normalizer.Centre]));
        graph.Initializer.Add(Floats("factor", [], [(float)normalizer.Factor]));
        graph.Node.Add(Node("Sub", ["sizes", "centre"], "shifted"));
        graph.Node.Add(Node("Mul", ["shifted", "factor"], "normalised"));

        string rows = "normalised";
        if (options.Architecture == NetworkArchitecture.PerDevice)
        {
            rows = PerDeviceRows(graph, options.RowsPerSlot, options.TasksPerDevice, "normalised");
        }

        var layers = network.LinearLayers();
        int width = options.LayerInputs;
        string x = rows;
        for (int i = 0; i < layers.Count; i++)
        {
            var (weight, bias) = layers[i];
            int outputs = bias.Length;
            graph.Initializer.Add(Floats($"w{i}", [outputs, width], weight));
            graph.Initializer.Add(Floats($"b{i}", [outputs], bias));
            bool last = i == layers.Count - 1;
            string gemm = last && options.Architecture == NetworkArchitecture.Full ? "logits" : $"gemm{i}";
            graph.Node.Add(Node("Gemm", [x, $"w{i}", $"b{i}"], gemm, Int("transB", 1)));
            if (!last)
            {
                graph.Node.Add(Node("Relu", [gemm], $"relu{i}"));
                x = $"relu{i}";
            }
            else
            {
                x = gemm;
            }

            width = outputs;
        }

        if (options.Architecture == NetworkArchitecture.PerDevice)
        {
            // Device rows back into one row of N*M logits per slot.
            graph.Initializer.Add(Longs("slot_shape", [2], [-1, tasks]));
            graph.Node.Add(Node("Reshape", [x, "slot_shape"], "logits"));
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Ddlo.Actors",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? string.Empty,
            DocString = $"{options.Describe()}; input float32 [batch, {tasks}] task sizes in MB, output float32 [batch, {tasks}] logits, offload where > 0.",
            Graph = graph,
        };
        model.MetadataProps.Add(new StringStringEntryProto { Key = SystemKey, Value = system });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model.ToByteArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> (beside it first, then renamed: never half-written).</summary>
    public static void Write(string path, OffloadingNetwork network, string system)
    {
        byte[] bytes = ToBytes(network, system);
        string temporary = path + ".partial";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// [batch, N*M] normalised sizes to [batch * N, M + 1] rows: each device's M sizes, then the slot's mean size.
    /// </summary>
    private static string PerDeviceRows(GraphProto graph, int devices, int tasksPerDevice, string normalised)
    {
        graph.Initializer.Add(Longs("device_shape", [3], [-1, devices, tasksPerDevice]));
        graph.Initializer.Add(Longs("mean_shape", [3], [1, devices, 1]));
        graph.Initializer.Add(Longs("row_shape", [2], [-1, tasksPerDevice + 1]));
        graph.Node.Add(Node("Reshape", [normalised, "device_shape"], "devices"));
        graph.Node.Add(Node("ReduceMean", ["devices"], "slot_mean", Ints("axes", 1, 2), Int("keepdims", 1)));
        graph.Node.Add(Node("Expand", ["slot_mean", "mean_shape"], "device_mean"));
        graph.Node.Add(Node("Concat", ["devices", "device_mean"], "device_features", Int("axis", 2)));
        graph.Node.Add(Node("Reshape", ["device_features", "row_shape"], "rows"));
        return "rows";
    }

    private static ValueInfoProto Value(string name, int tasks)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = tasks });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Floats(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        return tensor;
    }

    private static TensorProto Longs(string name, long[] dims, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(dims);
        tensor.Int64Data.Add(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }
}
