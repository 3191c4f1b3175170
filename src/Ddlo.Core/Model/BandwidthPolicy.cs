namespace Ddlo.Core.Model;

/// <summary>How the uplink bandwidth C is shared between the devices for a fixed decision.</summary>
public enum BandwidthPolicy
{
    /// <summary>The exact solution of (P2): the split that minimises Q for the decision.</summary>
    Optimal,

    /// <summary>c[n] = C / N, as the published DDLO code and its reference data use.</summary>
    Equal,
}
