using System.ComponentModel;
using Ddlo.Hosting.Sessions;
using Ddlo.Serving;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo serve</c>: the simulator's slots as environments over gRPC (proto/ddlo_env.proto), for agents in other
/// processes (samples/python/ddlo_env). It prints where it listens, then serves until Ctrl-C or SIGTERM.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("TCP port to serve on (0: any free port; the line printed at start names it).")]
        public int? Port { get; init; }

        [CommandOption("--host <ADDRESS>")]
        [Description("Address to bind. Default: 127.0.0.1 (loopback: the server trusts its clients, who may name scenario files and plug-ins on this machine).")]
        public string Host { get; init; } = "127.0.0.1";

        public ServeOptions Options() => new(Host, Port ?? 0, CheckedScenarioFile, [.. Overrides]);

        public override ValidationResult Validate()
        {
            if (Port is not { } port)
            {
                return ValidationResult.Error("--port is required (0 for any free port), e.g. --port 50051");
            }

            if (port is < 0 or > 65535)
            {
                return ValidationResult.Error($"--port must be a port number from 0 to 65535, got {port}.");
            }

            return string.IsNullOrWhiteSpace(Host)
                ? ValidationResult.Error("--host: expected an address to bind, such as 127.0.0.1, got an empty name.")
                : base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var signals = new StopSignals("closing every connection and stopping");
        var options = settings.Options();
        await using var server = await EnvironmentServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        var spec = server.Spec;
        if (settings.Json)
        {
            // One line, so that a program that started the server reads where it listens from its first line.
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["address"] = server.Address.ToString().TrimEnd('/'),
                ["port"] = server.Port,
                ["scenario"] = spec.Scenario,
                ["model"] = spec.Model,
            }));
        }
        else
        {
            Console.Out.WriteLine($"ddlo serve: environments of {spec.Scenario} ({spec.Description}) on {server.Address.ToString().TrimEnd('/')} (gRPC, proto/ddlo_env.proto); Ctrl-C stops");
        }

        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(signals.Token, cancellationToken).Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: the server closes its connections as it is disposed.
        }

        return 0;
    }
}
