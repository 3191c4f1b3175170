using System.Globalization;
using Ddlo.Actors.Remote.Protocol;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ddlo.Actors.Remote;

/// <summary>
/// A policy served by another process over gRPC (<c>proto/ddlo_policy.proto</c>), chosen by
/// <c>ddlo.run.policy = remote</c> with <c>ddlo.remote-policy.address</c>: each <see cref="Decide"/> is one call to the
/// policy server, under the run's candidate deadline. The proposer actor treats it as a plug-in: a call that fails
/// (the server is gone, it answers an error or a decision of the wrong size) or overruns the deadline declines the
/// slot, which the run decides without it and counts degraded.
/// </summary>
/// <remarks>Not thread-safe: one proposer actor calls it, one call at a time, as any policy.</remarks>
public class RemotePolicy : IOffloadingPolicy, IDisposable
{
    public const string AddressKey = "ddlo.remote-policy.address";

    /// <summary>The address's value when none is given.</summary>
    public const string NoAddress = "off";

    private readonly GrpcChannel channel;
    private readonly TimeSpan callDeadline;

    /// <summary>
    /// How long a call may take before this client gives up on it: twice the run's deadline, so that the proposer
    /// actor's own deadline always comes first and a slow call counts as the overrun it is (ddlo.run.plugin-misses).
    /// </summary>
    private readonly TimeSpan giveUpAfter;
    private AsyncDuplexStreamingCall<DecideRequest, DecideReply>? stream;

    private protected RemotePolicy(GrpcChannel channel, Uri address, string name, TimeSpan callDeadline)
    {
        this.channel = channel;
        Client = new Policy.PolicyClient(channel);
        Address = address;
        Name = name;
        this.callDeadline = callDeadline;
        giveUpAfter = callDeadline * 2;
    }

    /// <summary>The name the server gave itself: the policy's name in results.</summary>
    public string Name { get; }

    /// <summary>Where the policy is served.</summary>
    public Uri Address { get; }

    private protected Policy.PolicyClient Client { get; }

    /// <summary>
    /// <paramref name="text"/> as a gRPC address: <c>host:port</c> (cleartext HTTP/2) or <c>http://host:port</c>;
    /// null with the problem when it is neither.
    /// </summary>
    public static Uri? ParseAddress(string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        string withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && trimmed.TrimEnd('/').EndsWith(":" + uri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            problem = string.Empty;
            return uri;
        }

        problem = $"expected the policy server's host:port (127.0.0.1:50070) or http://host:port, got '{text}'.";
        return null;
    }

