using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;

namespace Ddlo.Hosting.Results;

/// <summary>Short human descriptions shared by the commands' tables.</summary>
public static class Describe
{
    public static string System(Scenario scenario)
    {
        var s = scenario.Settings.System;
        if (s.IsWpmec)
        {
            var p = s.Wpmec!.Parameters;
            return string.Create(CultureInfo.InvariantCulture, $"WPMEC, N={s.Devices}, P={p.ApPowerW:0.###} W, B={p.BandwidthHz / 1e6:0.###} MHz");
        }

        if (s.IsLydroo)
        {
            var l = s.Lydroo!.System;
            return string.Create(CultureInfo.InvariantCulture, $"LyDROO, N={s.Devices}, V={l.V:0.###}, budget {l.EnergyBudget:0.###} J, {s.Lydroo.Arrivals.Process} arrivals");
        }

        string split = s.BandwidthPolicy == BandwidthPolicy.Optimal ? "optimal split" : "equal split";
        return string.Create(CultureInfo.InvariantCulture, $"N={s.Devices}, M={s.TasksPerDevice}, C={s.UplinkMbps:0.###} Mbit/s, {split}");
    }

    public static string Number(double value, string format = "0.####") => value.ToString(format, CultureInfo.InvariantCulture);
}
