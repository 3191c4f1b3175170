using Akka.Actor;
using Akka.Cluster;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// Follows this node's membership events until it sees, for each role, at least the Up members with that role (or
/// all) that <c>minimums</c> asks, and at least one with one of <c>hostRoles</c> (or all), then completes <c>enough</c>
/// with the Up members it sees.
/// </summary>
internal sealed class UpMembersWatch : ReceiveActor
{
    private readonly Dictionary<Address, Member> up = [];

    public UpMembersWatch(IReadOnlyDictionary<string, int> minimums, IReadOnlyList<string> hostRoles, TaskCompletionSource<IReadOnlyList<Member>> enough)
    {
        Receive<ClusterEvent.MemberUp>(e => Track(e.Member, minimums, hostRoles, enough));
        Receive<ClusterEvent.MemberStatusChange>(e => Track(e.Member, minimums, hostRoles, enough));
        Receive<ClusterEvent.MemberRemoved>(e => up.Remove(e.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Track(Member member, IReadOnlyDictionary<string, int> minimums, IReadOnlyList<string> hostRoles, TaskCompletionSource<IReadOnlyList<Member>> enough)
    {
        if (member.Status == MemberStatus.Up)
        {
            up[member.Address] = member;
        }
        else
        {
            up.Remove(member.Address);
        }

        if (minimums.All(minimum => up.Values.Count(m => m.HasRole(minimum.Key) || m.HasRole("all")) >= minimum.Value)
            && up.Values.Any(m => m.HasRole("all") || hostRoles.Any(m.HasRole)))
        {
            enough.TrySetResult([.. up.Values.OrderBy(m => m.Address, Member.AddressOrdering)]);
        }
    }
}
