using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Serialization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Serialization;

/// <summary>
/// A compact binary format for every <see cref="IDdloMessage"/>: a two-letter manifest names the type, and the
/// payload is its fields in order (little-endian, arrays length-prefixed, actor refs as their serialized paths,
/// settings as their HOCON). A workload of 9 sizes is about 90 bytes, against several hundred in JSON. Each message
/// is one registration in the constructor: its manifest, its writer and its reader. Every ddlo ActorSystem
/// binds it to <see cref="IDdloMessage"/> (<see cref="Hosting.DdloAkka"/>).
/// </summary>
public sealed partial class DdloMessageSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id (user serializers use ids above 100).</summary>
    public const int Id = 4711;

    /// <summary>The name Akka's settings bind it by (akka.actor.serializers.ddlo).</summary>
    public const string Name = "ddlo";

    private readonly Dictionary<Type, Entry> byType = [];
    private readonly Dictionary<string, Entry> byManifest = new(StringComparer.Ordinal);

    public DdloMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<StartSlot>("SS", (w, m) => w.Write(m.Slot.Value), r => new StartSlot(new SlotId(r.ReadInt64())));
        Register<WorkloadReport>(
            "WR",
            (w, m) =>
            {
                w.Write(m.Slot.Value);
                w.Write(m.Device.Value);
                Values(w, m.Sizes);
                // A device with queues adds them; one without costs a byte.
                w.Write(!m.Context.IsEmpty);
                if (!m.Context.IsEmpty)
                {
                    Values(w, m.Context);
                    w.Write(m.Arrived);
                    w.Write(m.PreviousWait);
                }
            },
            r =>
            {
                var report = new WorkloadReport(new SlotId(r.ReadInt64()), new DeviceId(r.ReadInt32()), Values<double>(r));
                return r.ReadBoolean() ? report with { Context = Values<double>(r), Arrived = r.ReadDouble(), PreviousWait = r.ReadDouble() } : report;
            });
        Register<OffloadingOrder>(
            "OO",
            (w, m) => { w.Write(m.Slot.Value); Bools(w, m.Offload); w.Write(m.Bandwidth); w.Write(m.Served); w.Write(m.Energy); },
            r => new OffloadingOrder(new SlotId(r.ReadInt64()), Bools(r), r.ReadDouble()) { Served = r.ReadDouble(), Energy = r.ReadDouble() });
        Register<DeviceEnvelope>("DV", WriteEnvelope, ReadEnvelope);
        Register<ForDnns>("FD", WriteForDnns, ReadForDnns);
        Register<Decide>(
            "DE",
            (w, m) => { w.Write(m.Slot.Value); Write(w, m.Workload); w.Write(m.TrainingRounds); Ref(w, m.Solver); w.Write(m.Candidates); },
            r => new Decide(new SlotId(r.ReadInt64()), ReadWorkload(r), r.ReadInt64(), Ref(r), r.ReadInt32()));
        Register<TrainingBatch>(
            "TB",
            (w, m) => { w.Write(m.Round); w.Write(m.AfterSlot.Value); w.Write(m.Rows); Values(w, m.Sizes); Values(w, m.Labels); },
            r => new TrainingBatch(r.ReadInt64(), new SlotId(r.ReadInt64()), r.ReadInt32(), Values<float>(r), Values<float>(r)));
        Register<Trained>(
            "TR",
            (w, m) => { w.Write(m.Dnn.Value); w.Write(m.Round); w.Write(m.AfterSlot.Value); w.Write(m.Loss); },
            r => new Trained(new DnnId(r.ReadInt32()), r.ReadInt64(), new SlotId(r.ReadInt64()), r.ReadDouble()));
        Register<FlushTraining>("FT", (w, m) => Ref(w, m.ReplyTo), r => new FlushTraining(Ref(r)));
        Register<Flushed>("FL", (w, m) => { w.Write(m.Dnn.Value); Values(w, m.Weights); }, r => new Flushed(new DnnId(r.ReadInt32()), Values<byte>(r)));
        Register<HostingFailed>("HF", (w, m) => w.Write(m.Reason), r => new HostingFailed(r.ReadString()));
        Register<Declined>("DC", (w, m) => { w.Write(m.Slot.Value); w.Write(m.Dnn.Value); w.Write(m.Reason); }, r => new Declined(new SlotId(r.ReadInt64()), new DnnId(r.ReadInt32()), r.ReadString()));
        Register<DnnRestarted>("DR", (w, m) => { w.Write(m.Dnn.Value); w.Write(m.Reason); }, r => new DnnRestarted(new DnnId(r.ReadInt32()), r.ReadString()));
        Register<Solve>(
            "SV",
            (w, m) => { w.Write(m.Slot.Value); w.Write(m.Dnn.Value); Write(w, m.Workload); Bools(w, m.Candidates); w.Write(m.ProposerPriced); },
            r => new Solve(new SlotId(r.ReadInt64()), new DnnId(r.ReadInt32()), ReadWorkload(r), Bools(r)) { ProposerPriced = r.ReadInt64() });
        Register<SolveBatch>(
            "SB",
            (w, m) =>
            {
                w.Write(m.Slot.Value);
                Write(w, m.Workload);
                w.Write(m.Entries.Length);
                foreach (var entry in m.Entries)
                {
                    w.Write(entry.Dnn.Value);
                    Bools(w, entry.Candidates);
                    w.Write(entry.ProposerPriced);
                }
            },
            r =>
            {
                var slot = new SlotId(r.ReadInt64());
                var workload = ReadWorkload(r);
                var entries = Enumerable.Range(0, r.ReadInt32()).Select(_ => new SolveBatch.Entry(new DnnId(r.ReadInt32()), Bools(r), r.ReadInt64())).ToImmutableArray();
                return new SolveBatch(slot, workload, entries);
            });
        Register<Solved>(
            "SD",
            (w, m) => { w.Write(m.Slot.Value); w.Write(m.Dnn.Value); Bools(w, m.Decision); w.Write(m.Q); Values(w, m.Bandwidth); w.Write(m.Candidate); w.Write(m.Priced); w.Write(m.ProposerPriced); },
            r => new Solved(new SlotId(r.ReadInt64()), new DnnId(r.ReadInt32()), Bools(r), r.ReadDouble(), Values<double>(r), r.ReadInt32(), r.ReadInt32()) { ProposerPriced = r.ReadInt64() });
        Register<SearchAround>(
            "SA",
            (w, m) => { w.Write(m.Slot.Value); Write(w, m.Workload); Bools(w, m.Decision); w.Write(m.Rounds); },
            r => new SearchAround(new SlotId(r.ReadInt64()), ReadWorkload(r), Bools(r), r.ReadInt32()));
        Register<Searched>(
            "SE",
            (w, m) => { w.Write(m.Slot.Value); Bools(w, m.Decision); w.Write(m.Q); Values(w, m.Bandwidth); w.Write(m.Steps); w.Write(m.Priced); },
            r => new Searched(new SlotId(r.ReadInt64()), Bools(r), r.ReadDouble(), Values<double>(r), r.ReadInt32(), r.ReadInt64()));
        Register<Remember>(
            "RE",
            (w, m) => { w.Write(m.Slot.Value); Write(w, m.Workload); Bools(w, m.Decision); },
            r => new Remember(new SlotId(r.ReadInt64()), ReadWorkload(r), Bools(r)));
        Register<FlushMemory>("FM", (w, m) => Ref(w, m.ReplyTo), r => new FlushMemory(Ref(r)));
        Register<RunStarted>("RN", (_, _) => { }, _ => RunStarted.Instance);
        Register<SlotDecided>("SL", WriteSlotDecided, ReadSlotDecided);
        Register<AllSlotsDecided>("AD", (w, m) => w.Write(m.Generated), r => new AllSlotsDecided(r.ReadInt64()));
        Register<ReportOutcomesTo>("RO", (w, m) => Refs(w, m.Learners), r => new ReportOutcomesTo(Refs(r)));
        Register<SlotOutcomeReport>(
            "SO",
            (w, m) => { w.Write(m.Slot.Value); Write(w, m.Workload); Bools(w, m.Decision); w.Write(m.Q); Values(w, m.Bandwidth); w.Write(m.OptimalQ); w.Write(m.Winner?.Value ?? -1); },
            r => new SlotOutcomeReport(new SlotId(r.ReadInt64()), ReadWorkload(r), Bools(r), r.ReadDouble(), Values<double>(r), r.ReadDouble(), r.ReadInt32() is var k and >= 0 ? new DnnId(k) : null));
        Register<DnnLost>("DL", (w, m) => w.Write(m.Dnn.Value), r => new DnnLost(new DnnId(r.ReadInt32())));
        Register<HostDnns>(
            "HD",
            (w, m) => { w.Write(m.Settings.Hocon); Values(w, m.Dnns); Ref(w, m.Recorder); },
            r => new HostDnns(ReadSettings(r), Values<DnnId>(r), Ref(r)));
        Register<DnnsHosted>("DH", (w, m) => { Values(w, m.Dnns); Refs(w, m.Actors); Ref(w, m.Group); }, r => new DnnsHosted(Values<DnnId>(r), Refs(r)) { Group = Ref(r) });
        Register<HostSolvers>("HS", (w, m) => { w.Write(m.Settings.Hocon); w.Write(m.Count); }, r => new HostSolvers(ReadSettings(r), r.ReadInt32()));
        Register<SolversHosted>("SH", (w, m) => Refs(w, m.Actors), r => new SolversHosted(Refs(r)));
        Register<HostDevices>("HV", (w, m) => { w.Write(m.Settings.Hocon); Values(w, m.Devices); }, r => new HostDevices(ReadSettings(r), Values<DeviceId>(r)));
        Register<DevicesHosted>("VH", (w, m) => { Values(w, m.Devices); Refs(w, m.Actors); }, r => new DevicesHosted(Values<DeviceId>(r), Refs(r)));
        Register<StartDeviceShards>("SX", (w, m) => w.Write(m.Settings.Hocon), r => new StartDeviceShards(ReadSettings(r)));
        Register<DeviceShardsStarted>("XS", (w, m) => w.Write(m.Node.ToString()), r => new DeviceShardsStarted(Address.Parse(r.ReadString())));
        Register<CaptureState>("CS", (w, m) => Ref(w, m.ReplyTo), r => new CaptureState(Ref(r)));
        Register<StateCaptured>(
            "SC",
            (w, m) => { w.Write(m.Part); w.Write(m.Index); Values(w, m.State); },
            r => new StateCaptured(r.ReadString(), r.ReadInt32(), Values<byte>(r)));
        Register<RestoreState>("RS", (w, m) => Values(w, m.State), r => new RestoreState(Values<byte>(r)));
        Register<StateRestored>(
            "SR",
            (w, m) => { w.Write(m.Part); w.Write(m.Index); w.Write(m.Error is not null); w.Write(m.Error ?? string.Empty); },
            r => ReadStateRestored(r));
        RegisterMap();
        RegisterFarm();
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => Find(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var entry = Find(obj);
        var tag = new KeyValuePair<string, object?>("message", obj.GetType().Name);
        Recording.DdloMetrics.RemoteMessagesSent.Add(1, tag);
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            using (var w = new BinaryWriter(stream))
            {
                entry.Write(w, obj);
            }

            bytes = stream.ToArray();
        }

        Recording.DdloMetrics.SerializationTime.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tag, new("direction", "write"));
        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!byManifest.TryGetValue(manifest, out var entry))
        {
            throw new System.Runtime.Serialization.SerializationException($"Unknown Ddlo.Actors message manifest '{manifest}'.");
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var r = new BinaryReader(new MemoryStream(bytes));
        var message = entry.Read(r);
        var tag = new KeyValuePair<string, object?>("message", message.GetType().Name);
        Recording.DdloMetrics.RemoteMessagesReceived.Add(1, tag);
        Recording.DdloMetrics.SerializationTime.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tag, new("direction", "read"));
        return message;
    }

    private void Register<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
        where T : IDdloMessage
    {
        var entry = new Entry(manifest, (w, o) => write(w, (T)o), r => read(r)!);
        byType.Add(typeof(T), entry);
        byManifest.Add(manifest, entry);
    }

    private Entry Find(object o) =>
        o is not null && byType.TryGetValue(o.GetType(), out var entry)
            ? entry
            : throw new ArgumentException($"{o?.GetType()} is not a Ddlo.Actors protocol message.", nameof(o));

    private void WriteEnvelope(BinaryWriter w, DeviceEnvelope m)
    {
        var inner = Find(m.Message);
        w.Write(m.Device.Value);
        w.Write(inner.Manifest);
        inner.Write(w, m.Message);
    }

    private DeviceEnvelope ReadEnvelope(BinaryReader r)
    {
        var device = new DeviceId(r.ReadInt32());
        string manifest = r.ReadString();
        var inner = byManifest.TryGetValue(manifest, out var entry)
            ? entry
            : throw new System.Runtime.Serialization.SerializationException($"Unknown Ddlo.Actors message manifest '{manifest}' in a device envelope.");
        return new DeviceEnvelope(device, (IDdloMessage)inner.Read(r));
    }

    private void WriteForDnns(BinaryWriter w, ForDnns m)
    {
        w.Write(m.Entries.Length);
        foreach (var entry in m.Entries)
        {
            var inner = Find(entry.Message);
            w.Write(entry.Dnn.Value);
            w.Write(inner.Manifest);
            inner.Write(w, entry.Message);
        }
    }

    private ForDnns ReadForDnns(BinaryReader r)
    {
        int count = r.ReadInt32();
        var entries = ImmutableArray.CreateBuilder<ForDnns.Entry>(count);
        for (int i = 0; i < count; i++)
        {
            var dnn = new DnnId(r.ReadInt32());
            string manifest = r.ReadString();
            var inner = byManifest.TryGetValue(manifest, out var entry)
                ? entry
                : throw new System.Runtime.Serialization.SerializationException($"Unknown Ddlo.Actors message manifest '{manifest}' in a message for several networks.");
            entries.Add(new ForDnns.Entry(dnn, (IDdloMessage)inner.Read(r)));
        }

        return new ForDnns(entries.MoveToImmutable());
    }

    private static void WriteSlotDecided(BinaryWriter w, SlotDecided m)
    {
        w.Write(m.Slot.Value);
        Write(w, m.Workload);
        Bools(w, m.Decision);
        w.Write(m.Q);
        w.Write(m.Winner?.Value ?? -1);
        w.Write(m.Candidates);
        w.Write(m.Degraded);
        w.Write(m.LatencyMicroseconds);
        w.Write(m.Candidate);
        w.Write(m.NetworkQ);
        w.Write(m.NetworkLatencyMicroseconds);
        w.Write(m.SearchQ);
        w.Write(m.Priced);
        Values(w, m.Bandwidth);
        w.Write(m.Queues is not null);
        m.Queues?.Write(w);
        Values(w, m.Arrivals);
    }

    private static SlotDecided ReadSlotDecided(BinaryReader r)
    {
        var slot = new SlotId(r.ReadInt64());
        var workload = ReadWorkload(r);
        var decision = Bools(r);
        double q = r.ReadDouble();
        int winner = r.ReadInt32();
        return new SlotDecided(slot, workload, decision, q, winner < 0 ? null : new DnnId(winner), r.ReadInt32(), r.ReadBoolean(), r.ReadDouble())
        {
            Candidate = r.ReadInt32(),
            NetworkQ = r.ReadDouble(),
            NetworkLatencyMicroseconds = r.ReadDouble(),
            SearchQ = r.ReadDouble(),
            Priced = r.ReadInt64(),
            Bandwidth = Values<double>(r),
            Queues = r.ReadBoolean() ? QueueStats.Read(r) : null,
            Arrivals = Values<double>(r),
        };
    }

    private static StateRestored ReadStateRestored(BinaryReader r)
    {
        string part = r.ReadString();
        int index = r.ReadInt32();
        bool failed = r.ReadBoolean();
        string error = r.ReadString();
        return new StateRestored(part, index, failed ? error : null);
    }

    /// <summary>N, M, the N*M reports and the context; read back through <see cref="Workload.Create"/>, which validates them.</summary>
    private static void Write(BinaryWriter w, Workload workload)
    {
        w.Write(workload.Devices);
        w.Write(workload.TasksPerDevice);
        Values(w, workload.Sizes);
        w.Write(!workload.Context.IsEmpty);
        if (!workload.Context.IsEmpty)
        {
            Values(w, workload.Context);
        }
    }

    private static Workload ReadWorkload(BinaryReader r)
    {
        int devices = r.ReadInt32();
        int tasks = r.ReadInt32();
        var workload = Workload.Create(devices, tasks, Values<double>(r));
        return r.ReadBoolean() ? workload.WithContext(Values<double>(r)) : workload;
    }

    /// <summary>Settings cross nodes as their HOCON and are rebuilt (and validated) on arrival.</summary>
    private static DdloSettings ReadSettings(BinaryReader r) => Scenario.SettingsFromHocon(r.ReadString(), "the edge node's settings");

    /// <summary>A count, then the values' bytes as they are in memory (little-endian on every platform .NET runs on here).</summary>
    private static void Values<T>(BinaryWriter w, ImmutableArray<T> values)
        where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static ImmutableArray<T> Values<T>(BinaryReader r)
        where T : unmanaged
    {
        int count = r.ReadInt32();
        byte[] bytes = r.ReadBytes(count * Unsafe.SizeOf<T>());
        return [.. MemoryMarshal.Cast<byte, T>(bytes)];
    }

    /// <summary>Bits packed eight to a byte after the count.</summary>
    private static void Bools(BinaryWriter w, ImmutableArray<bool> values)
    {
        w.Write(values.Length);
        for (int i = 0; i < values.Length; i += 8)
        {
            byte packed = 0;
            for (int b = 0; b < 8 && i + b < values.Length; b++)
            {
                packed |= (byte)(values[i + b] ? 1 << b : 0);
            }

            w.Write(packed);
        }
    }

    private static ImmutableArray<bool> Bools(BinaryReader r)
    {
        var builder = ImmutableArray.CreateBuilder<bool>(r.ReadInt32());
        for (int i = 0; i < builder.Capacity; i += 8)
        {
            byte packed = r.ReadByte();
            for (int b = 0; b < 8 && i + b < builder.Capacity; b++)
            {
                builder.Add(((packed >> b) & 1) != 0);
            }
        }

        return builder.MoveToImmutable();
    }

    private static void Ref(BinaryWriter w, IActorRef actor) => w.Write(Akka.Serialization.Serialization.SerializedActorPath(actor));

    private IActorRef Ref(BinaryReader r) => system.Provider.ResolveActorRef(r.ReadString());

    private static void Refs(BinaryWriter w, ImmutableArray<IActorRef> actors)
    {
        w.Write(actors.Length);
        foreach (var actor in actors)
        {
            Ref(w, actor);
        }
    }

    private ImmutableArray<IActorRef> Refs(BinaryReader r)
    {
        var builder = ImmutableArray.CreateBuilder<IActorRef>(r.ReadInt32());
        for (int i = 0; i < builder.Capacity; i++)
        {
            builder.Add(Ref(r));
        }

        return builder.MoveToImmutable();
    }

    private sealed record Entry(string Manifest, Action<BinaryWriter, object> Write, Func<BinaryReader, object> Read);
}
