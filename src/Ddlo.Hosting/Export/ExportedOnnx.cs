namespace Ddlo.Hosting.Export;

/// <summary>ONNX models written by <see cref="ModelExport.ToOnnx"/>: the folder, each network's model, and the scenario that runs them.</summary>
public sealed record ExportedOnnx(string Folder, IReadOnlyList<string> Models, string Scenario, int Devices, int TasksPerDevice);
