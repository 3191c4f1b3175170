using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Systems;

/// <summary>
/// A configured system whose devices may report context of their own beside their values (MUMT: an uplink channel's
/// rate scale with <c>ddlo.channel</c>, a class's factors with <c>ddlo.device-classes</c>), each from a source of its own.
/// </summary>
public interface IDeviceContextSystem
{
    /// <summary>Whether this configuration gives the devices context (a channel or classes).</summary>
    bool HasDeviceContext { get; }

    /// <summary>Device <paramref name="device"/> of <paramref name="devices"/>'s context source, with its own streams of the run seed.</summary>
    IContextSource CreateContext(int device, int devices, int runSeed);
}
