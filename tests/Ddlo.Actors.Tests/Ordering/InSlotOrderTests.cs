using Ddlo.Actors.Ordering;

namespace Ddlo.Actors.Tests.Ordering;

public sealed class InSlotOrderTests
{
    [Fact]
    public void Should_hand_out_items_in_slot_order_once_the_slots_before_them_arrived()
    {
        var order = new InSlotOrder<string>(next: 5);

        Assert.Empty(order.Add(7, "seven"));
        Assert.Empty(order.Add(6, "six"));
        Assert.Equal(2, order.Waiting);
        Assert.Equal(["five", "six", "seven"], order.Add(5, "five"));
        Assert.Equal(8, order.Next);
        Assert.Equal(["eight"], order.Add(8, "eight"));
        Assert.Equal(0, order.Waiting);
    }

    [Fact]
    public void Should_refuse_a_slot_that_arrived_twice_or_before_the_first()
    {
        var order = new InSlotOrder<int>(next: 2);
        order.Add(3, 3);

        Assert.Throws<InvalidOperationException>(() => order.Add(1, 1));
        Assert.Throws<InvalidOperationException>(() => order.Add(3, 3));
        order.Add(2, 2);
        Assert.Throws<InvalidOperationException>(() => order.Add(2, 2));
    }
}
