namespace Ddlo.Core.Channels;

/// <summary>Small-scale fading of a device's channel, drawn afresh every slot (<c>ddlo.channel.fading</c>).</summary>
public enum Fading
{
    /// <summary>No fading: the path loss alone sets the rate.</summary>
    None,

    /// <summary>Rayleigh: the channel's power gain is a unit-mean exponential draw (no line of sight).</summary>
    Rayleigh,

    /// <summary>Rician: a line-of-sight component of K times the scattered power, unit mean in all.</summary>
    Rician,
}
