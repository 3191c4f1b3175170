using System.Collections.Immutable;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → ReplayMemory: store the kept decision x* for these task sizes.</summary>
public sealed record Remember(SlotId Slot, ImmutableArray<double> Sizes, ImmutableArray<bool> Decision) : IDdloMessage;

/// <summary>EdgeServer → ReplayMemory after the last slot: flush every DNN's training, answers go to ReplyTo.</summary>
public sealed record FlushMemory(Akka.Actor.IActorRef ReplyTo) : IDdloMessage;
