namespace Ddlo.Core.Data;

/// <summary>
/// The columns of one system model's data sets (<see cref="ReferenceDataset"/>): the reports, q_opt and the decision
/// bits, optionally followed by a trailer the reader skips, and how the model's optima are checked. A system model
/// that can be evaluated on a data set gives its layout; <see cref="Kind"/> names a file of this layout in the message
/// another model's scenario shows when it is given one.
/// </summary>
/// <param name="Model">The system model's name (<c>ddlo.system.model</c>).</param>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">The reports per device (M for MUMT, 1 for WPMEC).</param>
/// <param name="Columns">The header without a trailer.</param>
/// <param name="WithTrailer">The header with its trailer (the same as <paramref name="Columns"/> when there is none).</param>
/// <param name="Description">The expected header, for messages ("d0..d8,q_opt,x0..x8 (19 columns)").</param>
/// <param name="Shape">The scenario's shape, for messages ("3 x 3 scenario").</param>
/// <param name="ValueName">What a report is, for messages ("task size").</param>
/// <param name="Positive">Whether a report must be &gt; 0 (else &gt;= 0).</param>
public sealed record DatasetLayout(
    string Model, int Devices, int TasksPerDevice, string[] Columns, string[] WithTrailer, string Description, string Shape, string ValueName, bool Positive)
{
    /// <summary>A file of this layout, for another model's message ("a WPMEC data set (channel gains h0..)").</summary>
    public string Kind { get; init; } = "a data set";

    /// <summary>Said after "set ddlo.system.model = NAME" when a file of this layout meets another model's scenario.</summary>
    public string SwitchHint { get; init; } = string.Empty;

    /// <summary>How far, relatively, a row's own decision may price from its q_opt.</summary>
    public double Tolerance { get; init; } = ReferenceDataset.OptimumTolerance;

    /// <summary>What a q_opt that its own decision does not price at suggests ("wrong bandwidth policy or uplink?").</summary>
    public string MismatchHint { get; init; } = "wrong system constants?";

    /// <summary>Columns <paramref name="prefix"/>0 .. <paramref name="prefix"/>{count-1}.</summary>
    public static string[] Named(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}")];
}
