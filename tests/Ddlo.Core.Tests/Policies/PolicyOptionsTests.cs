using Ddlo.Core.Policies;

namespace Ddlo.Core.Tests.Policies;

public sealed class PolicyOptionsTests
{
    private static PolicyOptions Options(params (string Key, string Value)[] values) =>
        new("ddlo.policies.greedy", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Should_read_each_kind_of_setting_and_fall_back_to_the_default_for_one_not_set()
    {
        var options = Options(("threshold-mb", "20.5"), ("window", "8"), ("greedy", "on"), ("label", "lab A"));

        Assert.Equal(20.5, options.Number("threshold-mb", 0));
        Assert.Equal(8, options.Whole("window", 1));
        Assert.True(options.Flag("greedy", fallback: false));
        Assert.Equal("lab A", options.Text("label", "none"));
        Assert.Equal(0.25, options.Number("epsilon", 0.25));
        Assert.Empty(options.Unread);
    }

    [Theory]
    [InlineData("threshold-mb", "abc", "ddlo.policies.greedy.threshold-mb: expected a number in [0, 100], got 'abc'")]
    [InlineData("threshold-mb", "101", "ddlo.policies.greedy.threshold-mb: expected a number in [0, 100], got '101'")]
    [InlineData("threshold-mb", "NaN", "ddlo.policies.greedy.threshold-mb: expected a number in [0, 100], got 'NaN'")]
    public void Should_name_the_full_key_of_a_number_out_of_range_or_not_a_number(string key, string value, string message)
    {
        var error = Assert.Throws<PolicyOptionException>(() => Options((key, value)).Number(key, 10, min: 0, max: 100));

        Assert.Equal(message, error.Message);
        Assert.Equal("ddlo.policies.greedy.threshold-mb", error.Key);
    }

    [Fact]
    public void Should_refuse_a_whole_number_or_a_flag_that_does_not_parse()
    {
        Assert.Throws<PolicyOptionException>(() => Options(("window", "8.5")).Whole("window", 1));
        Assert.Throws<PolicyOptionException>(() => Options(("window", "0")).Whole("window", 1, min: 1));
        Assert.Throws<PolicyOptionException>(() => Options(("greedy", "maybe")).Flag("greedy", fallback: true));
    }

    [Fact]
    public void Should_list_the_keys_the_policy_never_read()
    {
        var options = Options(("threshold-mb", "20"), ("treshold", "3"), ("window", "8"));

        options.Number("threshold-mb", 0);
        options.Number("epsilon", 0.1);

        Assert.Equal(["treshold", "window"], options.Unread);
    }
}
