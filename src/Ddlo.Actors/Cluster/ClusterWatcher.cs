using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// Watches membership for one node. On the edge node it hands solver nodes that join after the run started to the
/// simulation, so they get work at once. On a worker node it leaves the cluster when the edge node is gone, so no
/// worker outlives the run it served.
/// </summary>
internal sealed class ClusterWatcher : ReceiveActor
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly HashSet<Address> known;

    public ClusterWatcher(IActorRef? simulation, IReadOnlyCollection<Address> alreadyPlaced)
    {
        known = [.. alreadyPlaced];
        Receive<ClusterEvent.MemberUp>(up =>
        {
            var member = up.Member;
            if (simulation is null || !known.Add(member.Address) || !(member.HasRole("solver") || member.HasRole("all")))
            {
                return;
            }

            log.Info("Solver node {Address} joined late; giving it work", member.Address);
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / WorkerHost.Name).Tell(new Identify(member.Address));
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is { } host)
            {
                simulation?.Tell(new AddSolverHost(host));
            }
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (simulation is null && (removed.Member.HasRole("edge") || removed.Member.HasRole("all") || removed.Member.HasRole(ClusterMember.ExperimentRole)))
            {
                log.Warning("The {Role} node {Address} left; this worker leaves too", removed.Member.HasRole(ClusterMember.ExperimentRole) ? "experiment" : "edge", removed.Member.Address);
                cluster.Leave(cluster.SelfAddress);
            }
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Props(IActorRef? simulation, IReadOnlyCollection<Address> alreadyPlaced) =>
        Akka.Actor.Props.Create(() => new ClusterWatcher(simulation, alreadyPlaced));

    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => cluster.Unsubscribe(Self);
}
