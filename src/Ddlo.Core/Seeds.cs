namespace Ddlo.Core;

/// <summary>Derives independent, reproducible seeds for the streams of a run (devices, networks, memory) from one run seed.</summary>
public static class Seeds
{
    /// <summary>Stream of the devices' task sizes (index: device n).</summary>
    public const int DeviceStream = 1;

    /// <summary>Stream of the networks' initial weights and of a baseline's draws (index: DNN k).</summary>
    public const int DnnStream = 2;

    /// <summary>Stream of the replay memory's batch sampling (index: DNN k).</summary>
    public const int MemoryStream = 3;

    /// <summary>Stream of the noisy quantiser's perturbations (index: DNN k; mixed with the DNN's own seed).</summary>
    public const int NoiseStream = 4;

    /// <summary>Stream of a device's data arrivals (index: device n), apart from its channel or task sizes.</summary>
    public const int ArrivalStream = 5;

    /// <summary>Stream of a device's uplink channel, its place and its fading (index: device n), apart from its task sizes.</summary>
    public const int ChannelStream = 6;

    /// <summary>Stream of a device's movement (index: device n), apart from its channel's fading.</summary>
    public const int MobilityStream = 7;

    /// <summary>Stream of a map cell's random baseline (index: cell c).</summary>
    public const int CellStream = 8;

    /// <summary>A seed for stream <paramref name="stream"/>, member <paramref name="index"/> (SplitMix64 mixing).</summary>
    public static int Derive(int runSeed, int stream, int index)
    {
        ulong z = unchecked(((ulong)(uint)runSeed << 32) ^ ((ulong)(uint)stream << 16) ^ (uint)index);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
