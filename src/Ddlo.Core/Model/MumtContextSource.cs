using Ddlo.Core.Channels;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Model;

/// <summary>
/// One MUMT device's context each slot (<see cref="DeviceTraits"/>): its uplink channel's rate scale when it has one,
/// then its class's factors when the system has classes.
/// </summary>
public sealed class MumtContextSource : IContextSource
{
    private readonly DeviceTraits traits;
    private readonly bool classes;
    private readonly UplinkChannel? channel;

    /// <param name="traits">The device's class factors (its rate scale is drawn from the channel).</param>
    /// <param name="classes">Whether the system has device classes, so that the context carries the factors.</param>
    /// <param name="channel">The device's uplink channel, or null for the paper's fixed rate.</param>
    public MumtContextSource(DeviceTraits traits, bool classes, UplinkChannel? channel)
    {
        if (!classes && channel is null)
        {
            throw new ArgumentException("A device without a channel or a class has no context.", nameof(classes));
        }

        (this.traits, this.classes, this.channel) = (traits, classes, channel);
    }

    public double[] ContextFor(long slot) =>
        channel is null ? traits.Context(rate: false, classes) : traits.WithRate(channel.RateScaleFor(slot)).Context(rate: true, classes);

    /// <summary>The channel's stream (a class alone has no state).</summary>
    public void WriteState(BinaryWriter writer) => channel?.WriteState(writer);

    public void ReadState(BinaryReader reader) => channel?.ReadState(reader);
}
