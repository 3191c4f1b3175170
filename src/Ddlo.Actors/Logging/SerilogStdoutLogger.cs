using Akka.Event;
using Serilog.Events;

namespace Ddlo.Actors.Logging;

/// <summary>
/// Akka's logger of last resort (used before the configured loggers start and after they stop, as during
/// shutdown), sent to Serilog too, so a finishing run prints nothing of Akka's on the console below warnings.
/// </summary>
public sealed class SerilogStdoutLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is Akka.Event.LogEvent logEvent)
        {
            Serilog.Log.Write(Level(logEvent.LogLevel()), logEvent.Cause, "[{Source}] {Message}", logEvent.LogSource, logEvent.Message);
        }
    }

    private static LogEventLevel Level(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => LogEventLevel.Debug,
        LogLevel.InfoLevel => LogEventLevel.Information,
        LogLevel.WarningLevel => LogEventLevel.Warning,
        _ => LogEventLevel.Error,
    };
}
