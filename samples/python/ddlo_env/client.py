"""The gRPC client of `ddlo serve`: one channel (one HTTP/2 connection), which owns the environments it creates.

Closing the client (or the process ending) closes the connection, and the server frees its environments.
Refusals arrive as grpc.RpcError, whose code() is INVALID_ARGUMENT or FAILED_PRECONDITION and details() one line.
"""
import queue

import grpc

from ddlo_env import ddlo_env_pb2 as pb
from ddlo_env import ddlo_env_pb2_grpc as rpc

# A connection that goes idle must not be closed by the channel: the environments live as long as it does.
_CHANNEL_OPTIONS = [
    ("grpc.client_idle_timeout_ms", 2**31 - 1),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ("grpc.enable_http_proxy", 0),
]

_END = object()


def decision_bytes(decisions):
    """Bits (0/1 ints, bools, or a numpy array) as the one byte per bit that StepRequest.decisions carries."""
    if isinstance(decisions, (bytes, bytearray)):
        return bytes(decisions)
    astype = getattr(decisions, "astype", None)
    if astype is not None:
        return astype("uint8").tobytes()
    return bytes(int(bit) for bit in decisions)


class StepStream:
    """Steps over one bidirectional stream: a request and its reply, in order, with the lowest latency."""

    def __init__(self, stub):
        self._requests = queue.SimpleQueue()
        self._replies = stub.StepStream(iter(self._requests.get, _END))
        self.closed = False

    def step(self, ids, decisions):
        """One StepReply; a refusal raises grpc.RpcError and ends the stream (open another)."""
        self._requests.put(pb.StepRequest(ids=ids, decisions=decision_bytes(decisions)))
        try:
            return next(self._replies)
        except grpc.RpcError:
            self.closed = True
            raise

    def close(self):
        if not self.closed:
            self.closed = True
            self._requests.put(_END)
            for _ in self._replies:
                pass


class DdloClient:
    """Create, reset, step and close environments on one `ddlo serve` server."""

    def __init__(self, target="127.0.0.1:50051", timeout=None):
        self.target = target
        self.timeout = timeout
        self.channel = grpc.insecure_channel(target, options=_CHANNEL_OPTIONS)
        self.stub = rpc.EnvironmentsStub(self.channel)
        self._stream = None

    def create(self, count=1, scenario=None, hocon=None, overrides=()):
        """Opens `count` environments: (ids, spec). `scenario` is a file on the server's machine, `hocon` scenario
        text; neither gives the server's scenario. `overrides` are `key=value` pairs as `ddlo --set` takes them."""
        reply = self.stub.CreateEnvironments(
            pb.CreateRequest(scenario_file=scenario or "", scenario_hocon=hocon or "", overrides=list(overrides), count=count),
            timeout=self.timeout)
        return list(reply.ids), reply.spec

    def reset(self, ids, seeds=None):
        """First observations, observation_size values per environment, flat. A seed per id, or none."""
        reply = self.stub.Reset(pb.ResetRequest(ids=ids, seeds=list(seeds) if seeds is not None else []), timeout=self.timeout)
        return reply.observations

    def step(self, ids, decisions):
        """One unary Step: a StepReply, each array with one entry (or block) per id, in order."""
        return self.stub.Step(pb.StepRequest(ids=ids, decisions=decision_bytes(decisions)), timeout=self.timeout)

    def price(self, ids, candidates, decisions):
        """The values of `candidates` decisions per id on each environment's current slot, without moving it: a flat
        list, `candidates` values per id. `decisions` holds them all, candidate after candidate, id after id."""
        return self.stub.Price(pb.PriceRequest(ids=ids, candidates=candidates, decisions=decision_bytes(decisions)),
                               timeout=self.timeout).values

    def stream(self):
        """The client's StepStream, opened again after a refusal ended it."""
        if self._stream is None or self._stream.closed:
            self._stream = StepStream(self.stub)
        return self._stream

    def close_environments(self, ids):
        return self.stub.CloseEnvironments(pb.CloseRequest(ids=ids), timeout=self.timeout).closed

    def close(self):
        """Closes the connection: the server frees every environment this client created."""
        if self._stream is not None:
            self._stream.closed = True
            self._stream._requests.put(_END)
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
