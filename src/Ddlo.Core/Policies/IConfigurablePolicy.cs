namespace Ddlo.Core.Policies;

/// <summary>
/// A policy that takes settings from the scenario: its block <c>ddlo.policies.NAME { ... }</c>, where NAME is the
/// policy's <see cref="IOffloadingPolicy.Name"/>. <see cref="Configure"/> is called once, right after construction and
/// before the first slot, on every node that hosts the policy. Read each setting through the <see cref="PolicyOptions"/> it is given:
/// a missing one takes the default you give, a bad one ends the run before it starts with one line naming the key,
/// and a key you never read is refused as unknown.
/// </summary>
public interface IConfigurablePolicy : IOffloadingPolicy
{
    void Configure(PolicyOptions options);
}
