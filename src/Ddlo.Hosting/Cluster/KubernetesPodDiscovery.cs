using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Discovery;
using Akka.Event;
using k8s;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// Akka discovery of Kubernetes pods through the Kubernetes API (<c>--discovery kubernetes</c>): the running pods
/// whose labels match <c>app=SERVICE</c> in the pod's namespace, each as its pod IP and the container port named by
/// the lookup (<c>management</c> for Cluster Bootstrap). Akka.Discovery.KubernetesApi does the same, but version
/// 1.5.73 calls KubernetesClient 17, which the registry does not serve, and fails on every lookup with the versions
/// it does; this one is built on the KubernetesClient this build has. Settings: <c>akka.discovery.ddlo-kubernetes</c>
/// (<c>pod-namespace</c>, <c>pod-label-selector</c>, and <c>api-url</c> to reach the API from outside a pod, as
/// through <c>kubectl proxy</c>). Inside a pod it needs RBAC to list pods (samples/kubernetes).
/// </summary>
public sealed class KubernetesPodDiscovery : ServiceDiscovery
{
    /// <summary>The discovery method's name: its settings live under <c>akka.discovery.ddlo-kubernetes</c>.</summary>
    public const string Method = "ddlo-kubernetes";

    private readonly ILoggingAdapter log;
    private readonly string labelSelector;
    private readonly string? podNamespace;
    private readonly string? apiUrl;
    private readonly Lazy<(Kubernetes Client, string Namespace)> api;

    public KubernetesPodDiscovery(ExtendedActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        log = Akka.Event.Logging.GetLogger(system, typeof(KubernetesPodDiscovery));
        var config = system.Settings.Config.GetConfig($"akka.discovery.{Method}");
        labelSelector = config.GetString("pod-label-selector", "app={0}");
        podNamespace = NullIfEmpty(config.GetString("pod-namespace", string.Empty));
        apiUrl = NullIfEmpty(config.GetString("api-url", string.Empty));
        api = new Lazy<(Kubernetes, string)>(Connect);
    }

    /// <summary>Whether this process can reach the Kubernetes API: inside a pod, or through <paramref name="apiUrl"/>.</summary>
    public static bool CanReachApi(string? apiUrl) =>
        !string.IsNullOrEmpty(apiUrl) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var (client, ns) = api.Value;
        string selector = string.Format(CultureInfo.InvariantCulture, labelSelector, lookup.ServiceName);
        using var timeout = new CancellationTokenSource(resolveTimeout);
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: timeout.Token).ConfigureAwait(false);
        var targets = new List<ResolvedTarget>();
        foreach (var pod in pods.Items)
        {
            // Only pods that run and are not being deleted can answer a probe.
            if (pod.Status?.Phase != "Running" || pod.Metadata?.DeletionTimestamp is not null || pod.Status.PodIP is not { Length: > 0 } ip)
            {
                continue;
            }

            var address = IPAddress.TryParse(ip, out var parsed) ? parsed : null;
            if (lookup.PortName is null)
            {
                targets.Add(new ResolvedTarget(ip, null, address));
                continue;
            }

            targets.AddRange(
                (pod.Spec?.Containers ?? [])
                    .SelectMany(container => container.Ports ?? [])
                    .Where(port => port.Name == lookup.PortName)
                    .Select(port => new ResolvedTarget(ip, port.ContainerPort, address)));
        }

        if (targets.Count == 0)
        {
            log.Warning(
                "No running pod in namespace {0} with labels {1} has a container port named {2}",
                ns,
                selector,
                lookup.PortName ?? "(any)");
        }

        return new Resolved(lookup.ServiceName, targets);
    }

    private (Kubernetes, string) Connect()
    {
        var configuration = apiUrl is null ? KubernetesClientConfiguration.InClusterConfig() : new KubernetesClientConfiguration { Host = apiUrl };
        return (new Kubernetes(configuration), podNamespace ?? configuration.Namespace ?? "default");
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
