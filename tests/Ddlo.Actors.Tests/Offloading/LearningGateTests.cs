using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;

namespace Ddlo.Actors.Tests.Offloading;

public sealed class LearningGateTests
{
    private static readonly CaptureState CaptureNow = new(ActorRefs.Nobody);

    [Fact]
    public void Should_never_hold_a_policy_that_does_not_learn()
    {
        var gate = new LearningGate(learns: false);

        Assert.True(gate.TryAsk());
        Assert.True(gate.TryAsk());
        Assert.Same(CaptureNow, gate.Capture(CaptureNow));
    }

    [Fact]
    public void Should_hold_the_next_decision_until_the_outcome_of_the_last_one_is_told()
    {
        var gate = new LearningGate(learns: true);

        Assert.True(gate.TryAsk());
        Assert.False(gate.TryAsk());
        Assert.False(gate.TryAsk());

        Assert.True(gate.Told(out _));
        Assert.True(gate.TryAsk());
    }

    [Fact]
    public void Should_hold_a_capture_until_caught_up_and_hand_back_only_the_latest_once()
    {
        var gate = new LearningGate(learns: true);
        var earlier = new CaptureState(ActorRefs.Nobody);
        gate.TryAsk();

        Assert.Null(gate.Capture(earlier));
        Assert.Null(gate.Capture(CaptureNow));
        Assert.True(gate.Told(out var capture));
        Assert.Same(CaptureNow, capture);

        gate.TryAsk();
        Assert.True(gate.Told(out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Should_let_a_decision_through_when_its_outcome_came_before_it()
    {
        var gate = new LearningGate(learns: true);

        Assert.True(gate.Told(out _));
        Assert.True(gate.TryAsk());
        Assert.True(gate.TryAsk());
        Assert.False(gate.TryAsk());
    }

    [Fact]
    public void Should_take_a_capture_at_once_before_any_decision()
    {
        Assert.Same(CaptureNow, new LearningGate(learns: true).Capture(CaptureNow));
    }
}
