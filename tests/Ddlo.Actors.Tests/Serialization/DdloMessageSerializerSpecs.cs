using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Serialization;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Serialization;

public sealed class DdloMessageSerializerSpecs() : TestKit(DdloAkka.Defaults)
{
    private static readonly string[] ProtocolTypes = typeof(IDdloMessage).Assembly.GetTypes()
        .Where(t => typeof(IDdloMessage).IsAssignableFrom(t) && t.IsClass)
        .Select(t => t.Name)
        .ToArray();

    public static TheoryData<string> MessageTypes() => [.. ProtocolTypes];

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Should_round_trip_every_protocol_message_through_the_ddlo_serializer(string typeName)
    {
        var message = Samples().Single(m => m.GetType().Name == typeName);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        Assert.IsType<DdloMessageSerializer>(serializer);
        byte[] bytes = serializer.ToBinary(message);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        object back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(Describe(message), Describe(back));
    }

    [Fact]
    public void Should_cover_every_protocol_message_with_a_sample()
    {
        Assert.Equal(ProtocolTypes.Order(), Samples().Select(m => m.GetType().Name).Order());
    }

    [Fact]
    public void Should_be_far_smaller_than_json_for_a_workload()
    {
        var report = new WorkloadReport(new SlotId(12345), new DeviceId(2), [22, 25, 10]);

        byte[] bytes = Sys.Serialization.FindSerializerFor(report).ToBinary(report);

        Assert.True(bytes.Length < 50, $"{bytes.Length} bytes");
    }

