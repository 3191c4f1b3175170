using Ddlo.Core.Checkpoints;
using Ddlo.Core.Workloads;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Wpmec;

/// <summary>
/// The channel model of generated WPMEC frames (DROO's): device i at distance d_i from the access point has the mean
/// gain A_d (c / (4 pi f_c d_i))^d_e, and each frame's gain is that mean times an independent unit-mean exponential
/// (Rayleigh) fading factor. Distances are evenly spaced from the nearest to the farthest device.
/// </summary>
/// <remarks>
/// The defaults reproduce the published data set: its per-device sample means put the ten devices 2.8 m to 5.8 m away
/// (within 0.3 %), with A_d = 4.11, f_c = 915 MHz and d_e = 2.8 as in the DROO paper.
/// </remarks>
/// <param name="AntennaGain">A_d.</param>
/// <param name="CarrierHz">f_c, Hz.</param>
/// <param name="PathLossExponent">d_e.</param>
/// <param name="NearestM">The nearest device's distance, m.</param>
/// <param name="FarthestM">The farthest device's distance, m.</param>
public sealed record WpmecChannel(
    double AntennaGain = 4.11,
    double CarrierHz = 915e6,
    double PathLossExponent = 2.8,
    double NearestM = 2.8,
    double FarthestM = 5.8)
{
    private const double SpeedOfLight = 3e8;

    /// <summary>Device <paramref name="device"/>'s distance among <paramref name="devices"/>, m.</summary>
    public double Distance(int device, int devices) =>
        devices == 1 ? NearestM : NearestM + ((FarthestM - NearestM) * device / (devices - 1));

    /// <summary>Device <paramref name="device"/>'s mean channel gain among <paramref name="devices"/>.</summary>
    public double MeanGain(int device, int devices) =>
        AntennaGain * Math.Pow(SpeedOfLight / (4 * Math.PI * CarrierHz * Distance(device, devices)), PathLossExponent);
}

/// <summary>One device's channel gain each frame: its mean gain times a fresh unit-mean exponential fading factor.</summary>
public sealed class WpmecChannelSource : ITaskSource, ICheckpointable
{
    private readonly double meanGain;
    private readonly Random random;

    public WpmecChannelSource(WpmecChannel channel, int device, int devices, Random random)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(random);
        meanGain = channel.MeanGain(device, devices);
        this.random = random;
    }

    public double[] TasksFor(long slot) => [meanGain * Exponential.Sample(random, 1.0)];

    public void WriteState(BinaryWriter writer) => Checkpointable.WriteState(writer);

    public void ReadState(BinaryReader reader) => Checkpointable.ReadState(reader);

    private ICheckpointable Checkpointable =>
        random as ICheckpointable ?? throw new InvalidOperationException("This channel's generator cannot be checkpointed: give it a ReplayableRandom.");
}
