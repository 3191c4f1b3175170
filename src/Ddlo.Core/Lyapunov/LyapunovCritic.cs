namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's per-frame critic, exact: for a given mode, maximise sum_i a_i r_i - Y_i e_i with a_i = Q_i + V w_i.
/// </summary>
/// <remarks>
/// <para>
/// A local device picks its CPU frequency in closed form, f = min(sqrt(a / (3 phi k Y)), phi Q, f_max), computing
/// r = f / phi bits with energy k f^3.
/// </para>
/// <para>
/// Offloaders share the frame (sum tau &lt;= 1). Sending c bits in time tau at rate r = c / tau costs the power
/// p(r) = (2^(r v_u / W) - 1) / SNR times tau, with p &lt;= P_max. The problem is concave; pricing frame time at mu,
/// each offloader's best rate minimises (Y p(r) + mu) / r, which is r = (W0((mu SNR / Y - 1) / e) + 1) W / (v_u ln 2),
/// capped at the rate of P_max, and it then sends all it holds (c = Q) if a beats that cost per bit, nothing if not.
/// The frame time this asks for falls as mu rises; mu* is where it meets the frame, found by bisection to machine
/// precision, and the bits at the rates of mu* follow from the remaining linear programme (a fractional knapsack,
/// solved in closed form by value per unit of time). The authors bisect mu to within 1 on [0, 1e4], cap an
/// intermediate at 20, and solve the linear programme with scipy.
/// </para>
/// </remarks>
public sealed class LyapunovCritic(LyapunovParameters parameters)
{
    public LyapunovParameters Parameters { get; } = parameters;

    /// <summary>The allocation of mode <paramref name="offload"/> for gains h (raw), queues Q (Mbit) and Y, weights w, penalty V.</summary>
    public LyapunovAllocation Solve(ReadOnlySpan<double> gains, ReadOnlySpan<double> dataQueues, ReadOnlySpan<double> energyQueues, ReadOnlySpan<double> weights, double v, ReadOnlySpan<bool> offload)
    {
        int n = gains.Length;
        if (dataQueues.Length != n || energyQueues.Length != n || weights.Length != n || offload.Length != n)
        {
            throw new ArgumentException($"{n} gains need as many data queues, energy queues, weights and modes.", nameof(gains));
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(gains[i]) || gains[i] <= 0 || !double.IsFinite(dataQueues[i]) || dataQueues[i] < 0
                || !double.IsFinite(energyQueues[i]) || energyQueues[i] < 0 || !double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Device {i}: the gain must be a finite number > 0 and the queues and weight finite numbers >= 0.", nameof(gains));
            }
        }

