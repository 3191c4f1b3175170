using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Core.Systems;
using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Tests.Results;

public sealed class RunDigestTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-digest-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_be_64_lowercase_hex_digits_of_which_tables_show_the_first_16()
    {
        string digest = RunDigest.Of(Record());

        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal(digest[..16], RunDigest.Shown(digest));
    }

    [Fact]
    public void Should_change_when_any_cell_outside_the_wall_clock_columns_changes()
    {
        var record = Record(queues: true);
        var header = StepsTable.Header(record);
        var rows = StepsTable.Rows(record).ToList();
        string digest = RunDigest.Of(header, rows);

        // Every column steps.csv has here: 14 of each step, a loss per DNN, 5 of the queues.
        Assert.Equal(14 + 2 + 5, header.Count);
        foreach (int column in Enumerable.Range(0, header.Count).Where(c => !StepsTable.WallClockColumns.Contains(header[c])))
        {
            var changed = rows.Select(row => (object?[])row.Clone()).ToList();
            changed[1][column] = "changed";
            Assert.True(digest != RunDigest.Of(header, changed), $"changing {header[column]} left the digest as it was");
        }
    }

    [Fact]
    public void Should_change_when_a_decision_a_score_or_a_loss_of_the_run_changes()
    {
        var record = Record();
        string digest = RunDigest.Of(record);

        Assert.NotEqual(digest, RunDigest.Of(record with { Steps = record.Steps.SetItem(1, record.Steps[1] with { Winner = 2 }) }));
        Assert.NotEqual(digest, RunDigest.Of(record with { Steps = record.Steps.SetItem(1, record.Steps[1] with { Q = Math.BitIncrement(record.Steps[1].Q) }) }));
        Assert.NotEqual(digest, RunDigest.Of(record with { Steps = record.Steps.SetItem(2, record.Steps[2] with { Degraded = true }) }));
        Assert.NotEqual(digest, RunDigest.Of(record with { Losses = record.Losses.SetItem(0, record.Losses[0] with { Loss = Math.BitIncrement(record.Losses[0].Loss) }) }));
    }

    [Fact]
    public void Should_not_change_when_only_the_wall_clock_latencies_change()
    {
        var record = Record();
        var slower = record with
        {
            Steps = [.. record.Steps.Select(step => step with { LatencyMicroseconds = step.LatencyMicroseconds * 3, NetworkLatencyMicroseconds = 7.5 })],
            ElapsedSeconds = 99,
        };

        Assert.Equal(RunDigest.Of(record), RunDigest.Of(slower));
    }

    [Fact]
    public void Should_hash_the_rows_in_step_order()
    {
        var record = Record();
        var header = StepsTable.Header(record);
        var rows = StepsTable.Rows(record).ToList();
        var swapped = new List<object?[]> { rows[1], rows[0], rows[2] };

        Assert.Equal(RunDigest.Of(record), RunDigest.Of(header, rows));
        Assert.NotEqual(RunDigest.Of(header, rows), RunDigest.Of(header, swapped));
    }

    [Fact]
    public void Should_equal_the_digest_the_readme_recomputes_from_the_text_of_steps_csv()
    {
        var record = Record(queues: true);
        var scenario = Scenario.Default;
        ResultsWriter.Write(directory, record, new { }, scenario);

        // The README's Python, line for line: drop the wall-clock columns, join the rest by commas, "\n" after each line.
        string[] lines = File.ReadAllLines(Path.Combine(directory, ResultsLayout.StepsFile));
        Assert.DoesNotContain(lines, line => line.Contains('"', StringComparison.Ordinal));
        string[] header = lines[0].Split(',');
        int[] keep = [.. Enumerable.Range(0, header.Length).Where(i => header[i] is not ("latency_us" or "network_latency_us"))];
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            string[] cells = line.Split(',');
            text.Append(string.Join(',', keep.Select(i => cells[i]))).Append('\n');
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), RunDigest.Of(record));
    }

    private static RunRecord Record(bool queues = false) => TestRecords.Run(queues);
}
