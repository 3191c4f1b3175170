namespace Ddlo.Hosting.Cluster;

/// <summary>A node could not become a cluster member in time; the message says where it tried and what to check.</summary>
public sealed class ClusterJoinException(string message) : Exception(message);
