using Ddlo.Serving.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ddlo.Serving.Tests;

/// <summary>A real environment server on a free loopback port, and clients on connections of their own.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly List<GrpcChannel> channels = [];

    private LoopbackServer(EnvironmentServer server) => Server = server;

    public EnvironmentServer Server { get; }

    public static async Task<LoopbackServer> StartAsync(string? scenarioFile = null, params string[] overrides) =>
        new(await EnvironmentServer.StartAsync(ServeOptions.Loopback with { ScenarioFile = scenarioFile, Overrides = [.. overrides] }));

    /// <summary>
    /// A client on a new channel: its own HTTP/2 connection, and only one (Grpc.Net.Client opens more by default, and
    /// environments belong to the connection that created them).
    /// </summary>
    public Client Connect()
    {
        var channel = GrpcChannel.ForAddress(Server.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
            DisposeHttpClient = true,
        });
        channels.Add(channel);
        return new Client(channel);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await Server.DisposeAsync();
    }

    internal sealed class Client(GrpcChannel channel)
    {
        public GrpcChannel Channel => channel;

        public Protocol.Environments.EnvironmentsClient Stub { get; } = new(channel);

        public CreateReply Create(int count = 1, params string[] overrides) =>
            Stub.CreateEnvironments(new CreateRequest { Count = count, Overrides = { overrides } });

        public ResetReply Reset(IEnumerable<long> ids, params int[] seeds) => Stub.Reset(new ResetRequest { Ids = { ids }, Seeds = { seeds } });

        public StepReply Step(IEnumerable<long> ids, params byte[] decisions) =>
            Stub.Step(new StepRequest { Ids = { ids }, Decisions = ByteString.CopyFrom(decisions) });

        public PriceReply Price(IEnumerable<long> ids, int candidates, params byte[] decisions) =>
            Stub.Price(new PriceRequest { Ids = { ids }, Candidates = candidates, Decisions = ByteString.CopyFrom(decisions) });

        /// <summary>The status and one-line detail a refused call ends with.</summary>
        public static (StatusCode Code, string Detail) Refusal(Action call)
        {
            var refused = Assert.Throws<RpcException>(call);
            Assert.DoesNotContain('\n', refused.Status.Detail);
            return (refused.StatusCode, refused.Status.Detail);
        }
    }
}
