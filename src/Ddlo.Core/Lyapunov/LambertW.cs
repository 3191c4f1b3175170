namespace Ddlo.Core.Lyapunov;

/// <summary>The principal branch W0 of Lambert's W function (w e^w = x, w >= -1) for real x >= -1/e.</summary>
internal static class LambertW
{
    private const double MinusInverseE = -0.36787944117144233;

    /// <summary>W0(x): Halley's iteration from a branch-point series (near -1/e) or a logarithmic start (large x).</summary>
    public static double W0(double x)
    {
        if (double.IsNaN(x) || x < MinusInverseE - 1e-15)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "W0 is real only for x >= -1/e.");
        }

        if (x <= MinusInverseE)
        {
            return -1;
        }

        if (x == 0)
        {
            return 0;
        }

        double w;
        if (x < -0.25)
        {
            // Series about the branch point: p = sqrt(2 (e x + 1)), w = -1 + p - p^2 / 3 + 11 p^3 / 72.
            double p = Math.Sqrt(2 * ((Math.E * x) + 1));
            w = -1 + p - (p * p / 3) + (11 * p * p * p / 72);
        }
        else if (x < 3)
        {
            w = Math.Log(1 + x) * (1 - (Math.Log(1 + Math.Log(1 + x)) / (2 + Math.Log(1 + x))));
        }
        else
        {
            double l = Math.Log(x);
            w = l - Math.Log(l);
        }

        for (int i = 0; i < 50; i++)
        {
            double e = Math.Exp(w);
            double f = (w * e) - x;
            double wp1 = w + 1;
            if (wp1 == 0)
            {
                break;
            }

            double step = f / ((e * wp1) - ((w + 2) * f / (2 * wp1)));
            w -= step;
            if (Math.Abs(step) <= 4 * double.Epsilon + (1e-15 * Math.Abs(w)))
            {
                break;
            }
        }

        return w;
    }
}
