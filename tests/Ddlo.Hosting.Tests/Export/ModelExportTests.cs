using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Hosting.Export;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;

namespace Ddlo.Hosting.Tests.Export;

/// <summary>A finished run's networks packed by the library, with no command line: a model file and ONNX models that load back.</summary>
public sealed class ModelExportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-export-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_pack_a_runs_networks_into_a_model_file_and_into_onnx_models_that_load_back()
    {
        string run = Path.Combine(directory, "run");
        var scenario = Scenario.Load(null, ["ddlo.run.steps=200", "ddlo.learning.dnn-count=2"]);
        using (var session = RunSession.Start(scenario, ResultsFolder.Claim(run, "export-test", force: false)))
        {
            await session.RunAsync(progress: null, CancellationToken.None);
        }

        var model = ModelExport.ToModelFile(run, Path.Combine(directory, "model.ddlo"), force: false);
        var onnx = ModelExport.ToOnnx(run, Path.Combine(directory, "onnx"), force: false);

        Assert.Equal((2, 3, 3), (model.Networks, model.Devices, model.TasksPerDevice));
        Assert.Equal(new FileInfo(model.Path).Length, model.Bytes);
        using (var loaded = ModelFiles.Load(model.Path))
        {
            Assert.Equal(2, loaded.Manifest.DnnCount);
        }

        Assert.Equal(["dnn-0.onnx", "dnn-1.onnx"], onnx.Models.Select(Path.GetFileName));
        Assert.All(onnx.Models, m => Assert.True(new FileInfo(m).Length > 0, m));
        // The exported scenario runs the models on the run's system; nothing is left beside the target.
        var exported = Scenario.Load(onnx.Scenario);
        Assert.Equal("onnx", exported.Settings.Run.Policy);
        Assert.False(Directory.Exists(Path.Combine(directory, "onnx.partial")));
        Assert.False(File.Exists(model.Path + ".new"));

        // --force replaces a target folder whole: the run the models come from is never one.
        var own = Assert.Throws<ArgumentException>(() => ModelExport.ToOnnx(run, run, force: true));
        Assert.Contains("holds the run being exported", own.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelExport.ToOnnx(run, directory, force: true));
        Assert.True(File.Exists(Path.Combine(run, "steps.csv")));
    }

    [Fact]
    public void Should_refuse_a_folder_that_is_not_a_learning_runs_and_an_existing_model_file_without_force()
    {
        string existing = Path.Combine(directory, "model.ddlo");
        File.WriteAllText(existing, "an earlier model");

        var notARun = Assert.Throws<ArgumentException>(() => ModelExport.ToModelFile(directory, Path.Combine(directory, "other.ddlo"), force: false));
        var exists = Assert.Throws<ArgumentException>(() => ModelExport.ToModelFile(directory, existing, force: false));

        Assert.Contains($"--from {directory}: not the results folder of a learning run", notARun.Message, StringComparison.Ordinal);
        Assert.Contains("the file exists", exists.Message, StringComparison.Ordinal);
        Assert.Equal("an earlier model", File.ReadAllText(existing));
    }
}
