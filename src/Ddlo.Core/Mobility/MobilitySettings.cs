using System.Globalization;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Mobility;

/// <summary>
/// How MUMT's devices move (<c>ddlo.mobility</c>): within the square area of half-side <paramref name="HalfSideM"/>
/// around the edge server, by one of <see cref="MobilityModel"/>, a slot lasting <paramref name="SlotSeconds"/>.
/// </summary>
/// <param name="Model">The mobility model.</param>
/// <param name="SlotSeconds">How long a slot lasts, s: a device at v m/s moves v times this per slot.</param>
/// <param name="MinSpeed">Random waypoint: the slowest speed drawn, m/s.</param>
/// <param name="MaxSpeed">Random waypoint: the fastest speed drawn, m/s.</param>
/// <param name="PauseSeconds">Random waypoint: the pause at each waypoint, s.</param>
/// <param name="Alpha">Gauss-Markov: the memory of speed and heading, in [0, 1] (1: straight at constant speed).</param>
/// <param name="MeanSpeed">Gauss-Markov: the mean speed, m/s.</param>
/// <param name="SpeedSd">Gauss-Markov: the speed's standard deviation, m/s.</param>
/// <param name="HeadingSd">Gauss-Markov: the heading's standard deviation, rad.</param>
/// <param name="HalfSideM">The area: the square [-h, h] x [-h, h] around the edge server, m.</param>
public sealed record MobilitySettings(
    MobilityModel Model,
    double SlotSeconds = 1,
    double MinSpeed = 1,
    double MaxSpeed = 15,
    double PauseSeconds = 0,
    double Alpha = 0.75,
    double MeanSpeed = 5,
    double SpeedSd = 2,
    double HeadingSd = 0.5,
    double HalfSideM = 200)
{
    /// <summary>Throws an <see cref="ArgumentException"/> whose parameter name is the first invalid setting.</summary>
    public MobilitySettings Validate()
    {
        SettingChecks.Require(SlotSeconds is > 0 and <= 1e6, nameof(SlotSeconds), SlotSeconds, "a duration in (0, 1e6] s");
        SettingChecks.Require(MinSpeed is > 0 and <= 1e4, nameof(MinSpeed), MinSpeed, "a speed in (0, 1e4] m/s (random waypoint's walkers slow to a stop otherwise)");
        SettingChecks.Require(MaxSpeed >= MinSpeed && MaxSpeed <= 1e4, nameof(MaxSpeed), MaxSpeed, string.Create(CultureInfo.InvariantCulture, $"a speed in [{MinSpeed:G}, 1e4] m/s (not below the slowest)"));
        SettingChecks.Require(PauseSeconds is >= 0 and <= 1e9, nameof(PauseSeconds), PauseSeconds, "a duration in [0, 1e9] s");
        SettingChecks.Require(Alpha is >= 0 and <= 1, nameof(Alpha), Alpha, "a number in [0, 1]");
        SettingChecks.Require(MeanSpeed is >= 0 and <= 1e4, nameof(MeanSpeed), MeanSpeed, "a speed in [0, 1e4] m/s");
        SettingChecks.Require(SpeedSd is >= 0 and <= 1e4, nameof(SpeedSd), SpeedSd, "a number in [0, 1e4] m/s");
        SettingChecks.Require(HeadingSd is >= 0 and <= 100, nameof(HeadingSd), HeadingSd, "a number in [0, 100] rad");
        SettingChecks.Require(HalfSideM is > 0 and <= 1e6, nameof(HalfSideM), HalfSideM, "a distance in (0, 1e6] m");
        return this;
    }

    /// <summary>Whether <paramref name="position"/> lies in the area.</summary>
    public bool Holds(Position position) => Math.Abs(position.X) <= HalfSideM && Math.Abs(position.Y) <= HalfSideM;
}
