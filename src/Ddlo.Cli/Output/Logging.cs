using System.Globalization;
using Serilog;
using Serilog.Events;

namespace Ddlo.Cli.Output;

/// <summary>Serilog for a run: warnings on the console (a progress bar is showing), everything to a file in the results folder.</summary>
internal static class Logging
{
    public static void Configure(string? resultsDirectory)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Warning, formatProvider: CultureInfo.InvariantCulture, standardErrorFromLevel: LogEventLevel.Verbose);
        if (resultsDirectory is not null)
        {
            Directory.CreateDirectory(resultsDirectory);
            configuration = configuration.WriteTo.File(Path.Combine(resultsDirectory, "ddlo.log"), formatProvider: CultureInfo.InvariantCulture);
        }

        Log.Logger = configuration.CreateLogger();
    }
}
