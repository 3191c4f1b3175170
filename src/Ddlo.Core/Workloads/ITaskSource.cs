namespace Ddlo.Core.Workloads;

/// <summary>Where one device's M task sizes (MB) for a slot come from.</summary>
public interface ITaskSource
{
    double[] TasksFor(long slot);
}
