using System.Globalization;
using Serilog;
using Serilog.Events;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// Serilog for a run: warnings on the console, one line each with no stack trace (a progress bar is showing), and
/// everything, stack traces included, to a file in the results folder.
/// </summary>
public static class Logging
{
    public static void Configure(string? resultsDirectory)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(
                restrictedToMinimumLevel: LogEventLevel.Warning,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose);
        if (resultsDirectory is not null)
        {
            Directory.CreateDirectory(resultsDirectory);
            configuration = configuration.WriteTo.File(Path.Combine(resultsDirectory, Results.ResultsLayout.LogFile), formatProvider: CultureInfo.InvariantCulture);
        }

        Log.Logger = configuration.CreateLogger();
    }
}
