using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;

namespace Ddlo.Core.Tests.Channels;

public sealed class UplinkChannelTests
{
    [Fact]
    public void Should_give_the_papers_rate_at_the_reference_distance_with_mean_fading_and_less_farther_away()
    {
        var settings = new ChannelSettings(ReferenceDistanceM: 80, ReferenceSnrDb: 15, PathLossExponent: 3.5);

        Assert.Equal(1.0, settings.RateScale(80, 1.0), 15);
        double[] distances = [10, 40, 80, 160, 640];
        var rates = distances.Select(d => settings.RateScale(d, 1.0)).ToArray();
        Assert.Equal(rates.OrderByDescending(r => r), rates);

        // s = log2(1 + SNR_ref (d_ref / d)^PL h) / log2(1 + SNR_ref), worked by hand at d = 160 m, h = 2.
        double snrRef = Math.Pow(10, 1.5);
        double expected = Math.Log2(1 + (snrRef * Math.Pow(0.5, 3.5) * 2)) / Math.Log2(1 + snrRef);
        Assert.Equal(expected, settings.RateScale(160, 2.0), 14);
    }

    [Fact]
    public void Should_keep_a_deep_fade_within_the_rates_the_model_takes()
    {
        var settings = new ChannelSettings();

        Assert.Equal(MecModel.MinRateScale, settings.RateScale(1e6, 1e-30));
    }

    [Fact]
    public void Should_place_devices_uniformly_over_the_rings_area()
    {
        var settings = new ChannelSettings(NearestM: 20, FarthestM: 200);
        var distances = Enumerable.Range(0, 20_000).Select(n => new UplinkChannel(settings, new ReplayableRandom(n)).DistanceM).ToArray();

        Assert.All(distances, d => Assert.InRange(d, 20, 200));
        // Uniform in area: E[d^2] = (near^2 + far^2) / 2, and half the devices lie beyond sqrt of that.
        double meanSquare = distances.Average(d => d * d);
        Assert.InRange(meanSquare / ((20 * 20 + 200 * 200) / 2.0), 0.98, 1.02);
    }

    [Theory]
    [InlineData(Fading.Rayleigh, 1.0)]
    [InlineData(Fading.Rician, 7.0 / 16.0)]
    public void Should_draw_fading_of_unit_mean_with_the_variance_of_its_model(Fading fading, double variance)
    {
        // Read h back from s at the reference distance: h = (2^(s log2(1 + SNR_ref)) - 1) / SNR_ref.
        var settings = new ChannelSettings(fading, RicianK: 3, ReferenceSnrDb: 20, NearestM: 100, FarthestM: 100, ReferenceDistanceM: 100);
        var channel = new UplinkChannel(settings, new ReplayableRandom(4));
        double snrRef = settings.ReferenceSnr;
        var powers = Enumerable.Range(0, 40_000)
            .Select(t => (Math.Pow(2, channel.RateScaleFor(t) * Math.Log2(1 + snrRef)) - 1) / snrRef)
            .ToArray();

        double mean = powers.Average();
        Assert.InRange(mean, 0.97, 1.03);
        // Rayleigh: |h|^2 exponential, variance 1. Rician with K: variance (1 + 2K) / (K + 1)^2 = 7 / 16 at K = 3.
        Assert.InRange(powers.Average(p => (p - mean) * (p - mean)) / variance, 0.93, 1.07);
    }

    [Fact]
    public void Should_continue_from_a_checkpoint_with_the_same_place_and_the_same_fading()
    {
        var settings = new ChannelSettings(Fading.Rician);
        var original = new UplinkChannel(settings, new ReplayableRandom(9));
        for (int t = 0; t < 37; t++)
        {
            original.RateScaleFor(t);
        }

        using var state = new MemoryStream();
        original.WriteState(new BinaryWriter(state));
        state.Position = 0;
        var restored = new UplinkChannel(settings, new ReplayableRandom(9));
        restored.ReadState(new BinaryReader(state));

        Assert.Equal(original.DistanceM, restored.DistanceM);
        Assert.Equal(Enumerable.Range(37, 50).Select(t => original.RateScaleFor(t)), Enumerable.Range(37, 50).Select(t => restored.RateScaleFor(t)));
    }

    [Theory]
    [InlineData("RicianK")]
    [InlineData("PathLossExponent")]
    [InlineData("ReferenceDistanceM")]
    [InlineData("ReferenceSnrDb")]
    [InlineData("NearestM")]
    [InlineData("FarthestM")]
    public void Should_refuse_a_setting_out_of_range_naming_it(string name)
    {
        var bad = name switch
        {
            "RicianK" => new ChannelSettings(RicianK: -1),
            "PathLossExponent" => new ChannelSettings(PathLossExponent: 0),
            "ReferenceDistanceM" => new ChannelSettings(ReferenceDistanceM: double.NaN),
            "ReferenceSnrDb" => new ChannelSettings(ReferenceSnrDb: 400),
            "NearestM" => new ChannelSettings(NearestM: -5),
            _ => new ChannelSettings(NearestM: 50, FarthestM: 10),
        };

        var error = Assert.Throws<ArgumentException>(() => bad.Validate());

        Assert.Equal(name, error.ParamName);
    }
}
