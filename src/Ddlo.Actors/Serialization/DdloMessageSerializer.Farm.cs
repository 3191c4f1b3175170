using Ddlo.Actors.Farm;

namespace Ddlo.Actors.Serialization;

/// <summary>The run farm's messages between the node that runs an experiment and the nodes that take its runs (manifests RJ, RW, RR, RD, RF, RC).</summary>
public sealed partial class DdloMessageSerializer
{
    private void RegisterFarm()
    {
        Register<JoinFarm>("RJ", (_, _) => { }, _ => JoinFarm.Instance);
        Register<FarmWorkerReady>("RW", (w, m) => { w.Write(m.Capacity); Values(w, m.Cores); }, r => new FarmWorkerReady(r.ReadInt32(), Values<int>(r)));
        Register<FarmRun>("RR", (w, m) => { w.Write(m.Id); w.Write(m.SettingsHocon); w.Write(m.Source); }, r => new FarmRun(r.ReadInt64(), r.ReadString(), r.ReadString()));
        Register<FarmRunDone>("RD", (w, m) => { w.Write(m.Id); Values(w, m.Record); }, r => new FarmRunDone(r.ReadInt64(), Values<byte>(r)));
        Register<FarmRunFailed>("RF", (w, m) => { w.Write(m.Id); w.Write(m.Reason); }, r => new FarmRunFailed(r.ReadInt64(), r.ReadString()));
        Register<CancelFarmRun>("RC", (w, m) => w.Write(m.Id), r => new CancelFarmRun(r.ReadInt64()));
    }
}
