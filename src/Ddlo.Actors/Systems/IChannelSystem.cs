using Ddlo.Core.Channels;

namespace Ddlo.Actors.Systems;

/// <summary>
/// A configured system whose devices may have an uplink channel (MUMT's <c>ddlo.channel</c>): each device then reports
/// its slot's rate scale as its context, from a channel of its own.
/// </summary>
public interface IChannelSystem
{
    /// <summary>The channel, or null when it is off.</summary>
    ChannelSettings? Channel { get; }

    /// <summary>Device <paramref name="device"/>'s channel, with its own stream of the run seed.</summary>
    UplinkChannel CreateChannel(int device, int runSeed);
}
