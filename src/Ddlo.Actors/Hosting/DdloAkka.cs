using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Logging;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Serialization;

namespace Ddlo.Actors.Hosting;

/// <summary>
/// The Akka wiring every ddlo ActorSystem shares: the Serilog logger and log formatter, the protocol serializer, quiet
/// shutdown and reference.conf. <see cref="Defaults"/> is it as HOCON, for the direct ActorSystems of <c>simulate</c>,
/// the experiments and the tests (which run many side by side); <see cref="WithDdloDefaults"/> gives a hosted node
/// (<c>ddlo node</c>) the same HOCON. Akka.Hosting owns <c>akka.loggers</c> (its logger builder always writes them), so
/// there the one logger type below is named through <c>ConfigureLoggers</c> instead.
/// </summary>
public static class DdloAkka
{
    /// <summary>The ActorSystem name of every ddlo node: members of one cluster must agree on it.</summary>
    public const string SystemName = "ddlo";

    /// <summary>
    /// Everything but the loggers' list: Serilog's message templates, the protocol serializer bound to every
    /// <see cref="IDdloMessage"/>, quiet shutdown, ddlo's logger of last resort, reference.conf.
    /// </summary>
    private static readonly Config Common = ConfigurationFactory.ParseString($$"""
        akka {
          logger-formatter = "{{TypeName<SerilogLogMessageFormatter>()}}"
          loglevel = INFO
          stdout-loglevel = WARNING
          stdout-logger-class = "{{TypeName<SerilogStdoutLogger>()}}"
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
          actor {
            serializers.{{DdloMessageSerializer.Name}} = "{{TypeName<DdloMessageSerializer>()}}"
            serialization-bindings { "{{TypeName<IDdloMessage>()}}" = {{DdloMessageSerializer.Name}} }
            serialization-identifiers { "{{TypeName<DdloMessageSerializer>()}}" = {{DdloMessageSerializer.Id}} }
          }
        }
        """).WithFallback(Scenario.ReferenceConfig);

    /// <summary>HOCON for a direct ActorSystem: the Serilog logger, then everything <see cref="WithDdloDefaults"/> also adds.</summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString($$"""
        akka.loggers = ["{{TypeName<SerilogLogger>()}}"]
        """).WithFallback(Common);

    /// <summary>The same wiring as <see cref="Defaults"/>, for a node built with Akka.Hosting.</summary>
    public static AkkaConfigurationBuilder WithDdloDefaults(this AkkaConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            })
            .AddHocon(Common, HoconAddMode.Append);
    }

    private static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";
}
