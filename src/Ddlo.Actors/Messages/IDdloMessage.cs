namespace Ddlo.Actors.Messages;

/// <summary>
/// Marks the protocol messages that may cross nodes. They are bound to <c>DdloMessageSerializer</c>, a compact
/// binary format, instead of Akka's default JSON serializer.
/// </summary>
internal interface IDdloMessage;
