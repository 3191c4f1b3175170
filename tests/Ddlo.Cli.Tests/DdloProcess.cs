using System.Diagnostics;
using System.Text.Json;

namespace Ddlo.Cli.Tests;

/// <summary>Runs the real <c>ddlo</c> program in a child process, from the test output folder (which holds hocon/ and samples/).</summary>
internal static class DdloProcess
{
    public static Result Run(params string[] args)
    {
        using var running = Start(args);
        return running.WaitForExit(TimeSpan.FromMinutes(5));
    }

    /// <summary>Starts ddlo in the background; its output is collected until it exits.</summary>
    public static Running Start(params string[] args) => StartIn(AppContext.BaseDirectory, args);

    /// <summary>Starts ddlo in the background in <paramref name="workingDirectory"/>.</summary>
    public static Running StartIn(string workingDirectory, params string[] args) => StartWith(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>
    /// Starts ddlo in the background in <paramref name="workingDirectory"/>, with <paramref name="environment"/> over
    /// this process's environment (a null value removes the variable).
    /// </summary>
    public static Running StartWith(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        StartUnder([], workingDirectory, environment, args);

    /// <summary>
    /// Starts ddlo in the background under <paramref name="launcher"/> (a program and its arguments, e.g. taskset -c 0;
    /// none: dotnet itself), in <paramref name="workingDirectory"/>, with <paramref name="environment"/> over this one's.
    /// </summary>
    public static Running StartUnder(
        IReadOnlyList<string> launcher, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in launcher.Skip(1).Concat(launcher.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddlo.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        return new Running(process, string.Join(' ', args), process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    /// <summary>
    /// Starts ddlo with its output left to the caller to read as it comes (a server's first line). Disposing it kills
    /// it if it still runs: a test that ends early (or never stops its server) leaves no process behind.
    /// </summary>
    public static Process StartReading(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddlo.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        var process = new KilledWhenDisposed { StartInfo = start };
        process.Start();
        return process;
    }

    /// <summary>A process that is killed, with its children, when it is disposed while it still runs.</summary>
    private sealed class KilledWhenDisposed : Process
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    if (!HasExited)
                    {
                        Kill(entireProcessTree: true);
                        WaitForExit();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Never started, or already gone.
                }
            }

            base.Dispose(disposing);
        }
    }

    internal sealed class Running(Process process, string command, Task<string> stdout, Task<string> stderr) : IDisposable
    {
        public Process Process => process;

        public Result WaitForExit(TimeSpan timeout)
        {
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"ddlo {command} did not finish in {timeout}.\nstdout:\n{stdout.Result}\nstderr:\n{stderr.Result}");
            }

            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }

        /// <summary>
        /// Once the process has exited: its exit code and the end of what it printed, so an assertion that it is still
        /// running says why it is not.
        /// </summary>
        public string Ended()
        {
            process.WaitForExit();
            static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
            return $"ddlo {command} exited with {process.ExitCode}\nstdout:\n{Tail(stdout.Result)}\nstderr:\n{Tail(stderr.Result)}";
        }

        /// <summary>SIGKILL: the process gets no chance to leave the cluster.</summary>
        public void Kill() => process.Kill(entireProcessTree: true);

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
