using System.Diagnostics;
using System.Text.Json;

namespace Ddlo.Serving.Tests;

/// <summary>
/// Runs the Python side for real: Debian's /usr/bin/python3 (where run.sh installs python3-grpcio and
/// python3-protobuf) on the samples/python/ddlo_env package copied beside the tests.
/// </summary>
internal static class PythonProcess
{
    public static string Interpreter => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples", "python");

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = Samples,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs to the end; a non-zero exit fails the test with what it printed.</summary>
    public static string Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} did not finish in 2 minutes.\n{stderr.Result}");
        }

        Assert.True(process.ExitCode == 0, $"python3 {string.Join(' ', args)} exited {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    /// <summary>record.py's lines: the spec, then one per environment and step.</summary>
    public static (JsonElement Spec, List<JsonElement> Steps) Record(Uri server, params string[] args)
    {
        var lines = Run(["ddlo_env/record.py", "--target", $"{server.Host}:{server.Port}", .. args])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        return (lines[0].GetProperty("spec"), lines[1..]);
    }
}
