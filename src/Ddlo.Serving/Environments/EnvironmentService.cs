using Ddlo.Core.Systems;
using Ddlo.Serving.Protocol;
using Grpc.Core;

namespace Ddlo.Serving.Environments;

/// <summary>
/// The gRPC face of the environments (proto/ddlo_env.proto): it reads a request, asks the registry and the
/// environments, and writes the reply. A refused request ends its call with INVALID_ARGUMENT or FAILED_PRECONDITION
/// and one line; nothing else on the server changes.
/// </summary>
internal sealed class EnvironmentService(EnvironmentRegistry registry, ScenarioSource scenarios) : Protocol.Environments.EnvironmentsBase
{
    /// <summary>The most environments one CreateEnvironments opens: a typo of a few digits is refused, not allocated.</summary>
    internal const int MaxCount = 100_000;

    public override Task<CreateReply> CreateEnvironments(CreateRequest request, ServerCallContext context) =>
        Answer(() => Create(Connection(context), request));

    public override Task<ResetReply> Reset(ResetRequest request, ServerCallContext context) =>
        Answer(() => Reset(Connection(context), request));

    public override Task<StepReply> Step(StepRequest request, ServerCallContext context) =>
        Answer(() => Step(Connection(context), request));

    public override async Task StepStream(IAsyncStreamReader<StepRequest> requestStream, IServerStreamWriter<StepReply> responseStream, ServerCallContext context)
    {
        string connection = Connection(context);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var reply = await Answer(() => Step(connection, requestStream.Current)).ConfigureAwait(false);
            await responseStream.WriteAsync(reply, context.CancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<PriceReply> Price(PriceRequest request, ServerCallContext context) =>
        Answer(() => Price(Connection(context), request));

    public override Task<CloseReply> CloseEnvironments(CloseRequest request, ServerCallContext context) =>
        Answer(() => new CloseReply { Closed = registry.Close(Connection(context), request.Ids) });

    private CreateReply Create(string connection, CreateRequest request)
    {
        if (request.Count is < 1 or > MaxCount)
        {
            throw EnvironmentException.Invalid($"count: expected a number of environments from 1 to {MaxCount}, got {request.Count}.");
        }

        var template = EnvironmentTemplate.From(scenarios.Load(request.ScenarioFile, request.ScenarioHocon, request.Overrides));
        var reply = new CreateReply { Spec = Describe(template.Spec) };
        reply.Ids.AddRange(registry.Open(connection, template, request.Count).Select(e => e.Id));
        return reply;
    }

    private ResetReply Reset(string connection, ResetRequest request)
    {
        var environments = Resolve(connection, request.Ids);
        if (request.Seeds.Count != 0 && request.Seeds.Count != environments.Length)
        {
            throw EnvironmentException.Invalid($"seeds: expected none or one per environment ({environments.Length}), got {request.Seeds.Count}.");
        }

        var reply = new ResetReply();
        for (int i = 0; i < environments.Length; i++)
        {
            reply.Observations.AddRange(environments[i].Reset(request.Seeds.Count == 0 ? null : request.Seeds[i]).NetworkInputs);
        }

        return reply;
    }

    private StepReply Step(string connection, StepRequest request)
    {
        var environments = Resolve(connection, request.Ids);
        var decisions = request.Decisions.Span;
        int expected = environments.Sum(e => e.Spec.DecisionSize);
        if (decisions.Length != expected)
        {
            throw EnvironmentException.Invalid(environments.Length == 1
                ? $"decisions: environment {environments[0].Id} needs {expected} bits (N*M), got {decisions.Length}."
                : $"decisions: {environments.Length} environments need {expected} bits (their N*M each, in the order of ids), got {decisions.Length}.");
        }

        // Every environment is checked before any steps, so a refused batch changes none of them.
        var offsets = new int[environments.Length];
        for (int i = 0, at = 0; i < environments.Length; at += environments[i].Spec.DecisionSize, i++)
        {
            offsets[i] = at;
            environments[i].CheckStep(decisions.Slice(at, environments[i].Spec.DecisionSize));
        }

        // Pricing and scoring a slot (an exhaustive Q* prices every decision) dwarfs the call: a batch steps on every core.
        var outcomes = new StepOutcome[environments.Length];
        var bits = request.Decisions.Memory;
        void StepOne(int i) => outcomes[i] = environments[i].Step(bits.Span.Slice(offsets[i], environments[i].Spec.DecisionSize));
        if (environments.Length == 1)
        {
            StepOne(0);
        }
        else
        {
            Parallel.For(0, environments.Length, StepOne);
        }

        var reply = new StepReply();
        foreach (var outcome in outcomes)
        {
            reply.Rewards.Add(outcome.Reward);
            reply.Observations.AddRange(outcome.Next.NetworkInputs);
            reply.Terminated.Add(false);
            reply.Truncated.Add(outcome.Truncated);
            reply.Values.Add(outcome.Value);
            reply.Optima.Add(outcome.Optimum);
            reply.GainRatios.Add(outcome.GainRatio);
            reply.Slots.Add(outcome.Slot);
            reply.Allocation.AddRange(outcome.Allocation);
        }

        return reply;
    }

    private PriceReply Price(string connection, PriceRequest request)
    {
        var environments = Resolve(connection, request.Ids);
        if (request.Candidates < 1)
        {
            throw EnvironmentException.Invalid($"candidates: expected at least 1 per environment, got {request.Candidates}.");
        }

        var decisions = request.Decisions.Span;
        int expected = environments.Sum(e => e.Spec.DecisionSize * request.Candidates);
        if (decisions.Length != expected)
        {
            throw EnvironmentException.Invalid(
                $"decisions: {request.Candidates} candidates for {environments.Length} environment(s) need {expected} bits (N*M each, in the order of ids), got {decisions.Length}.");
        }

        var reply = new PriceReply();
        for (int i = 0, at = 0; i < environments.Length; i++)
        {
            int size = environments[i].Spec.DecisionSize * request.Candidates;
            reply.Values.AddRange(environments[i].Price(decisions.Slice(at, size), request.Candidates));
            at += size;
        }

        return reply;
    }

    /// <summary>The environments named, each once, all of this connection's.</summary>
    private OffloadingEnvironment[] Resolve(string connection, Google.Protobuf.Collections.RepeatedField<long> ids)
    {
        if (ids.Count == 0)
        {
            throw EnvironmentException.Invalid("ids: name at least one environment.");
        }

        var environments = new OffloadingEnvironment[ids.Count];
        for (int i = 0; i < ids.Count; i++)
        {
            environments[i] = registry.Get(connection, ids[i]);
            for (int j = 0; j < i; j++)
            {
                if (ids[j] == ids[i])
                {
                    throw EnvironmentException.Invalid($"ids: environment {ids[i]} is named twice; a call acts on each environment once.");
                }
            }
        }

        return environments;
    }

    private static Protocol.EnvironmentSpec Describe(EnvironmentSpec spec) => new()
    {
        Model = spec.Model,
        Scenario = spec.Scenario,
        Description = spec.Description,
        Devices = spec.Devices,
        TasksPerDevice = spec.TasksPerDevice,
        ObservationSize = spec.ObservationSize,
        ContextFeatures = spec.ContextFeatures,
        DecisionSize = spec.DecisionSize,
        Objective = spec.Objective == Objective.Minimise ? "minimise" : "maximise",
        ValueName = spec.ValueName,
        ReportName = spec.ReportName,
        MaxSteps = spec.MaxSteps,
        Oracle = spec.Oracle ?? string.Empty,
        Seed = spec.Seed,
    };

    /// <summary>The connection the call came on: it owns the environments the call creates.</summary>
    private static string Connection(ServerCallContext context) => context.GetHttpContext().Connection.Id;

    /// <summary>The refusal in <paramref name="e"/>: itself, or the first of a batch stepped in parallel (another call raced it).</summary>
    private static EnvironmentException? Refusal(Exception e) => e switch
    {
        EnvironmentException refused => refused,
        AggregateException batch => batch.Flatten().InnerExceptions.OfType<EnvironmentException>().FirstOrDefault(),
        _ => null,
    };

    /// <summary>The reply, or the call ended with the status and the one line of the refusal.</summary>
    private static Task<T> Answer<T>(Func<T> answer)
    {
        try
        {
            return Task.FromResult(answer());
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            var code = refused.Error == EnvironmentError.FailedPrecondition ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument;
            throw new RpcException(new Status(code, refused.Message));
        }
    }
}
