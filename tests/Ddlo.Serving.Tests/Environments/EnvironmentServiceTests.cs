using Ddlo.Actors.Configuration;
using Ddlo.Serving.Protocol;
using Google.Protobuf;
using Grpc.Core;

namespace Ddlo.Serving.Tests.Environments;

/// <summary>The service over a real loopback server: batched and streamed steps, refusals, and connections that own environments.</summary>
public sealed class EnvironmentServiceTests
{
    private static readonly byte[] Decision = [1, 1, 0, 0, 1, 1, 0, 1, 1];

    [Fact]
    public async Task Should_reset_and_step_many_environments_in_one_call_each_priced_as_solve_prices_it()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var created = client.Create(4);

        var first = client.Reset(created.Ids, 1, 2, 3, 4);
        var stepped = client.Step(created.Ids, [.. Enumerable.Repeat(Decision, 4).SelectMany(d => d)]);

        Assert.Equal(9, created.Spec.ObservationSize);
        Assert.Equal("minimise", created.Spec.Objective);
        Assert.Equal("exhaustive", created.Spec.Oracle);
        Assert.Equal(36, first.Observations.Count);
        Assert.Equal(36, stepped.Observations.Count);
        Assert.Equal(12, stepped.Allocation.Count);
        for (int i = 0; i < 4; i++)
        {
            var solved = SolveJson.Of(Scenario.Load(null), [.. first.Observations.Skip(i * 9).Take(9)], "110011011");
            Assert.Equal(-solved.GetProperty("q").GetDouble(), stepped.Rewards[i]);
            Assert.Equal(solved.GetProperty("q").GetDouble(), stepped.Values[i]);
            Assert.Equal(0, stepped.Slots[i]);
            Assert.False(stepped.Truncated[i] || stepped.Terminated[i]);
        }

