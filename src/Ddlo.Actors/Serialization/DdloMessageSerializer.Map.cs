using System.Collections.Immutable;
using Ddlo.Actors.World;

namespace Ddlo.Actors.Serialization;

/// <summary>The map's messages between the clock and the nodes that host its learners and cells (manifests M*).</summary>
public sealed partial class DdloMessageSerializer
{
    private void RegisterMap()
    {
        Register<DecideCell>(
            "MD",
            (w, m) => { w.Write(m.Slot); MapCheckpoint.WriteList(w, m.Devices, MapCheckpoint.Write); },
            r => new DecideCell(r.ReadInt64(), [.. MapCheckpoint.ReadList(r, MapCheckpoint.ReadDeviceSlot)]));
        Register<CellDecided>(
            "MC",
            (w, m) => { MapCheckpoint.Write(w, m.Result); Values(w, ImmutableArray.Create(m.Rows)); Bools(w, ImmutableArray.Create(m.Labels)); },
            r => new CellDecided(MapCheckpoint.ReadCellSlot(r), [.. Values<double>(r)], [.. Bools(r)]));
        Register<LearnSlot>(
            "ML",
            (w, m) => { w.Write(m.Slot); Values(w, ImmutableArray.Create(m.Rows)); Bools(w, ImmutableArray.Create(m.Labels)); w.Write(m.Count); },
            r => new LearnSlot(r.ReadInt64(), [.. Values<double>(r)], [.. Bools(r)], r.ReadInt32()));
        Register<Learned>("MN", (w, m) => { w.Write(m.Slot); w.Write(m.Learner); w.Write(m.Loss); }, r => new Learned(r.ReadInt64(), r.ReadInt32(), r.ReadDouble()));
        Register<ShareWeights>("MW", (_, _) => { }, _ => ShareWeights.Instance);
        Register<WeightsShared>("MS", (w, m) => { w.Write(m.Learner); Networks(w, m.Networks); }, r => new WeightsShared(r.ReadInt32(), Networks(r)));
        Register<UseWeights>("MU", (w, m) => Networks(w, m.Networks), r => new UseWeights(Networks(r)));
        Register<WeightsUsed>("MV", (w, m) => w.Write(m.Learner), r => new WeightsUsed(r.ReadInt32()));
        Register<SaveMapState>("MQ", (_, _) => { }, _ => SaveMapState.Instance);
        Register<MapStateSaved>(
            "MT",
            (w, m) => { w.Write(m.Part); w.Write(m.Index); Values(w, ImmutableArray.Create(m.State)); },
            r => new MapStateSaved(r.ReadString(), r.ReadInt32(), [.. Values<byte>(r)]));
        Register<HostMapPart>(
            "MH",
            (w, m) =>
            {
                w.Write(m.Settings.Hocon);
                w.Write(m.Learner);
                Values(w, m.Cells);
                w.Write(m.States.Length);
                foreach (var state in m.States)
                {
                    Values(w, state);
                }
            },
            r => new HostMapPart(ReadSettings(r), r.ReadInt32(), Values<int>(r), [.. Enumerable.Range(0, r.ReadInt32()).Select(_ => Values<byte>(r))]));
        Register<DecidePart>(
            "MX",
            (w, m) =>
            {
                w.Write(m.Slot);
                w.Write(m.Cells.Length);
                foreach (var cell in m.Cells)
                {
                    MapCheckpoint.WriteList(w, cell.Devices, MapCheckpoint.Write);
                }
            },
            r =>
            {
                long slot = r.ReadInt64();
                return new DecidePart(slot, [.. Enumerable.Range(0, r.ReadInt32()).Select(_ => new DecideCell(slot, [.. MapCheckpoint.ReadList(r, MapCheckpoint.ReadDeviceSlot)]))]);
            });
        Register<PartDecided>(
            "MY",
            (w, m) => { w.Write(m.Slot); w.Write(m.Learner); MapCheckpoint.WriteList(w, m.Results, MapCheckpoint.Write); w.Write(m.Loss); },
            r => new PartDecided(r.ReadInt64(), r.ReadInt32(), [.. MapCheckpoint.ReadList(r, MapCheckpoint.ReadCellSlot)], r.ReadDouble()));
        Register<MapPartHosted>(
            "MP",
            (w, m) => { w.Write(m.Learner); Ref(w, m.Part); Ref(w, m.LearnerRef); Refs(w, m.Cells); },
            r => new MapPartHosted(r.ReadInt32(), Ref(r), Ref(r), Refs(r)));
    }

    /// <summary>Each network's parameters: the count of networks, then each one's values.</summary>
    private static void Networks(BinaryWriter w, ImmutableArray<float[]> networks)
    {
        w.Write(networks.Length);
        foreach (var values in networks)
        {
            Values(w, ImmutableArray.Create(values));
        }
    }

    private static ImmutableArray<float[]> Networks(BinaryReader r) => [.. Enumerable.Range(0, r.ReadInt32()).Select(_ => Values<float>(r).ToArray())];
}
