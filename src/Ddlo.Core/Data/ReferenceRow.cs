using Ddlo.Core.Model;

namespace Ddlo.Core.Data;

/// <summary>One input of a reference data set with its recorded optimum.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Workload">The task sizes d.</param>
/// <param name="OptimalQ">q_opt: the minimal utility recorded in the file.</param>
/// <param name="OptimalDecision">x: a decision that attains it.</param>
public sealed record ReferenceRow(int Line, Workload Workload, double OptimalQ, OffloadDecision OptimalDecision);