    private IEnumerable<IDdloMessage> Samples()
    {
        var probe = CreateTestProbe().Ref;
        var workload = Core.Model.Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
        var settings = Ddlo.Actors.Configuration.Scenario.Load(null, ["run.steps=3", "system.devices=4"]).Settings;
        ImmutableArray<bool> bits = [true, true, false, false, true, true, false, true, true];
        var device = new Core.Cells.DeviceSlot(4, 2, new Core.Mobility.Position(-120.5, 33.25), [22, 25, 10], new Core.Model.DeviceTraits(0.75, 1, 1.25, 1), Handover: false);
        var cell = new Ddlo.Actors.World.CellSlotResult(12, 2, 7, 1, 140, 688.5, 680.25, 679.75, 1e-6, 1200.5, 750.25, 690.125, 900.5, 4, 63, 81.5);
        return
        [
            new StartSlot(new SlotId(7)),
            new WorkloadReport(new SlotId(7), new DeviceId(2), [19, 29, 28]),
            new OffloadingOrder(new SlotId(7), [false, true, true], 6.25),
            new Decide(new SlotId(7), workload, 42, probe, Candidates: 6),
            new TrainingBatch(5, new SlotId(60), 2, [1f, 2f, 3f, 4f], [0f, 1f, 1f, 0f]),
            new Trained(new DnnId(1), 5, new SlotId(60), 0.123),
            new FlushTraining(probe),
            new ForDnns([new ForDnns.Entry(new DnnId(1), new TrainingBatch(5, new SlotId(60), 1, [1f, 2f], [0f, 1f])), new ForDnns.Entry(new DnnId(3), new FlushTraining(probe))]),
            new Flushed(new DnnId(4), [1, 2, 3, 250]),
            new DnnRestarted(new DnnId(2), "boom"),
            new Solve(new SlotId(7), new DnnId(3), workload, [.. bits, .. bits]) { ProposerPriced = 1234 },
            new SolveBatch(new SlotId(7), workload, [new SolveBatch.Entry(new DnnId(1), bits), new SolveBatch.Entry(new DnnId(4), [.. bits, .. bits], 77)]),
            new Solved(new SlotId(7), new DnnId(3), bits, 688.5, [4.1, 5.2, 6.3], Candidate: 1, Priced: 2) { ProposerPriced = 1234 },
            new SearchAround(new SlotId(7), workload, bits, 10),
            new Searched(new SlotId(7), bits, 680.25, [4.1, 5.2, 6.3], 3, 63),
            new Remember(new SlotId(7), workload, bits),
            new FlushMemory(probe),
            RunStarted.Instance,
            new SlotDecided(new SlotId(7), workload, bits, 688.5, new DnnId(1), 4, true, 81.5)
            {
                Candidate = 2,
                NetworkQ = 690.125,
                NetworkLatencyMicroseconds = 40.5,
                SearchQ = 680.25,
                Priced = 73,
                Bandwidth = [4.1, 5.2, 6.3],
                Arrivals = [1.5, 0, 2.25],
            },
            new Declined(new SlotId(7), new DnnId(0), "InvalidOperationException: the first task is too large"),
            new ReportOutcomesTo([probe, probe]),
            new HostingFailed("ddlo.run.policy: no type 'MyLab.Greedy' in the plug-ins (MyLab.dll)."),
            new SlotOutcomeReport(new SlotId(7), workload, bits, 688.5, [4.1, 5.2, 6.3], 680.25, new DnnId(0)),
            new AllSlotsDecided(6),
            new HostDnns(settings, [new DnnId(0), new DnnId(2), new DnnId(4)], probe),
            new DnnsHosted([new DnnId(0), new DnnId(2)], [probe, probe]) { Group = probe },
            new HostSolvers(settings, 2),
            new SolversHosted([probe]),
            new HostDevices(settings, [new DeviceId(1)]),
            new DevicesHosted([new DeviceId(1)], [probe]),
            new DnnLost(new DnnId(3)),
            new DeviceEnvelope(new DeviceId(9), new OffloadingOrder(new SlotId(7), [true, false], 3.5)),
            new StartDeviceShards(settings),
            new DeviceShardsStarted(new Address("akka.tcp", "ddlo", "127.0.0.1", 4053)),
            new CaptureState(TestActor),
            new StateCaptured("dnn", 3, [1, 2, 3, 255]),
            new RestoreState([9, 8, 7]),
            new StateRestored("device", 2, "the saved state is shorter than its contents need"),
            // A map spread over a cluster: the clock and the nodes that host its learner's copies and their cells.
            new Ddlo.Actors.World.DecideCell(12, [device, device with { Device = 5, Cell = 1, Handover = true }]),
            new Ddlo.Actors.World.CellDecided(cell, [1.5, -2.25, 3], [true, false, true]),
            new Ddlo.Actors.World.LearnSlot(12, [1.5, -2.25, 3, 4], [true, false, true, true], 2),
            new Ddlo.Actors.World.Learned(12, 1, 0.0625),
            Ddlo.Actors.World.ShareWeights.Instance,
            new Ddlo.Actors.World.WeightsShared(1, [[0.5f, -1.25f], [2f]]),
            new Ddlo.Actors.World.UseWeights([[0.5f, -1.25f], [2f]]),
            new Ddlo.Actors.World.WeightsUsed(1),
            Ddlo.Actors.World.SaveMapState.Instance,
            new Ddlo.Actors.World.MapStateSaved("cell", 3, [4, 5, 6]),
            new Ddlo.Actors.World.HostMapPart(settings, 1, [1, 3], [[1, 2], [3], [4, 5, 6]]),
            new Ddlo.Actors.World.MapPartHosted(1, probe, probe, [probe, probe]),
            new Ddlo.Actors.World.DecidePart(12, [new Ddlo.Actors.World.DecideCell(12, [device]), new Ddlo.Actors.World.DecideCell(12, [])]),
            new Ddlo.Actors.World.PartDecided(12, 1, [cell, cell with { Cell = 3 }], 0.0625),
            Ddlo.Actors.Farm.JoinFarm.Instance,
            new Ddlo.Actors.Farm.FarmWorkerReady(2, [0, 3]),
            new Ddlo.Actors.Farm.FarmRun(7, "ddlo { run.seed = 3 }", "hocon/scenarios/paper-3x3.conf"),
            new Ddlo.Actors.Farm.FarmRunDone(7, [1, 2, 255]),
            new Ddlo.Actors.Farm.FarmRunFailed(7, "akka.tcp://ddlo@127.0.0.1:4053: out of memory"),
            new Ddlo.Actors.Farm.CancelFarmRun(7),
        ];
    }

    /// <summary>Records compare arrays by reference; compare their JSON (refs by path) instead.</summary>
    private static string Describe(object message) => JsonSerializer.Serialize(message, message.GetType(), Options);

    private static readonly JsonSerializerOptions Options = new() { Converters = { new ActorRefPath() } };

    private sealed class ActorRefPath : System.Text.Json.Serialization.JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) => writer.WriteStringValue(value.Path.ToString());
    }
}
