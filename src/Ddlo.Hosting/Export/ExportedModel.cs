namespace Ddlo.Hosting.Export;

/// <summary>A model file written by <see cref="ModelExport.ToModelFile"/>: where, how many networks, for which system size, and its size on disk.</summary>
public sealed record ExportedModel(string Path, int Networks, int Devices, int TasksPerDevice, long Bytes);
