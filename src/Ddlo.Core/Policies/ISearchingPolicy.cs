namespace Ddlo.Core.Policies;

/// <summary>
/// A policy that prices decisions itself to reach its own (a search): how many, so that its results show the work
/// behind each decision beside a learner's candidates.
/// </summary>
public interface ISearchingPolicy : IOffloadingPolicy
{
    /// <summary>Decisions priced by the last <see cref="IOffloadingPolicy.Decide"/>.</summary>
    long LastPriced { get; }
}
