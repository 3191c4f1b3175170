using System.Globalization;
using System.IO.Compression;

namespace Ddlo.Experiments;

/// <summary>
/// The authors' own runs, made on this machine by samples/python/run_upstream_lydroo.py: seed-N.csv.gz (frame,
/// mean_data_queue, mean_energy_queue, mean_energy, mean_arrivals, mean_service, objective) and timing.csv
/// (seed, frames, ms_per_frame, measured with nothing else running).
/// </summary>
public sealed record LydrooAuthorsRuns(IReadOnlyList<LydrooResults.Run> Runs, double? MillisecondsPerFrame)
{
    internal static LydrooAuthorsRuns Load(string folder, long frames)
    {
        var runs = new List<LydrooResults.Run>();
        foreach (string file in Directory.GetFiles(folder, "seed-*.csv.gz").Order(StringComparer.Ordinal))
        {
            int seed = int.Parse(Path.GetFileName(file)["seed-".Length..].Split('.')[0], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            reader.ReadLine();
            var rows = new List<double[]>();
            while (reader.ReadLine() is { } line && rows.Count < frames)
            {
                rows.Add([.. line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
            }

            runs.Add(new LydrooResults.Run("the authors' python", seed, double.NaN, double.NaN, [.. rows.Select(r => r[1])], [.. rows.Select(r => r[2])], [.. rows.Select(r => r[3])], [.. rows.Select(r => r[5])], [.. rows.Select(r => r[6])]));
        }

        string timing = Path.Combine(folder, "timing.csv");
        double? perFrame = File.Exists(timing)
            ? File.ReadLines(timing).Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).Average()
            : null;
        return new LydrooAuthorsRuns(runs, perFrame);
    }
}
