using System.Collections.Immutable;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Deployment;

/// <summary>A network exported as ONNX and run by ONNX Runtime decides as the TorchSharp network does.</summary>
public sealed class OnnxExporterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ddlo-onnx-export-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(NetworkArchitecture.Full, 3, 3, 100)]
    [InlineData(NetworkArchitecture.PerDevice, 3, 3, 1)]
    [InlineData(NetworkArchitecture.PerDevice, 20, 3, 1)]
    [InlineData(NetworkArchitecture.Full, 10, 2, 100)]
    public void Should_give_the_same_decisions_as_the_network_on_a_thousand_workloads(NetworkArchitecture architecture, int devices, int tasksPerDevice, double inputScale)
    {
        int tasks = devices * tasksPerDevice;
        ImmutableArray<int> hidden = architecture == NetworkArchitecture.Full ? [120, 80] : [64, 64];
        using var network = new OffloadingNetwork(
            new NetworkOptions(tasks, hidden, 0.01, Seed: 7, Architecture: architecture, TasksPerDevice: tasksPerDevice),
            new InputNormalizer(10, 30, inputScale));
        Train(network, devices, tasksPerDevice);
        string path = Path.Combine(folder, "dnn-0.onnx");

        OnnxExporter.Write(path, network, MecModel.ModelName);
        using var onnx = OnnxProposer.Open(path, tasks, MecModel.ModelName);

        var generator = new UniformWorkloadGenerator(devices, tasksPerDevice, 10, 30, new Random(3));
        var logits = new float[tasks];
        double worst = 0;
        for (int i = 0; i < 1000; i++)
        {
            var workload = generator.Next();
            network.Logits(workload.Sizes.AsSpan(), logits);
            float[] exported = onnx.Logits(workload);
            for (int t = 0; t < tasks; t++)
            {
                worst = Math.Max(worst, Math.Abs(exported[t] - logits[t]) / Math.Max(1, Math.Abs(logits[t])));
            }

            var decision = new bool[tasks];
            network.Decide(workload.Sizes.AsSpan(), decision);
            Assert.Equal(decision, onnx.Decide(workload).Bits.ToArray());
        }

        Assert.True(worst < 1e-4, $"largest relative difference of a logit: {worst}");
        Assert.False(File.Exists(path + ".partial"));
    }

    /// <summary>A few rounds on random labels, so the weights are not the initial ones.</summary>
    private static void Train(OffloadingNetwork network, int devices, int tasksPerDevice)
    {
        var random = new Random(5);
        int tasks = devices * tasksPerDevice;
        const int rows = 32;
        for (int round = 0; round < 20; round++)
        {
            float[] sizes = [.. Enumerable.Range(0, rows * tasks).Select(_ => (float)random.Next(10, 31))];
            float[] labels = [.. Enumerable.Range(0, rows * tasks).Select(_ => (float)random.Next(2))];
            network.Train(sizes, labels, rows);
        }
    }
}
