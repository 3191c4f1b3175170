using Akka.Actor;
using Akka.Cluster;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// Follows this node's membership events until it sees at least <c>learners</c> Up members with the learner (or all)
/// role, then completes <c>enough</c> with the Up members it sees.
/// </summary>
internal sealed class UpMembersWatch : ReceiveActor
{
    private readonly Dictionary<Address, Member> up = [];

    public UpMembersWatch(int learners, TaskCompletionSource<IReadOnlyList<Member>> enough)
    {
        Receive<ClusterEvent.MemberUp>(e => Track(e.Member, learners, enough));
        Receive<ClusterEvent.MemberStatusChange>(e => Track(e.Member, learners, enough));
        Receive<ClusterEvent.MemberRemoved>(e => up.Remove(e.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Track(Member member, int learners, TaskCompletionSource<IReadOnlyList<Member>> enough)
    {
        if (member.Status == MemberStatus.Up)
        {
            up[member.Address] = member;
        }
        else
        {
            up.Remove(member.Address);
        }

        if (up.Values.Count(m => m.HasRole("learner") || m.HasRole("all")) >= learners)
        {
            enough.TrySetResult([.. up.Values.OrderBy(m => m.Address, Member.AddressOrdering)]);
        }
    }
}
