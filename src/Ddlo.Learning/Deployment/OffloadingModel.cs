using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Deployment;

/// <summary>
/// A trained policy to ship to an edge device: the K networks and the system they were trained for in one
/// self-describing file (a zip of manifest.json and dnn-k.bin, whose checksums catch corruption). It decides with no
/// training, replay memory or cluster: every network proposes, P2 prices each proposal, the cheapest is kept.
/// </summary>
public sealed class OffloadingModel : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly OffloadingNetwork[] networks;
    private readonly Core.Systems.ISystemModel model;

    /// <summary>The most networks a model file may hold (as ddlo.learning.dnn-count).</summary>
    public const int MaxNetworks = 1024;

    private OffloadingModel(ModelManifest manifest, OffloadingNetwork[] networks, Core.Systems.ISystemModel model)
    {
        Manifest = manifest;
        this.networks = networks;
        this.model = model;
    }

    public ModelManifest Manifest { get; }

    /// <summary>Writes a model file (beside the target, then renamed: never half-written).</summary>
    public static void Write(string path, ModelManifest manifest, IReadOnlyList<byte[]> weights)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != manifest.DnnCount)
        {
            throw new ArgumentException($"The manifest names {manifest.DnnCount} networks but {weights.Count} were given.", nameof(weights));
        }

        manifest = manifest with { Checksums = [.. weights.Select(Checksum)] };
        string temporary = path + ".partial";
        using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            using (var stream = archive.CreateEntry("manifest.json").Open())
            {
                JsonSerializer.Serialize(stream, manifest, Json);
            }

            for (int k = 0; k < weights.Count; k++)
            {
                using var stream = archive.CreateEntry($"dnn-{k}.bin").Open();
                stream.Write(weights[k]);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Loads a model file; anything wrong with it throws <see cref="ModelFormatException"/> naming the file and the problem.
    /// <paramref name="system"/> rebuilds, from the manifest, the system model the networks were trained for and how they
    /// see its reports (the definition of the manifest's <see cref="ModelManifest.System"/>); null when it knows no such system.
    /// </summary>
    public static OffloadingModel Load(string path, Func<ModelManifest, (Core.Systems.ISystemModel Model, InputNormalizer Normalizer)?> system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"{path}: model file not found.");
        }

        try
        {
            using var archive = ZipFile.OpenRead(path);
            var manifest = ReadManifest(archive, path);
            (Core.Systems.ISystemModel Model, InputNormalizer Normalizer)? opened;
            try
            {
                opened = system(manifest);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // The system model refuses what the manifest says of it (a constant out of range, a model without files).
                throw new ModelFormatException($"{path}: manifest.json: {e.Message}", e);
            }

            var (model, normalizer) = opened
                ?? throw new ModelFormatException($"{path}: the networks were trained for the '{manifest.System}' system model, which this program does not know.");
            var networks = new OffloadingNetwork[manifest.DnnCount];
            try
            {
                LoadNetworks(archive, path, manifest, normalizer, networks);
            }
            catch
            {
                foreach (var network in networks)
                {
                    network?.Dispose();
                }

                throw;
            }

            return new OffloadingModel(manifest, networks, model);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException($"{path}: not a ddlo model file, or it is truncated or corrupted ({e.Message}).", e);
        }
    }

    private static void LoadNetworks(ZipArchive archive, string path, ModelManifest manifest, InputNormalizer normalizer, OffloadingNetwork[] networks)
    {
        for (int k = 0; k < networks.Length; k++)
        {
            var entry = archive.GetEntry($"dnn-{k}.bin") ?? throw new ModelFormatException($"{path}: network dnn-{k}.bin is missing.");
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }

            if (k >= manifest.Checksums.Length || Checksum(buffer.ToArray()) != manifest.Checksums[k])
            {
                throw new ModelFormatException($"{path}: network dnn-{k}.bin is corrupted (its checksum does not match the manifest).");
            }

            networks[k] = new OffloadingNetwork(manifest.NetworkOptions(k), normalizer);
            try
            {
                networks[k].LoadFromBytes(buffer.ToArray());
            }
            catch (Exception e) when (e is not ModelFormatException)
            {
                throw new ModelFormatException($"{path}: network dnn-{k}.bin does not fit a {networks[k].Options.Describe()} network.", e);
            }
        }
    }

    /// <summary>
    /// Writes each network as an ONNX model, <c>dnn-k.onnx</c> in <paramref name="folder"/> (see
    /// <see cref="OnnxExporter"/>), and reads each back through ONNX Runtime; returns the files.
    /// </summary>
    public IReadOnlyList<string> WriteOnnx(string folder)
    {
        var files = new List<string>();
        for (int k = 0; k < networks.Length; k++)
        {
            string path = Path.Combine(folder, $"dnn-{k}.onnx");
            OnnxExporter.Write(path, networks[k], model.Name);
            using (OnnxProposer.Open(path, networks[k].Options.Inputs, model.Name))
            {
            }

            files.Add(path);
        }

        return files;
    }

    /// <summary>The system model the networks were trained for.</summary>
    public Core.Systems.ISystemModel SystemModel => model;

    /// <summary>
    /// The best of the K networks' proposals for <paramref name="workload"/> (MUMT's task sizes, or WPMEC's channel gains),
    /// each priced exactly (the P2 split, or the time split).
    /// </summary>
    public ModelDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Devices != Manifest.Devices || workload.TasksPerDevice != Manifest.TasksPerDevice)
        {
            throw new ArgumentException(
                $"The model was trained for N x M = {Manifest.Devices} x {Manifest.TasksPerDevice} ({Manifest.TaskCount} tasks); this workload is {workload.Devices} x {workload.TasksPerDevice}.",
                nameof(workload));
        }

        ModelDecision? best = null;
        var bits = new bool[workload.TaskCount];
        for (int k = 0; k < networks.Length; k++)
        {
            networks[k].Decide(workload.Sizes.AsSpan(), bits);
            var decision = OffloadDecision.FromBits(bits);
            double q = model.Value(workload, decision);
            if (best is null || model.Objective.Better(q, best.Q))
            {
                best = new ModelDecision(decision, q, k);
            }
        }

        return best!;
    }

    /// <summary>The exact bandwidth split and breakdown of a decision under the model's policy (MUMT).</summary>
    public Evaluation Evaluate(Workload workload, OffloadDecision decision) => model is MecModel mumt
        ? mumt.Evaluate(workload, decision)
        : throw new InvalidOperationException($"A {model.Name} model has no bandwidth split; use Allocate.");

    /// <summary>The value of a decision and each device's share of the exact allocation, for either system.</summary>
    public Core.Systems.SlotAllocation Allocate(Workload workload, OffloadDecision decision) => model.Allocate(workload, decision);

    public void Dispose()
    {
        foreach (var network in networks)
        {
            network.Dispose();
        }
    }

    private static string Checksum(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));

    private static ModelManifest ReadManifest(ZipArchive archive, string path)
    {
        var entry = archive.GetEntry("manifest.json") ?? throw new ModelFormatException($"{path}: not a ddlo model file (no manifest.json).");
        ModelManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: manifest.json is not valid ({e.Message}).", e);
        }

        if (manifest is null || manifest.FormatVersion != ModelManifest.CurrentFormat)
        {
            throw new ModelFormatException($"{path}: model format {manifest?.FormatVersion} is not supported (expected {ModelManifest.CurrentFormat}).");
        }

        if (manifest.Devices < 1 || manifest.TasksPerDevice < 1 || manifest.DnnCount < 1 || manifest.HiddenLayers.IsDefaultOrEmpty)
        {
            throw new ModelFormatException($"{path}: manifest.json describes no usable system (N = {manifest.Devices}, M = {manifest.TasksPerDevice}, K = {manifest.DnnCount}).");
        }

        CheckShape(manifest, path);
        return manifest;
    }

    /// <summary>
    /// What the manifest claims is checked against what can be built before anything is allocated: the workload range
    /// and input scale the networks were trained with, and networks that fit in this process's memory.
    /// </summary>
    private static void CheckShape(ModelManifest manifest, string path)
    {
        if (!(double.IsFinite(manifest.MinMb) && double.IsFinite(manifest.MaxMb) && manifest.MinMb >= 0 && manifest.MinMb <= manifest.MaxMb))
        {
            throw new ModelFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: manifest.json: the workload range MinMb..MaxMb must be finite with 0 <= MinMb <= MaxMb, got {manifest.MinMb}..{manifest.MaxMb}."));
        }

        if (!(double.IsFinite(manifest.InputScale) && manifest.InputScale > 0))
        {
            throw new ModelFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: manifest.json: InputScale must be a finite number > 0, got {manifest.InputScale}."));
        }

        if (manifest.DnnCount > MaxNetworks || manifest.HiddenLayers.Any(width => width < 1))
        {
            throw new ModelFormatException($"{path}: manifest.json: expected 1..{MaxNetworks} networks with hidden layers of width >= 1, got {manifest.DnnCount} networks of [{string.Join(", ", manifest.HiddenLayers)}].");
        }

        // Inference holds each network's weights once; a manifest claiming more than half of this process's memory is refused.
        long parameters = manifest.NetworkOptions(0).Parameters;
        double bytes = (double)parameters * sizeof(float) * manifest.DnnCount;
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (parameters <= 0 || bytes > available / 2)
        {
            throw new ModelFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: manifest.json: {manifest.DnnCount} networks with hidden layers [{string.Join(", ", manifest.HiddenLayers)}] would need {bytes / 1e9:0.#} GB, more than half of the {available / 1e9:0.#} GB this process may use."));
        }
    }
}
