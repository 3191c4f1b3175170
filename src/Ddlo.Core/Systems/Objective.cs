namespace Ddlo.Core.Systems;

/// <summary>Which way a system model's per-slot value is better.</summary>
public enum Objective
{
    /// <summary>Lower is better (MUMT: the energy-and-delay cost Q).</summary>
    Minimise,

    /// <summary>Higher is better (WPMEC: the weighted sum computation rate).</summary>
    Maximise,
}

/// <summary>Comparisons and gain ratios that read the same for either objective.</summary>
public static class ObjectiveExtensions
{
    /// <summary>
    /// A key that is smaller for better values: the value itself when minimising, its negation when maximising. Sorting
    /// or taking the minimum by it picks the best value, with the minimising order (and its ties) unchanged.
    /// </summary>
    public static double Key(this Objective objective, double value) => objective == Objective.Minimise ? value : -value;

    /// <summary>Whether <paramref name="value"/> is strictly better than <paramref name="than"/>.</summary>
    public static bool Better(this Objective objective, double value, double than) =>
        objective.Key(value) < objective.Key(than);

    /// <summary>
    /// How close <paramref name="value"/> comes to <paramref name="optimum"/>, oriented so that 1 is optimal and lower is
    /// worse: optimum / value when minimising a cost, value / optimum when maximising a rate; 1 when the value is the
    /// optimum, even an optimum of 0 (a LyDROO frame with empty queues). NaN when not scored.
    /// </summary>
    public static double GainRatio(this Objective objective, double value, double optimum) =>
        value == optimum ? 1 : objective == Objective.Minimise ? optimum / value : value / optimum;

    /// <summary>The value no decision can be worse than, to start a search for the best: +inf when minimising, -inf when maximising.</summary>
    public static double Worst(this Objective objective) =>
        objective == Objective.Minimise ? double.PositiveInfinity : double.NegativeInfinity;
}
