using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// samples/python/remote_policy.py run for real under Debian's python3, serving on a free loopback port: its address
/// once it listens, and what it decided and learned once its standard input closes.
/// </summary>
internal sealed partial class PythonPolicy : IDisposable
{
    private readonly Process process;

    /// <summary>Its standard error, drained as it runs (so that a chatty script never blocks on a full pipe).</summary>
    private readonly Task<string> errors;

    private PythonPolicy(Process process, string name, string address, Task<string> errors)
    {
        this.process = process;
        this.errors = errors;
        Name = name;
        Address = address;
    }

    public string Name { get; }

    /// <summary>host:port, as ddlo.remote-policy.address takes it.</summary>
    public string Address { get; }

    public static PythonPolicy Start(params string[] args)
    {
        var process = Process.Start(PythonScript.StartInfo(["remote_policy.py", "--port", "0", "--stop-on-stdin-eof", .. args]))!;
        var errors = process.StandardError.ReadToEndAsync();
        string? first = Within(process.StandardOutput.ReadLineAsync(), TimeSpan.FromMinutes(1));
        var serving = first is null ? null : Serving().Match(first);
        if (serving is not { Success: true })
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"remote_policy.py did not start: {first}\n{Within(errors, TimeSpan.FromSeconds(10))}");
        }

        return new PythonPolicy(process, serving.Groups["name"].Value, serving.Groups["address"].Value, errors);
    }

    /// <summary>Closes its standard input and waits for its last line: how many slots it decided and outcomes it learned.</summary>
    public (int Decided, int Learned) Finish()
    {
        process.StandardInput.Close();
        string? rest = Within(process.StandardOutput.ReadToEndAsync(), TimeSpan.FromMinutes(1));
        Assert.True(rest is not null && process.WaitForExit(TimeSpan.FromMinutes(1)), "remote_policy.py did not stop within a minute of its input closing");
        var counts = Counts().Match(rest);
        Assert.True(counts.Success, $"remote_policy.py ended without its counts: {rest}\n{Within(errors, TimeSpan.FromSeconds(10))}");
        return (int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Waits for the process to end by itself (a policy told to exit after so many decisions).</summary>
    public bool Exited(TimeSpan within) => process.WaitForExit(within);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    /// <summary>The task's result, or null when it has not finished within <paramref name="limit"/>.</summary>
    private static T? Within<T>(Task<T> task, TimeSpan limit) =>
        task.Wait(limit) ? task.Result : default;

    [GeneratedRegex(@"^serving (?<name>\S+) on (?<address>\S+:\d+)$")]
    private static partial Regex Serving();

    [GeneratedRegex(@"decided (\d+) learned (\d+)")]
    private static partial Regex Counts();
}
