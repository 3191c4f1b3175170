using Akka.Actor;
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
/// The Akka wiring every ddlo ActorSystem shares, in its two forms: <see cref="Defaults"/>, HOCON for the direct
/// ActorSystems of <c>simulate</c>, the experiments and the tests (which run many side by side), and
/// <see cref="WithDdloDefaults"/>, the same wiring through Akka.Hosting for <c>ddlo node</c>. Both name the one
/// Serilog logger, log formatter and protocol serializer below, and share the rest of their settings.
/// </summary>
public static class DdloAkka
{
    /// <summary>The ActorSystem name of every ddlo node: members of one cluster must agree on it.</summary>
    public const string SystemName = "ddlo";

    /// <summary>Settings beside the loggers and the serializer: Serilog's message templates, quiet shutdown, ddlo's logger of last resort, reference.conf.</summary>
    private static readonly Config Common = ConfigurationFactory.ParseString($$"""
        akka {
          logger-formatter = "{{TypeName<SerilogLogMessageFormatter>()}}"
          loglevel = INFO
          stdout-loglevel = WARNING
          stdout-logger-class = "{{TypeName<SerilogStdoutLogger>()}}"
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
        }
        """).WithFallback(Scenario.ReferenceConfig);

    /// <summary>
    /// HOCON for a direct ActorSystem: Serilog logging, the protocol serializer bound to every
    /// <see cref="IDdloMessage"/>, quiet shutdown, and reference.conf.
    /// </summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString($$"""
        akka {
          loggers = ["{{TypeName<SerilogLogger>()}}"]
          actor {
            serializers.{{DdloMessageSerializer.Name}} = "{{TypeName<DdloMessageSerializer>()}}"
            serialization-bindings { "{{TypeName<IDdloMessage>()}}" = {{DdloMessageSerializer.Name}} }
            serialization-identifiers { "{{TypeName<DdloMessageSerializer>()}}" = {{DdloMessageSerializer.Id}} }
          }
        }
        """).WithFallback(Common);

    /// <summary>The same wiring as <see cref="Defaults"/>, through Akka.Hosting: its loggers, its serializer, its settings.</summary>
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
            .WithCustomSerializer(DdloMessageSerializer.Name, [typeof(IDdloMessage)], system => new DdloMessageSerializer(system))
            .AddHocon(Common, HoconAddMode.Append);
    }

    private static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";
}
