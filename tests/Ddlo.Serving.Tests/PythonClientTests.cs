using System.Text.Json;
using Ddlo.Actors.Configuration;
using Ddlo.Serving.Environments;

namespace Ddlo.Serving.Tests;

/// <summary>
/// A real Python client (samples/python/ddlo_env, under python3 with Debian's grpcio and protobuf) against a real
/// server on loopback: its rewards and info equal <c>ddlo solve</c>'s figures to the bit, its slots those of the seed.
/// </summary>
public sealed class PythonClientTests
{
    private const string Wpmec = "hocon/scenarios/droo-wpmec-10.conf";

    [Fact]
    public async Task Should_step_from_python_over_the_stream_with_rewards_equal_to_solve_and_optima_to_the_run_oracle()
    {
        await using var server = await LoopbackServer.StartAsync();

        var (spec, steps) = PythonProcess.Record(server.Server.Address, "--steps", "6", "--seed", "3");

        Assert.Equal(9, spec.GetProperty("decision_size").GetInt32());
        Assert.Equal(6, steps.Count);
        var expected = Slots(Scenario.Load(null), seed: 3, count: 6);
        var scenario = Scenario.Load(null);
        var oracle = scenario.Settings.System.CreateSystemModel().CreateOracle("exhaustive");
        foreach (var step in steps)
        {
            var workload = Doubles(step.GetProperty("workload"));
            var solved = SolveJson.Of(scenario, workload, step.GetProperty("decision").GetString()!);
            var best = SolveJson.Of(scenario, workload, "best");
            Assert.Equal(expected[step.GetProperty("step").GetInt32()], workload);
            Assert.Equal(BitConverter.DoubleToInt64Bits(solved.GetProperty("q").GetDouble()), BitConverter.DoubleToInt64Bits(step.GetProperty("value").GetDouble()));
            Assert.Equal(-solved.GetProperty("q").GetDouble(), step.GetProperty("reward").GetDouble());
            Assert.Equal(Doubles(solved.GetProperty("bandwidth")), Doubles(step.GetProperty("allocation")));
            // Q* is the run's oracle's, as simulate scores the slot (steps.csv); solve's best re-prices its decision
            // device by device, which may round the last bit otherwise.
            double optimum = oracle.OptimalQ(0, Ddlo.Core.Model.Workload.Create(3, 3, workload));
            Assert.Equal(optimum, step.GetProperty("optimum").GetDouble());
            Assert.Equal(best.GetProperty("q").GetDouble(), optimum, 1e-12 * optimum);
            Assert.Equal(optimum / solved.GetProperty("q").GetDouble(), step.GetProperty("gain_ratio").GetDouble());
        }
    }

    [Fact]
    public async Task Should_step_a_wpmec_frame_from_python_with_unary_calls_rewarding_the_rate_solve_gives()
    {
        await using var server = await LoopbackServer.StartAsync(Wpmec);

        var (spec, steps) = PythonProcess.Record(server.Server.Address, "--steps", "3", "--seed", "8", "--unary");

        Assert.Equal("maximise", spec.GetProperty("objective").GetString());
        var scenario = Scenario.Load(Wpmec);
        foreach (var step in steps)
        {
            var solved = SolveJson.Of(scenario, Doubles(step.GetProperty("workload")), step.GetProperty("decision").GetString()!);
            Assert.Equal(solved.GetProperty("rate_bits_per_second").GetDouble(), step.GetProperty("reward").GetDouble());
            Assert.Equal(Doubles(solved.GetProperty("offload_times")), Doubles(step.GetProperty("allocation")));
        }
    }

    [Fact]
    public async Task Should_reset_and_step_a_vector_of_environments_from_python_resetting_each_at_its_episode_end()
    {
        await using var server = await LoopbackServer.StartAsync(null, "run.steps=2");

        var (spec, steps) = PythonProcess.Record(server.Server.Address, "--envs", "3", "--steps", "3", "--seed", "5", "--decisions", "110011011,000000000,111111111");

        Assert.Equal(3, spec.GetProperty("envs").GetInt32());
        Assert.Equal(9, steps.Count);
        var scenario = Scenario.Load(null, ["run.steps=2"]);
        foreach (var step in steps)
        {
            int env = step.GetProperty("env").GetInt32();
            int t = step.GetProperty("step").GetInt32();
            var workload = Doubles(step.GetProperty("workload"));
            Assert.Equal(Slots(scenario, seed: 5 + env, count: 3)[t], workload);
            Assert.Equal(-SolveJson.Of(scenario, workload, step.GetProperty("decision").GetString()!).GetProperty("q").GetDouble(), step.GetProperty("reward").GetDouble());
            Assert.Equal(t == 1, step.GetProperty("truncated").GetBoolean());
            // The third step is the first of the next episode, which goes on with the next slot.
            Assert.Equal(t == 2 ? 0 : t, step.GetProperty("slot").GetInt32());
        }
    }

    [Fact]
    public async Task Should_refuse_a_wrong_action_length_from_python_with_its_status_and_line()
    {
        await using var server = await LoopbackServer.StartAsync();
        string script = $$"""
            import grpc
            from ddlo_env import DdloEnv
            env = DdloEnv("127.0.0.1:{{server.Server.Port}}", stream=False)
            env.reset(seed=1)
            try:
                env.step([1, 0, 1])
            except grpc.RpcError as e:
                print(e.code().name, e.details())
            print(len(env.step([0] * 9)[0]))
            """;

        string[] lines = PythonProcess.Run("-c", script).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("INVALID_ARGUMENT decisions: environment 1 needs 9 bits (N*M), got 3.", lines[0]);
        Assert.Equal("9", lines[1]);
    }

    [Fact]
    public async Task Should_free_the_environments_of_a_python_client_that_dies()
    {
        await using var server = await LoopbackServer.StartAsync();
        var freed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Server.Registry.ConnectionFreed += (_, count) =>
        {
            if (count > 0)
            {
                freed.TrySetResult(count);
            }
        };
        string script = $$"""
            import sys
            from ddlo_env import DdloVectorEnv
            env = DdloVectorEnv(4, "127.0.0.1:{{server.Server.Port}}")
            env.reset(seed=1)
            print("ready", flush=True)
            sys.stdin.readline()
            """;
        using var python = PythonProcess.Start("-c", script);

        Assert.Equal("ready", await python.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(4, server.Server.Registry.Count);
        python.Kill();

        Assert.Equal(4, await freed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, server.Server.Registry.Count);
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>The first slots an environment of <paramref name="scenario"/> gives for a seed.</summary>
    private static List<double[]> Slots(Scenario scenario, int seed, int count)
    {
        var environment = new OffloadingEnvironment(1, EnvironmentTemplate.From(scenario));
        var slots = new List<double[]> { environment.Reset(seed).Sizes.ToArray() };
        for (int t = 1; t < count; t++)
        {
            slots.Add(environment.Step(new byte[environment.Spec.DecisionSize]).Next.Sizes.ToArray());
        }

        return slots;
    }
}
