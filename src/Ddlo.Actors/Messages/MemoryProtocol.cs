using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → ReplayMemory: store the kept decision x* for this workload.</summary>
internal sealed record Remember(SlotId Slot, Workload Workload, ImmutableArray<bool> Decision) : IDdloMessage;

/// <summary>EdgeServer → ReplayMemory after the last slot: flush every DNN's training, answers go to ReplyTo.</summary>
internal sealed record FlushMemory(IActorRef ReplyTo) : IDdloMessage;
