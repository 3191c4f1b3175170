namespace Ddlo.Core.Workloads;

/// <summary>
/// The published DDLO evaluation protocol over a data set of R rows and S learning steps: the first 80 % of the
/// steps cycle through the first 80 % of the rows (training), the remaining steps walk through the last 20 % of
/// the rows, cycling if they are fewer (test). Learning continues online throughout.
/// </summary>
public sealed class DatasetSchedule
{
    public const double TrainFraction = 0.8;

    public DatasetSchedule(int rows, long steps)
    {
        if (rows < 2)
        {
            throw new ArgumentException($"A data set needs at least 2 rows to split into training and test, got {rows}.", nameof(rows));
        }

        if (steps < 2)
        {
            throw new ArgumentException($"The protocol needs at least 2 steps, got {steps}.", nameof(steps));
        }

        Rows = rows;
        Steps = steps;
        TrainRows = Math.Clamp((int)(rows * TrainFraction), 1, rows - 1);
        TrainSteps = Math.Clamp((long)(steps * TrainFraction), 1, steps - 1);
    }

    public int Rows { get; }

    public long Steps { get; }

    /// <summary>Rows [0, TrainRows) are for training; the rest for test.</summary>
    public int TrainRows { get; }

    /// <summary>Steps [0, TrainSteps) train; the rest are test steps.</summary>
    public long TrainSteps { get; }

    public bool IsTestStep(long step) => step >= TrainSteps;

    /// <summary>The row index (0-based) a step uses.</summary>
    public int RowFor(long step) => step < TrainSteps
        ? (int)(step % TrainRows)
        : TrainRows + (int)((step - TrainSteps) % (Rows - TrainRows));
}
