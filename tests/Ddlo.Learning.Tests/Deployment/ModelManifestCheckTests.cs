using System.IO.Compression;
using System.Text.Json.Nodes;
using Ddlo.Core.Model;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Deployment;

/// <summary>A tampered manifest is refused before anything is built from it, in one line naming the file.</summary>
public sealed class ModelManifestCheckTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-manifest-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string, string, string> Tamperings() => new()
    {
        { "HiddenLayers", "[2000000000, 80]", "manifest.json: 2 networks with hidden layers [2000000000, 80] would need" },
        { "HiddenLayers", "[120, 0]", "manifest.json: expected 1..1024 networks with hidden layers of width >= 1, got 2 networks of [120, 0]." },
        { "DnnCount", "2000000000", "manifest.json: expected 1..1024 networks" },
        { "MinMb", "40", "manifest.json: the workload range MinMb..MaxMb must be finite with 0 <= MinMb <= MaxMb, got 40..30." },
        { "MinMb", "-1", "manifest.json: the workload range MinMb..MaxMb must be finite with 0 <= MinMb <= MaxMb, got -1..30." },
        { "InputScale", "0", "manifest.json: InputScale must be a finite number > 0, got 0." },
        { "Beta", "-1", "manifest.json: Beta must be a finite number >= 0, got -1." },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Should_refuse_a_tampered_manifest_naming_the_file(string field, string value, string message)
    {
        string path = Tampered(field, value);

        var error = Assert.Throws<ModelFormatException>(() => OffloadingModel.Load(path, Mumt));

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An MUMT model file's system, as the MUMT definition rebuilds it from the manifest.</summary>
    private static (Core.Systems.ISystemModel, InputNormalizer)? Mumt(ModelManifest manifest) =>
        (new MecModel(manifest.Parameters, manifest.BandwidthPolicy), new InputNormalizer(manifest.MinMb, manifest.MaxMb, manifest.InputScale));

    /// <summary>A model file of two (unreadable) networks whose manifest has <paramref name="field"/> set to <paramref name="value"/> (Beta: in the constants).</summary>
    private string Tampered(string field, string value)
    {
        string path = Path.Combine(directory, $"model-{Guid.NewGuid():N}.ddlo");
        var manifest = new ModelManifest(ModelManifest.CurrentFormat, 3, 3, 2, [120, 80], 10, 30, 100, BandwidthPolicy.Optimal, MecParameters.Paper, "test");
        OffloadingModel.Write(path, manifest, [new byte[4], new byte[4]]);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = archive.GetEntry("manifest.json")!;
        JsonObject json;
        using (var reader = entry.Open())
        {
            json = JsonNode.Parse(reader)!.AsObject();
        }

        var target = field == "Beta" ? json["Parameters"]!.AsObject() : json;
        target[field] = JsonNode.Parse(value);
        entry.Delete();
        using var writer = archive.CreateEntry("manifest.json").Open();
        using var text = new StreamWriter(writer);
        text.Write(json.ToJsonString());
        return path;
    }
}
