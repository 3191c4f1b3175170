#!/usr/bin/env python3
"""A remote policy that decides inside `ddlo simulate`, beside DDLO and the baselines, and learns as it goes.

    python3 samples/python/remote_policy.py --port 50070 &
    ./run.sh simulate --policy ddlo,remote --set remote-policy.address=127.0.0.1:50070

It offloads a task when its report (MUMT: task size; WPMEC: channel gain) exceeds c times the slot's mean report,
and learns c online: an epsilon-greedy bandit over a grid of c, rewarded by each slot's outcome (-Q, or the rate).
With --fixed C it always uses C and does not learn. Pure Python: it needs only python3-grpcio and python3-protobuf.

It prints "serving NAME on HOST:PORT" once it listens, serves until Ctrl-C or SIGTERM (or, with --stop-on-stdin-eof,
until its standard input closes: how the tests stop it), then prints "decided D learned L" and exits. --exit-after D
exits after D decisions, --delay-ms T pauses before each (to see what a policy that is gone or slow costs a run).
"""
import argparse
import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ddlo_env.policy_server import serve_policy  # noqa: E402

GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, float("inf"))


class ThresholdBandit:
    """Offload what is above c times the mean; c chosen by an epsilon-greedy bandit over GRID."""

    def __init__(self, name, fixed=None, epsilon=0.1, seed=1, models=None):
        self.name = name
        self.models = models
        self.fixed = fixed
        self.epsilon = epsilon
        self.random = random.Random(seed)
        self.sign = -1.0
        self.totals = [0.0] * len(GRID)
        self.counts = [0] * len(GRID)
        self.arms = {}
        if fixed is not None:
            self.learn = None  # a fixed threshold does not learn: the run sends it no outcomes

    def describe(self, system):
        if self.models and system.model not in self.models:
            raise ValueError(f"{self.name} serves {', '.join(self.models)} only, not {system.model}")
        if system.objective not in ("minimise", "maximise"):
            raise ValueError(f"cannot serve the objective '{system.objective}'")
        self.sign = -1.0 if system.objective == "minimise" else 1.0
        self.random.seed(system.seed)

    def decide(self, slot):
        arm = self._arm()
        if self.fixed is None:
            # Outcomes come back by their reports; one that never does (a declined slot) is dropped after a while.
            if len(self.arms) >= 10000:
                self.arms.pop(next(iter(self.arms)))
            self.arms[slot.reports] = arm
        c = self.fixed if self.fixed is not None else GRID[arm]
        mean = sum(slot.reports) / len(slot.reports)
        return [1 if report > c * mean else 0 for report in slot.reports]

    def learn(self, outcomes):
        for outcome in outcomes:
            arm = self.arms.pop(outcome.reports, None)
            if arm is not None and outcome.proposed:
                self.totals[arm] += self.sign * outcome.value
                self.counts[arm] += 1

    def _arm(self):
        if self.fixed is not None:
            return -1
        untried = [a for a, n in enumerate(self.counts) if n == 0]
        if untried:
            return untried[0]
        if self.random.random() < self.epsilon:
            return self.random.randrange(len(GRID))
        return max(range(len(GRID)), key=lambda a: self.totals[a] / self.counts[a])


class Faulty:
    """Wraps a policy: pauses before each decision, and exits the process after so many."""

    def __init__(self, policy, delay_ms, exit_after):
        self.policy = policy
        self.name = policy.name
        self.delay = delay_ms / 1000.0
        self.left = exit_after
        if getattr(policy, "learn", None) is not None:
            self.learn = policy.learn

    def describe(self, system):
        self.policy.describe(system)

    def decide(self, slot):
        if self.left is not None:
            if self.left == 0:
                os._exit(0)  # gone, as a crashed process is: no reply, the connection drops
            self.left -= 1
        if self.delay:
            time.sleep(self.delay)
        return self.policy.decide(slot)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=50070, help="0: any free port (printed)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--name", default="threshold-bandit", help="the policy's name in results")
    parser.add_argument("--fixed", type=float, help="always offload above this many times the mean; no learning")
    parser.add_argument("--epsilon", type=float, default=0.1)
    parser.add_argument("--models", help="the system models it serves, comma-separated (others are refused)")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--exit-after", type=int)
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help="stop when standard input closes")
    args = parser.parse_args()

    policy = ThresholdBandit(args.name, args.fixed, args.epsilon, models=args.models.split(",") if args.models else None)
    if args.delay_ms or args.exit_after is not None:
        policy = Faulty(policy, args.delay_ms, args.exit_after)
    server, port = serve_policy(policy, args.port, args.host)
    print(f"serving {policy.name} on {args.host}:{port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.stop_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    server.stop(grace=1).wait()
    print(f"decided {server.servicer.decided} learned {server.servicer.learned}", flush=True)


if __name__ == "__main__":
    main()
