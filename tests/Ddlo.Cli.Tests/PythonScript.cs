using System.Diagnostics;

namespace Ddlo.Cli.Tests;

/// <summary>
/// The Python samples run for real: Debian's /usr/bin/python3 (where run.sh installs python3-grpcio, python3-protobuf
/// and python3-torch) on samples/python, copied beside the tests.
/// </summary>
internal static class PythonScript
{
    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples", "python");

    /// <summary>How to start <paramref name="args"/> (a script under samples/python and its arguments), its output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
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

        return start;
    }

    /// <summary>Runs to the end and gives its standard output; a non-zero exit, or no end within <paramref name="limit"/>, fails the test with what it printed.</summary>
    public static string Run(TimeSpan limit, params string[] args)
    {
        using var python = Process.Start(StartInfo(args))!;
        python.StandardInput.Close();
        var stderr = python.StandardError.ReadToEndAsync();
        var stdout = python.StandardOutput.ReadToEndAsync();
        if (!python.WaitForExit(limit))
        {
            python.Kill(entireProcessTree: true);
            Assert.Fail($"python3 {string.Join(' ', args)} did not finish within {limit}: {stderr.Result}");
        }

        Assert.True(python.ExitCode == 0, $"python3 {string.Join(' ', args)} exited {python.ExitCode}: {stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
