"""Remote policies: a Python policy that decides inside a Ddlo.Actors run, beside DDLO and the baselines.

    from ddlo_env.policy_server import serve_policy

    class Greedy:
        name = "greedy-py"

        def decide(self, slot):
            # slot.reports: the N*M task sizes (or channel gains), device-major; slot.context: LyDROO's queues
            return [1 if size > 20 else 0 for size in slot.reports]

    server, port = serve_policy(Greedy(), port=50070)
    server.wait_for_termination()

and then `ddlo simulate --policy ddlo,remote --set remote-policy.address=127.0.0.1:50070` (proto/ddlo_policy.proto).

A policy has `name` (letters, digits, '-' and '_') and `decide(slot)`, which returns N*M bits (ints, bools, bytes or a
numpy array). It may also have `describe(system)`, called with the System it will decide for when a scenario naming
it loads and once per proposer before the run's first slot (raise ValueError to refuse it: the run stops before it
starts with your line), and `learn(outcomes)`: then it learns, and is given each decided slot's Outcome, in slot
order, before it decides the next (those sent with a call that failed are lost). Calls come one at a time.
"""
import collections
import threading
from concurrent import futures

import grpc

from ddlo_env import ddlo_policy_pb2 as pb
from ddlo_env import ddlo_policy_pb2_grpc as rpc
from ddlo_env.client import decision_bytes

System = collections.namedtuple(
    "System", "model devices tasks_per_device objective context_features seed proposer scenario")
System.__doc__ = """What a run tells a policy before its first slot: the model (mumt, wpmec, lydroo), N and M, the
objective ("minimise" or "maximise"), the context values per device, the proposer's seed and index, and the scenario."""

Slot = collections.namedtuple("Slot", "reports context devices tasks_per_device")
Slot.__doc__ = """One slot to decide: its N*M reports (device-major) and context (feature-major), with N and M."""

Outcome = collections.namedtuple("Outcome", "slot reports context decision value allocation optimum proposed")
Outcome.__doc__ = """One decided slot: its index and reports, the decision taken (a tuple of 0/1), its value under the
exact allocation (MUMT's cost Q, WPMEC's rate, LyDROO's drift-plus-penalty objective), each device's allocation, the slot's optimum (NaN when the run does not
score), and whether the decision was this policy's own."""


def _outcome(message):
    return Outcome(message.slot, tuple(message.reports), tuple(message.context), tuple(message.decision),
                   message.value, tuple(message.allocation), message.optimum, message.proposed)


def _one_line(error):
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")


class _Servicer(rpc.PolicyServicer):
    def __init__(self, policy):
        self._policy = policy
        self._lock = threading.Lock()
        self._system = None
        self.decided = 0
        self.learned = 0

    @property
    def _learns(self):
        return callable(getattr(self._policy, "learn", None))

    def Describe(self, request, context):
        system = System(request.model, request.devices, request.tasks_per_device, request.objective,
                        request.context_features, request.seed, request.proposer, request.scenario)
        with self._lock:
            describe = getattr(self._policy, "describe", None)
            if callable(describe):
                try:
                    describe(system)
                except ValueError as refusal:
                    context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(refusal).splitlines()[0])
            self._system = system
        return pb.DescribeReply(name=self._policy.name, learns=self._learns)

    def Decide(self, request, context):
        return self._decide(request, context)

    def DecideStream(self, request_iterator, context):
        for request in request_iterator:
            yield self._decide(request, context)

    def _decide(self, request, context):
        with self._lock:
            if self._system is None:
                context.abort(grpc.StatusCode.FAILED_PRECONDITION, "Decide before Describe: the run did not say its system.")
            self._learn(request.outcomes, context)
            slot = Slot(tuple(request.reports), tuple(request.context), self._system.devices, self._system.tasks_per_device)
            try:
                bits = decision_bytes(self._policy.decide(slot))
            except Exception as error:  # the policy's own failure: the run declines the slot and goes on
                context.abort(grpc.StatusCode.INTERNAL, f"decide raised {_one_line(error)}")
            self.decided += 1
        return pb.DecideReply(decision=bits)

    def Learn(self, request, context):
        with self._lock:
            self._learn(request.outcomes, context)
        return pb.LearnReply()

    def _learn(self, outcomes, context):
        if not outcomes or not self._learns:
            return
        try:
            self._policy.learn([_outcome(o) for o in outcomes])
        except Exception as error:
            context.abort(grpc.StatusCode.INTERNAL, f"learn raised {_one_line(error)}")
        self.learned += len(outcomes)


def serve_policy(policy, port=50070, host="127.0.0.1"):
    """Serves `policy` on host:port (port 0: any free one); returns (server, port) once it listens.

    The server's `servicer` counts the slots it decided and the outcomes it learned (`decided`, `learned`)."""
    if not getattr(policy, "name", None) or not callable(getattr(policy, "decide", None)):
        raise TypeError("a policy needs a name and a decide(slot) method")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=[("grpc.so_reuseport", 0)])
    servicer = _Servicer(policy)
    rpc.add_PolicyServicer_to_server(servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"cannot listen on {host}:{port}")
    server.servicer = servicer
    server.start()
    return server, bound
