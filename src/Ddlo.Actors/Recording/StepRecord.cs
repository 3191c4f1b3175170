using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>One decided slot as results show it.</summary>
/// <param name="Slot">The slot (learning step), 0-based.</param>
/// <param name="Q">The objective of the kept decision: MUMT's cost, WPMEC's weighted sum computation rate.</param>
/// <param name="OptimalQ">Q* of the slot's workload, NaN when not scored.</param>
/// <param name="LocalQ">Utility of running everything locally.</param>
/// <param name="EdgeQ">Utility of offloading everything.</param>
/// <param name="Winner">The DNN whose candidate was kept, -1 for the all-local fallback.</param>
/// <param name="Candidates">Candidates priced before the slot was decided, over every DNN.</param>
/// <param name="Degraded">Fewer than K candidates were priced by the deadline.</param>
/// <param name="LatencyMicroseconds">From the workload's assembly to the decision.</param>
/// <param name="Offloaded">Tasks offloaded by the kept decision.</param>
public sealed record StepRecord(
    long Slot,
    double Q,
    double OptimalQ,
    double LocalQ,
    double EdgeQ,
    int Winner,
    int Candidates,
    bool Degraded,
    double LatencyMicroseconds,
    int Offloaded)
{
    /// <summary>The winning candidate's index among its DNN's candidates (0: the threshold one; -1: none).</summary>
    public int Candidate { get; init; }

    /// <summary>Q of the networks' best candidate before device search: what the networks alone decide (Q without search).</summary>
    public double NetworkQ { get; init; } = double.NaN;

    /// <summary>From the workload's assembly to the networks' best candidate (before device search), µs.</summary>
    public double NetworkLatencyMicroseconds { get; init; } = double.NaN;

    /// <summary>Q of the device search's decision (the search decides or teaches); NaN when no search ran for the slot.</summary>
    public double SearchQ { get; init; } = double.NaN;

    /// <summary>
    /// Decisions priced for the slot: the distinct candidates plus the device search's single-device changes and what a
    /// searching policy priced itself; the candidates when nothing else was priced.
    /// </summary>
    public long Priced { get => priced ?? Candidates; init => priced = value; }

    private readonly long? priced;

    /// <summary>The slot's queues, means over devices (LyDROO); null for systems without queues.</summary>
    public QueueStats? Queues { get; init; }

    /// <summary>Which way Q is better: minimised (MUMT's cost) or maximised (WPMEC's rate).</summary>
    public Objective Objective { get; init; }

    /// <summary>How close Q comes to Q*, 1 being optimal (Q* / Q for a cost, Q / Q* for a rate); NaN when not scored.</summary>
    public double GainRatio => Objective.GainRatio(Q, OptimalQ);

    /// <summary>
    /// The first figure of this slot that is not finite, named with its value (null when every one is): such a slot
    /// must not be reported. Q* and the networks' own Q may be NaN, meaning not scored or not measured, but never infinite.
    /// </summary>
    public string? NotFinite()
    {
        var queues = Queues;
        (string Name, double Value, bool MayBeNaN)[] figures =
        [
            ("Q", Q, false), ("Q*", OptimalQ, true), ("the gain ratio", GainRatio, double.IsNaN(OptimalQ)), ("the all-local Q", LocalQ, false),
            ("the all-edge Q", EdgeQ, false), ("the networks' Q", NetworkQ, true), ("the search's Q", SearchQ, true),
            ("the data queue", queues?.DataQueue ?? 0, false), ("the energy queue", queues?.EnergyQueue ?? 0, false),
            ("the arrivals", queues?.Arrivals ?? 0, false), ("the data served", queues?.Served ?? 0, false),
            ("the energy spent", queues?.Energy ?? 0, false), ("the wait", queues?.PreviousWait ?? 0, false),
        ];
        foreach (var (name, value, mayBeNaN) in figures)
        {
            if (!double.IsFinite(value) && !(mayBeNaN && double.IsNaN(value)))
            {
                return $"{name} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    /// <summary>
    /// The slot without its wall-clock timings: what every run of the same seed, scenario and numerics repeats, whatever
    /// the slots in flight, the timing or the placement (two runs agree when these are equal).
    /// </summary>
    public StepRecord WithoutTiming() => this with { LatencyMicroseconds = 0, NetworkLatencyMicroseconds = 0 };

    /// <summary>Writes the record for a checkpoint.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Slot);
        writer.Write(Q);
        writer.Write(OptimalQ);
        writer.Write(LocalQ);
        writer.Write(EdgeQ);
        writer.Write(Winner);
        writer.Write(Candidates);
        writer.Write(Degraded);
        writer.Write(LatencyMicroseconds);
        writer.Write(Offloaded);
        writer.Write(Candidate);
        writer.Write(NetworkQ);
        writer.Write(NetworkLatencyMicroseconds);
        writer.Write(SearchQ);
        writer.Write(Priced);
        writer.Write(Queues is not null);
        Queues?.Write(writer);
    }

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    public static StepRecord Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StepRecord(
            reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadDouble(), reader.ReadInt32())
        {
            Candidate = reader.ReadInt32(),
            NetworkQ = reader.ReadDouble(),
            NetworkLatencyMicroseconds = reader.ReadDouble(),
            SearchQ = reader.ReadDouble(),
            Priced = reader.ReadInt64(),
            Queues = reader.ReadBoolean() ? QueueStats.Read(reader) : null,
        };
    }
}
