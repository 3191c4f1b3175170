using System.Collections.Immutable;
using Ddlo.Actors.Checkpoints;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>
/// A <see cref="RunRecord"/> as bytes, every field of it, doubles to the bit: how a run made on another node comes
/// back to the one that asked for it. A test checks that every public property survives the trip.
/// </summary>
public static class RunRecordFormat
{
    private const int Version = 1;

    public static byte[] ToBytes(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            Write(w, record);
        }

        return stream.ToArray();
    }

    public static RunRecord FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var r = new BinaryReader(stream);
        return Read(r);
    }

    private static void Write(BinaryWriter w, RunRecord record)
    {
        w.Write(Version);
        w.Write(record.Steps.Length);
        foreach (var step in record.Steps)
        {
            // A checkpoint's form of the step, and the objective that a checkpoint keeps for the whole run.
            step.Write(w);
            w.Write((int)step.Objective);
        }

        w.Write(record.Losses.Length);
        foreach (var loss in record.Losses)
        {
            w.Write(loss.Dnn);
            w.Write(loss.Round);
            w.Write(loss.AfterSlot);
            w.Write(loss.Loss);
        }

        w.Write(record.DnnCount);
        w.Write(record.OptimumSource);
        w.Write(record.SlotsGenerated);
        w.Write(record.ElapsedSeconds);
        w.Write(record.DnnRestarts);
        w.Write(record.Policy);
        w.Write(record.OptimumGap);
        w.Write((int)record.Objective);
        w.Write(record.Model);
        w.Write(record.SearchTeaches);
        w.Write(record.DecisionBits);
        w.Write(record.NetworkWeights.Count);
        foreach (var (k, weights) in record.NetworkWeights)
        {
            w.Write(k);
            w.Write(weights.Length);
            w.Write(weights.AsSpan());
        }

        w.Write(record.SetupSeconds);
        w.Write(record.Checkpoints.Count);
        w.Write(record.Checkpoints.LastBytes);
        w.Write(record.Checkpoints.MeanMilliseconds);
        w.Write(record.Checkpoints.MaxMilliseconds);
        w.Write(record.ResumedFrom.HasValue);
        w.Write(record.ResumedFrom ?? 0);
    }

    private static RunRecord Read(BinaryReader r)
    {
        int version = r.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"a run record of format {version}; this node reads format {Version} (are both nodes the same ddlo?)");
        }

        var steps = ImmutableArray.CreateBuilder<StepRecord>(r.ReadInt32());
        for (int i = 0; i < steps.Capacity; i++)
        {
            steps.Add(StepRecord.Read(r) with { Objective = (Objective)r.ReadInt32() });
        }

        var losses = ImmutableArray.CreateBuilder<LossRecord>(r.ReadInt32());
        for (int i = 0; i < losses.Capacity; i++)
        {
            losses.Add(new LossRecord(r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadDouble()));
        }

        var record = new RunRecord(steps.MoveToImmutable(), losses.MoveToImmutable(), r.ReadInt32(), r.ReadString(), r.ReadInt64(), r.ReadDouble(), r.ReadInt64(), r.ReadString(), r.ReadDouble());
        var objective = (Objective)r.ReadInt32();
        string model = r.ReadString();
        bool searchTeaches = r.ReadBoolean();
        int decisionBits = r.ReadInt32();
        var weights = ImmutableSortedDictionary.CreateBuilder<int, ImmutableArray<byte>>();
        for (int count = r.ReadInt32(), i = 0; i < count; i++)
        {
            int k = r.ReadInt32();
            weights[k] = [.. r.ReadBytes(r.ReadInt32())];
        }

        double setup = r.ReadDouble();
        var checkpoints = new CheckpointStats(r.ReadInt32(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble());
        bool resumed = r.ReadBoolean();
        long from = r.ReadInt64();
        return record with
        {
            Objective = objective,
            Model = model,
            SearchTeaches = searchTeaches,
            DecisionBits = decisionBits,
            NetworkWeights = weights.ToImmutable(),
            SetupSeconds = setup,
            Checkpoints = checkpoints,
            ResumedFrom = resumed ? from : null,
        };
    }
}
