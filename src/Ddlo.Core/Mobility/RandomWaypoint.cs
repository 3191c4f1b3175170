using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Mobility;

/// <summary>
/// Random waypoint: the device walks in a straight line to a point drawn uniformly in the area, at a speed drawn
/// uniformly in [min, max]; there it pauses, then draws the next point and speed. A slot moves it for the slot's
/// duration, through as many waypoints as that takes.
/// </summary>
public sealed class RandomWaypoint : IMobility
{
    /// <summary>Waypoints one slot may pass: beyond, the area is too small for the speed, and the device stops there.</summary>
    private const int MaxWaypointsPerSlot = 1000;

    private readonly MobilitySettings settings;
    private readonly ReplayableRandom random;
    private Position waypoint;
    private double speed;
    private double pauseLeft;

    public RandomWaypoint(MobilitySettings settings, Position start, ReplayableRandom random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        (this.settings, this.random, Position) = (settings, random, start);
        NextLeg();
    }

    public Position Position { get; private set; }

    /// <summary>Where the device is walking to.</summary>
    public Position Waypoint => waypoint;

    public Position Move(long slot)
    {
        double time = settings.SlotSeconds;
        for (int legs = 0; time > 0 && legs < MaxWaypointsPerSlot; legs++)
        {
            if (pauseLeft > 0)
            {
                double pause = Math.Min(pauseLeft, time);
                (pauseLeft, time) = (pauseLeft - pause, time - pause);
                continue;
            }

            double distance = Position.DistanceTo(waypoint);
            if (speed <= 0)
            {
                break;
            }

            if (speed * time < distance)
            {
                double step = speed * time / distance;
                Position = new Position(Position.X + ((waypoint.X - Position.X) * step), Position.Y + ((waypoint.Y - Position.Y) * step));
                break;
            }

            (Position, time, pauseLeft) = (waypoint, time - (distance / speed), settings.PauseSeconds);
            NextLeg();
        }

        return Position;
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        random.WriteState(writer);
        foreach (double value in (double[])[Position.X, Position.Y, waypoint.X, waypoint.Y, speed, pauseLeft])
        {
            writer.Write(value);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        random.ReadState(reader);
        Position = new Position(reader.ReadDouble(), reader.ReadDouble());
        waypoint = new Position(reader.ReadDouble(), reader.ReadDouble());
        (speed, pauseLeft) = (reader.ReadDouble(), reader.ReadDouble());
    }

    private void NextLeg()
    {
        double h = settings.HalfSideM;
        waypoint = new Position((random.NextDouble() * 2 * h) - h, (random.NextDouble() * 2 * h) - h);
        speed = settings.MinSpeed + (random.NextDouble() * (settings.MaxSpeed - settings.MinSpeed));
    }
}