        Assert.NotEqual(first.Observations.Take(9), first.Observations.Skip(9).Take(9));
    }

    [Fact]
    public async Task Should_answer_a_stream_of_steps_as_the_unary_step_answers_them()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var streamed = client.Create(1).Ids;
        var unary = client.Create(1).Ids;
        client.Reset(streamed, 9);
        client.Reset(unary, 9);

        using var call = client.Stub.StepStream();
        var replies = new List<StepReply>();
        for (int t = 0; t < 3; t++)
        {
            await call.RequestStream.WriteAsync(new StepRequest { Ids = { streamed }, Decisions = ByteString.CopyFrom(Decision) });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            replies.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        foreach (var reply in replies)
        {
            var expected = client.Step(unary, Decision);
            Assert.Equal(expected.Rewards, reply.Rewards);
            Assert.Equal(expected.Observations, reply.Observations);
            Assert.Equal(expected.Slots, reply.Slots);
        }
    }

    public static TheoryData<string, StatusCode, string> BadRequests() => new()
    {
        { "short decision", StatusCode.InvalidArgument, "decisions: environment {id} needs 9 bits (N*M), got 8." },
        { "bit 2", StatusCode.InvalidArgument, "environment {id}: decision bit 4 is 2; expected 0 (local) or 1 (offload)." },
        { "step before reset", StatusCode.FailedPrecondition, "environment {id}: step before reset; reset it first." },
        { "unknown key", StatusCode.InvalidArgument, "overrides[0] 'system.devics=4': ddlo.system.devics: unknown key (did you mean 'ddlo.system.devices'?)." },
        { "bad value", StatusCode.InvalidArgument, "overrides[0] 'system.uplink-mbps=0': ddlo.system.uplink-mbps: expected a number > 0, got '0'" },
        { "missing file", StatusCode.InvalidArgument, "hocon/scenarios/missing.conf: scenario file not found." },
        { "malformed hocon", StatusCode.InvalidArgument, "scenario_hocon: not valid HOCON" },
        { "file and hocon", StatusCode.InvalidArgument, "scenario_file and scenario_hocon exclude each other: give one, or neither for the server's scenario." },
        { "no environments", StatusCode.InvalidArgument, "count: expected a number of environments from 1 to 100000, got 0." },
        { "unknown id", StatusCode.InvalidArgument, "environment 987654 is not open on this connection (never created here, or closed)." },
        { "another connection's id", StatusCode.InvalidArgument, "environment {other} is not open on this connection (never created here, or closed)." },
        { "id twice", StatusCode.InvalidArgument, "ids: environment {id} is named twice; a call acts on each environment once." },
        { "seeds", StatusCode.InvalidArgument, "seeds: expected none or one per environment (1), got 2." },
        { "price before reset", StatusCode.FailedPrecondition, "environment {id}: price before reset; reset it first." },
        { "no candidates", StatusCode.InvalidArgument, "candidates: expected at least 1 per environment, got 0." },
        { "short candidates", StatusCode.InvalidArgument, "decisions: 2 candidates for 1 environment(s) need 18 bits (N*M each, in the order of ids), got 17." },
        { "candidate bit 2", StatusCode.InvalidArgument, "environment {id}: decision bit 0 is 2; expected 0 (local) or 1 (offload)." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Should_refuse_a_bad_request_in_one_line_and_go_on_serving(string request, StatusCode code, string detail)
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var other = server.Connect();
        long id = client.Create(1).Ids[0];
        long others = other.Create(1).Ids[0];
        long ready = client.Create(1).Ids[0];
        client.Reset([ready], 1);
        Action call = request switch
        {
            "short decision" => () => { client.Reset([id]); client.Step([id], [.. Decision.Take(8)]); },
            "bit 2" => () => { client.Reset([id]); client.Step([id], [1, 1, 0, 0, 2, 1, 0, 1, 1]); },
            "step before reset" => () => client.Step([id], Decision),
            "unknown key" => () => client.Create(1, "system.devics=4"),
            "bad value" => () => client.Create(1, "system.uplink-mbps=0"),
            "missing file" => () => client.Stub.CreateEnvironments(new CreateRequest { Count = 1, ScenarioFile = "hocon/scenarios/missing.conf" }),
            "malformed hocon" => () => client.Stub.CreateEnvironments(new CreateRequest { Count = 1, ScenarioHocon = "ddlo { system { devices = [ } }" }),
            "file and hocon" => () => client.Stub.CreateEnvironments(new CreateRequest { Count = 1, ScenarioFile = "a.conf", ScenarioHocon = "ddlo {}" }),
            "no environments" => () => client.Create(0),
            "unknown id" => () => client.Reset([987654]),
            "another connection's id" => () => client.Reset([others]),
            "id twice" => () => client.Reset([id, id]),
            "seeds" => () => client.Reset([id], 1, 2),
            "price before reset" => () => client.Price([id], 1, Decision),
            "no candidates" => () => { client.Reset([id]); client.Price([id], 0); },
            "short candidates" => () => { client.Reset([id]); client.Price([id], 2, [.. Decision, .. Decision.Take(8)]); },
            "candidate bit 2" => () => { client.Reset([id]); client.Price([id], 2, [.. Decision, 2, .. Decision.Skip(1)]); },
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        var refusal = LoopbackServer.Client.Refusal(call);

        Assert.Equal(code, refusal.Code);
        Assert.StartsWith(detail.Replace("{id}", $"{id}", StringComparison.Ordinal).Replace("{other}", $"{others}", StringComparison.Ordinal), refusal.Detail, StringComparison.Ordinal);
        Assert.Single(client.Step([ready], Decision).Rewards);
        other.Reset([others], 2);
        Assert.Single(other.Step([others], Decision).Rewards);
    }

    [Fact]
    public async Task Should_price_candidates_on_the_current_slot_as_step_prices_them_without_moving_it()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var ids = client.Create(2).Ids;
        client.Reset(ids, 3, 4);
        byte[] local = new byte[9];
        byte[] edge = [.. Enumerable.Repeat((byte)1, 9)];

        // Three candidates for each of two environments, candidate after candidate, environment after environment.
        var priced = client.Price(ids, 3, [.. Decision, .. local, .. edge, .. edge, .. Decision, .. local]);

        Assert.Equal(6, priced.Values.Count);
        var stepped = client.Step(ids, [.. Decision, .. edge]);
        Assert.Equal(priced.Values[0], stepped.Values[0]);
        Assert.Equal(priced.Values[3], stepped.Values[1]);
        Assert.Equal(0, stepped.Slots[0]);
        Assert.True(priced.Values[1] > priced.Values[0] || priced.Values[1] > priced.Values[2], "all-local is not the cheapest of three here");
        // The slot moved with the step, not with the price: pricing the next slot gives the next slot's values.
        var next = client.Price([ids[0]], 1, Decision);
        Assert.Equal(client.Step([ids[0]], Decision).Values[0], next.Values[0]);
    }

    [Fact]
    public async Task Should_refuse_a_batch_without_stepping_any_of_its_environments()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var ids = client.Create(2).Ids;
        client.Reset([ids[0]], 1);

        var refusal = LoopbackServer.Client.Refusal(() => client.Step(ids, [.. Decision, .. Decision]));
        var stepped = client.Step([ids[0]], Decision);

        Assert.Equal(StatusCode.FailedPrecondition, refusal.Code);
        Assert.Equal($"environment {ids[1]}: step before reset; reset it first.", refusal.Detail);
        Assert.Equal(0, stepped.Slots[0]);
    }

    [Fact]
    public async Task Should_end_a_stream_with_the_status_of_its_bad_request()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var ids = client.Create(1).Ids;
        client.Reset(ids, 1);

        using var call = client.Stub.StepStream();
        await call.RequestStream.WriteAsync(new StepRequest { Ids = { ids }, Decisions = ByteString.CopyFrom(Decision) });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.WriteAsync(new StepRequest { Ids = { ids }, Decisions = ByteString.CopyFrom([1, 0]) });
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal($"decisions: environment {ids[0]} needs 9 bits (N*M), got 2.", refused.Status.Detail);
        Assert.Equal(1, client.Step(ids, Decision).Slots[0]);
    }

    [Fact]
    public async Task Should_free_the_environments_of_a_connection_that_closes_and_no_other()
    {
        await using var server = await LoopbackServer.StartAsync();
        var leaving = server.Connect();
        var staying = server.Connect();
        leaving.Create(3);
        var kept = staying.Create(2).Ids;
        var freed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Server.Registry.ConnectionFreed += (_, count) =>
        {
            if (count > 0)
            {
                freed.TrySetResult(count);
            }
        };
        Assert.Equal(5, server.Server.Registry.Count);

        leaving.Channel.Dispose();

        Assert.Equal(3, await freed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, server.Server.Registry.Count);
        staying.Reset(kept, 1, 2);
        Assert.Equal(2, staying.Step(kept, [.. Decision, .. Decision]).Rewards.Count);
    }

    [Fact]
    public async Task Should_close_environments_on_request_and_refuse_them_after()
    {
        await using var server = await LoopbackServer.StartAsync();
        var client = server.Connect();
        var ids = client.Create(3).Ids;

        int closed = client.Stub.CloseEnvironments(new CloseRequest { Ids = { ids[0], ids[2] } }).Closed;
        var refusal = LoopbackServer.Client.Refusal(() => client.Reset([ids[0]]));

        Assert.Equal(2, closed);
        Assert.Equal(1, server.Server.Registry.Count);
        Assert.Equal(StatusCode.InvalidArgument, refusal.Code);
        Assert.Equal(9, client.Reset([ids[1]]).Observations.Count);
    }

    [Fact]
    public async Task Should_serve_the_server_scenario_with_its_overrides_when_a_request_names_none()
    {
        await using var server = await LoopbackServer.StartAsync("hocon/scenarios/droo-wpmec-10.conf", "run.steps=3");
        var client = server.Connect();

        var spec = client.Create(1).Spec;
        var own = client.Stub.CreateEnvironments(new CreateRequest { Count = 1, ScenarioHocon = "ddlo { system { devices = 4 } }" }).Spec;

        Assert.Equal("wpmec", spec.Model);
        Assert.Equal("maximise", spec.Objective);
        Assert.Equal(3, spec.MaxSteps);
        Assert.Equal(10, spec.DecisionSize);
        Assert.Equal("mumt", own.Model);
        Assert.Equal(12, own.DecisionSize);
    }
}
