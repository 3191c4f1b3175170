using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

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
                new FirstLine(new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}", CultureInfo.InvariantCulture)),
                restrictedToMinimumLevel: LogEventLevel.Warning,
                standardErrorFromLevel: LogEventLevel.Verbose);
        if (resultsDirectory is not null)
        {
            Directory.CreateDirectory(resultsDirectory);
            configuration = configuration.WriteTo.File(Path.Combine(resultsDirectory, Results.ResultsLayout.LogFile), formatProvider: CultureInfo.InvariantCulture);
        }

        Log.Logger = configuration.CreateLogger();
    }

    /// <summary>
    /// The first line of each event as <paramref name="inner"/> formats it: a warning that carries an exception in its
    /// text (Akka's remoting does, when a node is lost) stays one line on the console; the file keeps all of it.
    /// </summary>
    private sealed class FirstLine(ITextFormatter inner) : ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            inner.Format(logEvent, text);
            string line = text.ToString();
            int end = line.IndexOfAny(['\r', '\n']);
            output.WriteLine(end < 0 ? line : line[..end]);
        }
    }
}