    /// <summary>
    /// Connects to the policy at <paramref name="address"/> and tells it the system it will decide for; throws a
    /// <see cref="RemotePolicyException"/> in one line when nothing answers there, the server refuses the system, or
    /// it names itself wrongly.
    /// </summary>
    public static RemotePolicy Connect(Uri address, RemoteSystem system, int seed, int proposer, TimeSpan startTimeout, TimeSpan callDeadline)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(system);
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan, EnableMultipleHttp2Connections = true },
        });
        try
        {
            var reply = new Policy.PolicyClient(channel).Describe(
                new DescribeRequest
                {
                    Model = system.Model,
                    Devices = system.Devices,
                    TasksPerDevice = system.TasksPerDevice,
                    Objective = system.Objective == Ddlo.Core.Systems.Objective.Minimise ? "minimise" : "maximise",
                    ContextFeatures = system.ContextFeatures,
                    Seed = seed,
                    Proposer = proposer,
                    Scenario = system.Description,
                },
                deadline: DateTime.UtcNow + startTimeout);
            if (!Plugins.PolicyPlugins.IsValidName(reply.Name) || !reply.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new RemotePolicyException(
                    $"the policy at {Text(address)} names itself '{OneLine(reply.Name)}'; a policy's name is letters, digits, '-' and '_', and not a built-in policy's ({string.Join(", ", Configuration.RunSettings.BuiltInPolicies)}).");
            }

            return reply.Learns
                ? new LearningRemotePolicy(channel, address, reply.Name, callDeadline)
                : new RemotePolicy(channel, address, reply.Name, callDeadline);
        }
        catch (RpcException e)
        {
            channel.Dispose();
            throw new RemotePolicyException(e.StatusCode switch
            {
                StatusCode.Unavailable => $"no policy server answers at {Text(address)} ({OneLine(e.Status.Detail)}); start one (samples/python/remote_policy.py) or correct the address.",
                StatusCode.DeadlineExceeded => $"the policy server at {Text(address)} did not answer within {startTimeout.TotalSeconds:0.###} s (ddlo.run.plugin-start-timeout).",
                StatusCode.Unimplemented => $"the server at {Text(address)} serves no ddlo.policy.v1.Policy (proto/ddlo_policy.proto).",
                _ => $"the policy server at {Text(address)} refused this run: {OneLine(e.Status.Detail)}",
            });
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var request = new DecideRequest();
        request.Reports.Add(workload.Sizes);
        request.Context.Add(workload.Context);
        AddOutcomes(request);
        var reply = Exchange(request);

        var bytes = reply.Decision.Span;
        if (bytes.Length != workload.TaskCount)
        {
            throw new RemotePolicyException($"the policy {Name} at {Text(Address)} decided {bytes.Length} bits for {workload.TaskCount} tasks.");
        }

        var bits = new bool[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bits[i] = bytes[i] switch
            {
                0 => false,
                1 => true,
                var other => throw new RemotePolicyException($"the policy {Name} at {Text(Address)} decided {other} for task {i}; each bit is 0 or 1."),
            };
        }

        return OffloadDecision.FromBits(bits);
    }

    /// <summary>
    /// One request and its reply over the decision stream, opened on first use. A reply that fails or is late leaves
    /// the stream out of step (a late reply would answer the next slot), so the stream is closed, and the next call opens another.
    /// </summary>
    private DecideReply Exchange(DecideRequest request)
    {
        stream ??= Client.DecideStream();
        using var timeout = new CancellationTokenSource(giveUpAfter);
        try
        {
            return ExchangeAsync(stream, request, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, the stream may be out of step: the next call opens another.
            CloseStream();
            throw e switch
            {
                RpcException { StatusCode: not StatusCode.Cancelled } rpc => Failed(rpc),
                _ when timeout.IsCancellationRequested => Failed(new RpcException(new Status(StatusCode.DeadlineExceeded, string.Empty))),
                _ => new RemotePolicyException($"the policy {Name} at {Text(Address)} failed: {OneLine(e.Message)}"),
            };
        }
    }

    private static async Task<DecideReply> ExchangeAsync(AsyncDuplexStreamingCall<DecideRequest, DecideReply> call, DecideRequest request, CancellationToken cancel)
    {
        await call.RequestStream.WriteAsync(request, cancel).ConfigureAwait(false);
        if (!await call.ResponseStream.MoveNext(cancel).ConfigureAwait(false))
        {
            // The server ended the stream: its status says why (an error it raised, or it stopped serving).
            var status = call.GetStatus();
            throw new RpcException(status.StatusCode == StatusCode.OK ? new Status(StatusCode.Unavailable, "the server ended the decision stream") : status);
        }

        return call.ResponseStream.Current;
    }

    private void CloseStream()
    {
        stream?.Dispose();
        stream = null;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A learning policy adds the outcomes it has not yet sent.</summary>
    private protected virtual void AddOutcomes(DecideRequest request)
    {
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseStream();
            channel.Dispose();
        }
    }

    private protected RemotePolicyException Failed(RpcException e) => new(e.StatusCode switch
    {
        StatusCode.Unavailable => $"the policy {Name} at {Text(Address)} is gone ({OneLine(e.Status.Detail)}).",
        StatusCode.DeadlineExceeded => $"the policy {Name} at {Text(Address)} did not answer within {giveUpAfter.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms (twice ddlo.run.candidate-deadline).",
        _ => $"the policy {Name} at {Text(Address)} answered {e.StatusCode}: {OneLine(e.Status.Detail)}",
    });

    private protected static string Text(Uri address) => address.GetLeftPart(UriPartial.Authority);

    private protected static string OneLine(string text) => text.Split('\n', 2)[0].Trim();
}
