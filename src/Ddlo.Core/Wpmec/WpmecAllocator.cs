using System.Collections.Immutable;
using System.Globalization;
using MathNet.Numerics.RootFinding;

namespace Ddlo.Core.Wpmec;

/// <summary>
/// The exact resource allocation of DROO's WPMEC model for a given offloading mode: maximise
/// sum_local w_i eta1 (h_i / k)^(1/3) a^(1/3) + sum_offload w_j eps tau_j ln(1 + eta2 h_j^2 a / tau_j)
/// subject to a + sum tau_j &lt;= 1.
/// </summary>
/// <remarks>
/// The problem is convex for a fixed mode, and the frame is always used in full. With v the price of frame time,
/// stationarity in tau_j fixes each offloader's SNR z_j = eta2 h_j^2 a / tau_j through
/// ln(1 + z_j) - z_j / (1 + z_j) = v / (w_j eps); the frame then gives a = 1 / (1 + sum_j eta2 h_j^2 / z_j);
/// and stationarity in a, sum_local w_i eta1 (h_i / k)^(1/3) a^(-2/3) / 3 + sum_j w_j eps eta2 h_j^2 / (1 + z_j) = v,
/// is one equation in v, decreasing, solved by Brent's method (MathNet) in log v to machine precision, each z_j by
/// Newton's method in log z (safeguarded, Brent as the fallback). The authors bisect on v to a tolerance of 0.005 instead.
/// </remarks>
public sealed class WpmecAllocator(WpmecParameters parameters)
{
    private const double Accuracy = 1e-14;
    private const int MaxIterations = 500;

    /// <summary>Past this, ln(1 + z) - z / (1 + z) = u has a root z beyond the doubles (e^709).</summary>
    private const double MaxLogSnr = 700;

    public WpmecParameters Parameters { get; } = parameters;

    /// <summary>The optimal split for devices with channel gains <paramref name="gains"/> in mode <paramref name="offload"/>.</summary>
    public WpmecAllocation Allocate(ReadOnlySpan<double> gains, ReadOnlySpan<bool> offload, ReadOnlySpan<double> weights)
    {
        int n = gains.Length;
        if (offload.Length != n || weights.Length != n)
        {
            throw new ArgumentException($"{n} gains need as many modes and weights, got {offload.Length} and {weights.Length}.", nameof(offload));
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(gains[i]) || gains[i] <= 0 || !double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Device {i}: the channel gain must be a finite number > 0 and the weight >= 0, got {gains[i]} and {weights[i]}.", nameof(gains));
            }
        }

