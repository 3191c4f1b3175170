using System.Collections.Immutable;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Deployment;

[Collection(TorchGenerator.Name)]
public sealed class OffloadingModelTests : IDisposable
{
    private static readonly ImmutableArray<int> Hidden = [120, 80];
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-model-").FullName;
    private readonly MecModel mec = new(MecParameters.Paper, BandwidthPolicy.Optimal);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>An MUMT model file's system, as the MUMT definition rebuilds it from the manifest.</summary>
    private static (Core.Systems.ISystemModel, InputNormalizer)? Mumt(ModelManifest manifest) =>
        (new MecModel(manifest.Parameters, manifest.BandwidthPolicy), new InputNormalizer(manifest.MinMb, manifest.MaxMb, manifest.InputScale));

    [Fact]
    public void Should_decide_exactly_as_the_live_networks_after_export_on_a_thousand_workloads()
    {
        var live = TrainedNetworks(3);
        string path = Write(live);

        using var model = OffloadingModel.Load(path, Mumt);
        var generator = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(9));
        for (int i = 0; i < 1000; i++)
        {
            var workload = generator.Next();
            var (expected, q) = BestOf(live, workload);
            var decided = model.Decide(workload);

            Assert.Equal(expected, decided.Decision);
            Assert.Equal(q, decided.Q);
        }

        foreach (var network in live)
        {
            network.Dispose();
        }
    }

    [Fact]
    public void Should_refuse_a_truncated_file()
    {
        string path = Write(TrainedNetworks(2));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelFormatException>(() => OffloadingModel.Load(path, Mumt));

        Assert.Contains("truncated or corrupted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_file_whose_network_bytes_were_corrupted()
    {
        string path = Write(TrainedNetworks(2));
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);

        Assert.Throws<ModelFormatException>(() =>
        {
            using var model = OffloadingModel.Load(path, Mumt);
        });
    }

    [Fact]
    public void Should_refuse_a_workload_of_another_shape()
    {
        using var model = OffloadingModel.Load(Write(TrainedNetworks(2)), Mumt);

        var error = Assert.Throws<ArgumentException>(() => model.Decide(Workload.Create(4, 3, Enumerable.Repeat(20.0, 12))));

        Assert.Contains("trained for N x M = 3 x 3", error.Message, StringComparison.Ordinal);
    }

    private (OffloadDecision Decision, double Q) BestOf(OffloadingNetwork[] networks, Workload workload)
    {
        (OffloadDecision, double) best = (OffloadDecision.Uniform(workload.TaskCount, false), double.PositiveInfinity);
        var bits = new bool[workload.TaskCount];
        foreach (var network in networks)
        {
            network.Decide(workload.Sizes.AsSpan(), bits);
            var decision = OffloadDecision.FromBits(bits);
            double q = mec.Utility(workload, decision);
            if (q < best.Item2)
            {
                best = (decision, q);
            }
        }

        return best;
    }

    [Fact]
    public void Should_export_and_decide_with_per_device_networks_as_the_live_ones_do()
    {
        const int devices = 40;
        var options = Enumerable.Range(0, 2)
            .Select(k => new NetworkOptions(devices * 3, [32, 32], 0.01, 20 + k, 0.9, NetworkArchitecture.PerDevice, TasksPerDevice: 3))
            .ToArray();
        var live = options.Select(o => new OffloadingNetwork(o, new InputNormalizer(10, 30, 1))).ToArray();
        var random = new Random(6);
        float[] sizes = Enumerable.Range(0, 16 * devices * 3).Select(_ => (float)random.Next(10, 31)).ToArray();
        float[] labels = sizes.Select(s => s > 21 ? 1f : 0f).ToArray();
        foreach (var network in live)
        {
            network.Train(sizes, labels, 16);
        }

        string path = Path.Combine(directory, "per-device.ddlo");
        var manifest = new ModelManifest(ModelManifest.CurrentFormat, devices, 3, 2, [32, 32], 10, 30, 1, BandwidthPolicy.Optimal, MecParameters.Paper, "test")
        {
            Architecture = NetworkArchitecture.PerDevice,
        };
        OffloadingModel.Write(path, manifest, live.Select(n => n.SaveToBytes()).ToList());

        using var model = OffloadingModel.Load(path, Mumt);
        Assert.Equal(NetworkArchitecture.PerDevice, model.Manifest.Architecture);
        var generator = new UniformWorkloadGenerator(devices, 3, 10, 30, new Random(2));
        for (int i = 0; i < 50; i++)
        {
            var workload = generator.Next();
            var (expected, q) = BestOf(live, workload);
            var decided = model.Decide(workload);
            Assert.Equal(expected, decided.Decision);
            Assert.Equal(q, decided.Q);
        }

        // Written as full networks, the same weights do not load: the manifest's architecture is what rebuilds them.
        string wrong = Path.Combine(directory, "as-full.ddlo");
        OffloadingModel.Write(wrong, manifest with { Architecture = NetworkArchitecture.Full }, live.Select(n => n.SaveToBytes()).ToList());
        var error = Assert.Throws<ModelFormatException>(() => OffloadingModel.Load(wrong, Mumt));
        Assert.Contains("full 120-32-32-120", error.Message, StringComparison.Ordinal);
        foreach (var network in live)
        {
            network.Dispose();
        }
    }

    private static OffloadingNetwork[] TrainedNetworks(int count)
    {
        var random = new Random(4);
        float[] sizes = Enumerable.Range(0, 64 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        float[] labels = sizes.Select((s, i) => (i % 2 == 0) ^ (s > 18) ? 1f : 0f).ToArray();
        return Enumerable.Range(0, count).Select(k =>
        {
            var network = new OffloadingNetwork(new NetworkOptions(9, Hidden, 0.01, Seed: 10 + k), new InputNormalizer(10, 30, 100));
            for (int i = 0; i < 5 + k; i++)
            {
                network.Train(sizes, labels, 64);
            }

            return network;
        }).ToArray();
    }

    private string Write(OffloadingNetwork[] networks)
    {
        string path = Path.Combine(directory, $"model-{Guid.NewGuid():N}.ddlo");
        var manifest = new ModelManifest(ModelManifest.CurrentFormat, 3, 3, networks.Length, Hidden, 10, 30, 100, BandwidthPolicy.Optimal, MecParameters.Paper, "test");
        OffloadingModel.Write(path, manifest, networks.Select(n => n.SaveToBytes()).ToList());
        return path;
    }
}
