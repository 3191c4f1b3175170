using Ddlo.Core.Model;

namespace Ddlo.Core.Tests.Model;

public sealed class OffloadDecisionTests
{
    [Fact]
    public void Should_round_trip_through_its_text_form()
    {
        var decision = OffloadDecision.Parse("110011011", 9);

        Assert.Equal("110011011", decision.ToString());
        Assert.Equal(6, decision.OffloadedCount);
        Assert.Equal(0b011, decision.DeviceMask(0, 3));
        Assert.Equal(0b110, decision.DeviceMask(1, 3));
    }

    [Fact]
    public void Should_put_mask_bit_i_at_position_i()
    {
        Assert.Equal("101000", OffloadDecision.FromMask(0b101, 6).ToString());
    }

    [Theory]
    [InlineData("1100", "needs 9 bits")]
    [InlineData("11001101x", "bit 8 must be 0 or 1")]
    public void Should_name_what_is_wrong_with_bad_text(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => OffloadDecision.Parse(text, 9));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