        var p = Parameters;
        double k = p.EnergyCoefficientMHz;
        var bits = new double[n];
        var energy = new double[n];
        var times = new double[n];
        var a = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = dataQueues[i] + (v * weights[i]);
            y[i] = energyQueues[i] * p.EnergyQueueFactor;
        }

        double objective = 0;
        for (int i = 0; i < n; i++)
        {
            if (offload[i])
            {
                continue;
            }

            double cap = Math.Min(p.CyclesPerBit * dataQueues[i], p.MaxFrequencyMHz);
            double f = y[i] == 0 ? cap : Math.Min(Math.Sqrt(a[i] / (3 * p.CyclesPerBit * k * y[i])), cap);
            bits[i] = f / p.CyclesPerBit;
            energy[i] = k * f * f * f;
            objective += (a[i] * bits[i]) - (y[i] * energy[i]);
        }

        var offloaders = new List<int>(n);
        var links = new List<Link>(n);
        for (int i = 0; i < n; i++)
        {
            if (offload[i] && dataQueues[i] > 0)
            {
                offloaders.Add(i);
                links.Add(new Link(gains[i] * p.ChannelFactor / p.Noise, a[i], y[i], dataQueues[i], p));
            }
        }

        double price = 0;
        if (links.Count > 0)
        {
            price = FramePrice(links);
            var rates = links.Select(l => l.Rate(price)).ToArray();
            // The linear programme at mu*: maximise sum (a - Y p / r) c over 0 <= c <= Q, sum c / r <= 1, by value per unit of time.
            var order = Enumerable.Range(0, links.Count)
                .Select(j => (j, Density: (links[j].Weight - (links[j].EnergyWeight * links[j].Power(rates[j]) / rates[j])) * rates[j]))
                .Where(x => x.Density > 0)
                .OrderByDescending(x => x.Density)
                .ThenBy(x => x.j);
            double left = 1;
            foreach (var (j, _) in order)
            {
                double time = Math.Min(links[j].Queue / rates[j], left);
                left -= time;
                int i = offloaders[j];
                times[i] = time;
                bits[i] = time * rates[j];
                energy[i] = links[j].Power(rates[j]) * time;
                objective += (a[i] * bits[i]) - (y[i] * energy[i]);
                if (left <= 0)
                {
                    break;
                }
            }
        }

        return new LyapunovAllocation(objective, [.. bits], [.. energy], [.. times], price);
    }

    /// <summary>
    /// The smallest mu >= 0 at which the offloaders' frame time fits the frame. Each offloader pays for frame time while
    /// mu is below its threshold (where its net value a - Y p'(r) at its best rate reaches 0, in closed form), so the
    /// demand is smooth between thresholds and jumps down at each. Walking the thresholds upwards finds the interval
    /// where the demand crosses 1: mu* is a threshold when it crosses by a jump, and otherwise the root of the smooth
    /// demand of that interval's payers, found by Brent's method (MathNet) to machine precision, in a few steps.
    /// </summary>
    private static double FramePrice(List<Link> links)
    {
        if (links.Sum(l => l.Time(0)) <= 1)
        {
            return 0;
        }

        // Payers by threshold, lowest first; those that never pay (threshold <= 0) ask for no time at any price.
        var payers = links.Select(l => (Link: l, l.Threshold)).Where(p => p.Threshold > 0).OrderBy(p => p.Threshold).ToArray();
        double Excess(double mu, int from)
        {
            double demand = 0;
            for (int j = from; j < payers.Length; j++)
            {
                demand += payers[j].Link.Queue / payers[j].Link.Rate(mu);
            }

            return demand - 1;
        }

        double previous = 0;
        for (int k = 0; k < payers.Length; k++)
        {
            double threshold = payers[k].Threshold;
            if (Excess(threshold, k) <= 0)
            {
                // The smooth demand of payers k.. crosses 1 inside (previous, threshold]. Near 0 a payer with Y > 0 asks for
                // unbounded time (its best rate falls to 0), so Brent starts from a point where the demand is finite.
                int from = k;
                double low = previous > 0 ? previous : threshold * 1e-9;
                return Excess(low, from) > 0
                    && MathNet.Numerics.RootFinding.Brent.TryFindRoot(mu => Excess(mu, from), low, threshold, 1e-300, 200, out double root)
                    ? root
                    : Bisect(mu => Excess(mu, from), previous, threshold);
            }

            if (k == payers.Length - 1 || Excess(threshold, k + 1) <= 0)
            {
                // Payer k stops at its threshold, and the demand drops below 1 there.
                return threshold;
            }

            previous = threshold;
        }

        // No offloader pays at any positive price: none sends anything.
        return 0;
    }

    /// <summary>The smallest mu in (low, high] with a non-positive excess, to adjacent doubles (the excess falls as mu rises).</summary>
    private static double Bisect(Func<double, double> excess, double low, double high)
    {
        while (true)
        {
            double mid = low + ((high - low) / 2);
            if (mid <= low || mid >= high)
            {
                return high;
            }

            if (excess(mid) > 0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
    }

    /// <summary>One offloader: its SNR per watt, a = Q + V w, Y (scaled), what it holds, and its rate law.</summary>
    private sealed record Link(double Snr, double Weight, double EnergyWeight, double Queue, LyapunovParameters P)
    {
        private double Scale => P.BandwidthMHz / (P.Overhead * Math.Log(2));

        /// <summary>The rate at P_max, Mbit per frame.</summary>
        public double MaxRate => Scale * Math.Log(1 + (Snr * P.MaxPowerW));

        /// <summary>The power that sends at rate <paramref name="rate"/>, W.</summary>
        public double Power(double rate) => double.ExpM1(rate / Scale) / Snr;

        /// <summary>
        /// The price of frame time at which this offloader stops paying: a - (Y p(r) + mu) / r at its best rate reaches 0
        /// where Y p'(r) = a, at r = S ln(a S SNR / Y) (capped at <see cref="MaxRate"/>), so mu = a r - Y p(r). Zero or
        /// less: it never pays.
        /// </summary>
        public double Threshold
        {
            get
            {
                double r = EnergyWeight == 0 ? MaxRate : Math.Min(MaxRate, Scale * Math.Log(Weight * Scale * Snr / EnergyWeight));
                return r <= 0 || double.IsNaN(r) ? 0 : (Weight * r) - (EnergyWeight * Power(r));
            }
        }

        /// <summary>The rate minimising (Y p(r) + mu) / r, capped at <see cref="MaxRate"/>.</summary>
        public double Rate(double mu) => EnergyWeight == 0
            ? MaxRate
            : Math.Min(MaxRate, Scale * (LambertW.W0(((mu * Snr / EnergyWeight) - 1) / Math.E) + 1));

        /// <summary>Frame time asked for at price mu: all it holds if a beats its cost per bit, else none.</summary>
        public double Time(double mu)
        {
            double r = Rate(mu);
            if (r <= 0)
            {
                return double.PositiveInfinity;
            }

            return Weight - (((EnergyWeight * Power(r)) + mu) / r) > 0 ? Queue / r : 0;
        }
    }
}
