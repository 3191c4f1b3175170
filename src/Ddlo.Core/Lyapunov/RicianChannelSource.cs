using Ddlo.Core.Checkpoints;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// One LyDROO device's channel gain each frame (the authors' <c>racian_mec</c>): Rician fading around the device's
/// path-loss mean h0, with a line-of-sight share s: x = sqrt(h0 s) + sqrt(h0 (1 - s) / 2) z1, y = sqrt(h0 (1 - s) / 2) z2,
/// h = x^2 + y^2, with z1, z2 standard normal draws from the device's own stream.
/// </summary>
public sealed class RicianChannelSource : ITaskSource, ICheckpointable
{
    private readonly double direct;
    private readonly double scatter;
    private readonly ReplayableRandom random;

    public RicianChannelSource(LyapunovSettings settings, int device, ReplayableRandom random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        double mean = settings.MeanGain(device);
        direct = Math.Sqrt(mean * settings.LineOfSight);
        scatter = Math.Sqrt(mean * (1 - settings.LineOfSight) / 2);
        this.random = random;
    }

    /// <summary>The gain of the next frame (a gain of exactly 0, which has probability 0, is raised to the smallest double).</summary>
    public double[] TasksFor(long slot)
    {
        double x = (scatter * Normal()) + direct;
        double y = scatter * Normal();
        return [Math.Max((x * x) + (y * y), double.Epsilon)];
    }

    public void WriteState(BinaryWriter writer) => random.WriteState(writer);

    public void ReadState(BinaryReader reader) => random.ReadState(reader);

    /// <summary>A standard normal draw by Box-Muller from two of the stream's uniforms.</summary>
    private double Normal()
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
