using Ddlo.Core.Data;
using Ddlo.Core.Model;

namespace Ddlo.Core.Tests;

/// <summary>The reference data sets shipped in samples/data, with the model each was made with.</summary>
internal static class TestData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    /// <summary>The published DDLO data: 100 Mbit/s split equally.</summary>
    public static MecModel DdloReferenceModel { get; } =
        new(new MecParameters { UplinkMBps = MecParameters.MbpsToMBps(100) }, BandwidthPolicy.Equal);

    /// <summary>The paper's table: 150 Mbit/s split optimally.</summary>
    public static MecModel PaperModel { get; } = new(MecParameters.Paper, BandwidthPolicy.Optimal);

    public static ReferenceDataset DdloReference => ddloReference.Value;

    public static ReferenceDataset Optimal150 => optimal150.Value;

    private static readonly Lazy<ReferenceDataset> ddloReference = new(() => ReferenceDataset.Load(PathOf("ddlo-mumt-3x3.csv"), Ddlo.Core.Model.MecModel.Dataset(3, 3)));
    private static readonly Lazy<ReferenceDataset> optimal150 = new(() => ReferenceDataset.Load(PathOf("opt-3x3-150mbps.csv"), Ddlo.Core.Model.MecModel.Dataset(3, 3)));

}
