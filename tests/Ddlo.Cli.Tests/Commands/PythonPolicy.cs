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

    private PythonPolicy(Process process, string name, string address)
    {
        this.process = process;
        Name = name;
        Address = address;
    }

    public string Name { get; }

    /// <summary>host:port, as ddlo.remote-policy.address takes it.</summary>
    public string Address { get; }

    public static PythonPolicy Start(params string[] args)
    {
        var process = Process.Start(PythonScript.StartInfo(["remote_policy.py", "--port", "0", .. args]))!;
        string? first = process.StandardOutput.ReadLine();
        var serving = first is null ? null : Serving().Match(first);
        if (serving is not { Success: true })
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"remote_policy.py did not start: {first}\n{process.StandardError.ReadToEnd()}");
        }

        return new PythonPolicy(process, serving.Groups["name"].Value, serving.Groups["address"].Value);
    }

    /// <summary>Closes its standard input and waits for its last line: how many slots it decided and outcomes it learned.</summary>
    public (int Decided, int Learned) Finish()
    {
        process.StandardInput.Close();
        string rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "remote_policy.py did not stop");
        var counts = Counts().Match(rest);
        Assert.True(counts.Success, $"remote_policy.py ended without its counts: {rest}\n{process.StandardError.ReadToEnd()}");
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

    [GeneratedRegex(@"^serving (?<name>\S+) on (?<address>\S+:\d+)$")]
    private static partial Regex Serving();

    [GeneratedRegex(@"decided (\d+) learned (\d+)")]
    private static partial Regex Counts();
}