        var p = Parameters;
        double localWeight = 0;
        var snrGain = new List<double>(n);
        var offloadWeight = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            if (offload[i])
            {
                // An offloader of weight 0 adds nothing however long it sends: it gets no time (tau = 0).
                if (weights[i] > 0)
                {
                    snrGain.Add(p.Eta2 * gains[i] * gains[i]);
                    offloadWeight.Add(weights[i]);
                }
            }
            else
            {
                localWeight += weights[i] * p.Eta1 * Math.Cbrt(gains[i] / p.EnergyCoefficient);
            }
        }

        if (snrGain.Count == 0)
        {
            // Nobody offloads: all the frame harvests.
            return new WpmecAllocation(localWeight, 1, [.. new double[n]], localWeight / 3);
        }

        double[] c = [.. snrGain];
        double[] w = [.. offloadWeight];
        var z = new double[c.Length];

        // F(v) = d(rate)/da at the a the price v gives, minus v: positive below the optimal price, negative above.
        double Excess(double logPrice)
        {
            double price = Math.Exp(logPrice);
            double sum = 0;
            for (int j = 0; j < c.Length; j++)
            {
                z[j] = Snr(price / (w[j] * p.Epsilon));
                sum += c[j] / z[j];
            }

            double a = 1 / (1 + sum);
            double slope = localWeight / 3 * Math.Pow(a, -2.0 / 3);
            for (int j = 0; j < c.Length; j++)
            {
                slope += w[j] * p.Epsilon * c[j] / (1 + z[j]);
            }

            return (slope - price) / price;
        }

        double logPrice;
        try
        {
            var (low, high) = Bracket(Excess, Math.Log(p.Epsilon));
            logPrice = Brent.FindRoot(Excess, low, high, Accuracy, MaxIterations);
        }
        catch (Exception e) when (e is InvalidOperationException or MathNet.Numerics.NonConvergenceException)
        {
            // Up-front checks keep the gains, weights and constants in range; a frame that still escapes them is named.
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The WPMEC allocation found no price that balances the frame of channel gains [{string.Join(", ", gains.ToArray().Select(g => g.ToString("G4", CultureInfo.InvariantCulture)))}] in mode {string.Concat(offload.ToArray().Select(x => x ? '1' : '0'))}: its gains, weights or constants are beyond what it can price."), e);
        }

        double v = Math.Exp(logPrice);
        Excess(logPrice);
        double total = 0;
        for (int j = 0; j < c.Length; j++)
        {
            total += c[j] / z[j];
        }

        double powerTransfer = 1 / (1 + total);
        var tau = new double[n];
        double rate = localWeight * Math.Cbrt(powerTransfer);
        for (int i = 0, j = 0; i < n; i++)
        {
            if (!offload[i] || weights[i] == 0)
            {
                continue;
            }

            tau[i] = c[j] * powerTransfer / z[j];
            if (tau[i] > 0)
            {
                rate += w[j] * p.Epsilon * tau[i] * Math.Log(1 + z[j]);
            }

            j++;
        }

        return new WpmecAllocation(rate, powerTransfer, [.. tau], v);
    }

    /// <summary>The weighted sum computation rate of a given split (a, tau) in mode <paramref name="offload"/>, bit/s.</summary>
    public double Rate(ReadOnlySpan<double> gains, ReadOnlySpan<bool> offload, ReadOnlySpan<double> weights, double powerTransfer, ReadOnlySpan<double> offloadTimes)
    {
        double rate = 0;
        for (int i = 0; i < gains.Length; i++)
        {
            rate += DeviceRate(gains[i], offload[i], weights[i], powerTransfer, offloadTimes[i]);
        }

        return rate;
    }

    /// <summary>One device's term of <see cref="Rate"/>: its weighted computation rate under the split (a, tau), bit/s.</summary>
    public double DeviceRate(double gain, bool offload, double weight, double powerTransfer, double offloadTime)
    {
        var p = Parameters;
        return offload
            ? offloadTime > 0 ? weight * p.Epsilon * offloadTime * Math.Log(1 + (p.Eta2 * gain * gain * powerTransfer / offloadTime)) : 0
            : weight * p.Eta1 * Math.Cbrt(gain / p.EnergyCoefficient) * Math.Cbrt(powerTransfer);
    }

    /// <summary>The z > 0 with ln(1 + z) - z / (1 + z) = <paramref name="u"/> (the left side rises from 0 to infinity).</summary>
    /// <remarks>
    /// Newton's method in s = ln z: the left side is increasing and convex in s (its derivative z^2 / (1 + z)^2 rises),
    /// so from any start the iterates land right of the root after one step and then fall to it monotonically and
    /// quadratically. The start is the small-z (z = sqrt(2u)) or large-z (z = e^(u+1)) asymptote; steps right are capped
    /// so that a start far left cannot overflow. Brent's method on the same equation is the fallback.
    /// </remarks>
    private static double Snr(double u)
    {
        if (u >= MaxLogSnr)
        {
            // z = e^(u+1) and beyond overflows: frame time is so dear that the device's slot shrinks to nothing
            // (tau = c a / z -> 0, and its rate tau ln(1 + z) with it).
            return double.PositiveInfinity;
        }

        double s = u < 1 ? 0.5 * Math.Log(2 * u) : u + 1;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double z = Math.Exp(s);
            double gap = Math.Log(1 + z) - (z / (1 + z)) - u;
            double slope = z * z / ((1 + z) * (1 + z));
            double step = Math.Min(gap / slope, 8);
            if (!double.IsFinite(step))
            {
                break;
            }

            s -= Math.Max(step, -8);
            if (Math.Abs(step) <= 1e-11 * Math.Max(1, Math.Abs(s)))
            {
                // Quadratic convergence: the next step is at the rounding noise; take it and stop.
                z = Math.Exp(s);
                s -= (Math.Log(1 + z) - (z / (1 + z)) - u) / (z * z / ((1 + z) * (1 + z)));
                return Math.Exp(s);
            }
        }

        return SnrByBrent(u);
    }

    private static double SnrByBrent(double u)
    {
        double Gap(double logZ)
        {
            double zz = Math.Exp(logZ);
            return Math.Log(1 + zz) - (zz / (1 + zz)) - u;
        }

        var (low, high) = Bracket(Gap, 0);
        return Math.Exp(Brent.FindRoot(Gap, low, high, Accuracy, MaxIterations));
    }

    /// <summary>An interval of log-values around <paramref name="start"/> where <paramref name="f"/>, decreasing or increasing, changes sign.</summary>
    private static (double Low, double High) Bracket(Func<double, double> f, double start)
    {
        double low = start - 1;
        double high = start + 1;
        double fLow = f(low);
        double fHigh = f(high);
        // Widen in steps of e^4, towards the side whose value is smaller in size (the root lies beyond it), within
        // the doubles (e^700).
        while (SameSign(fLow, fHigh) && low > -700 && high < 700)
        {
            if (Math.Abs(fLow) < Math.Abs(fHigh))
            {
                low -= 4;
                fLow = f(low);
            }
            else
            {
                high += 4;
                fHigh = f(high);
            }
        }

        return !SameSign(fLow, fHigh)
            ? (low, high)
            : throw new InvalidOperationException("The WPMEC allocation found no price that balances the frame.");
    }

    private static bool SameSign(double a, double b) => !double.IsNaN(a) && !double.IsNaN(b) && (a > 0) == (b > 0);
}
