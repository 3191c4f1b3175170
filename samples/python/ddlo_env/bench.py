"""Measures a served environment from Python: one environment's step round trip (p50, p99), unary and over the
stream, and environment-steps per second with 64 environments stepped per call; each scored as the scenario says
(the exhaustive Q* at 3x3) and unscored (run.score-against-optimum=off). Start the server first:

    ./run.sh serve --port 50051 &
    python3 samples/python/ddlo_env/bench.py --target 127.0.0.1:50051
"""
import argparse
import json
import os
import random
import statistics
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ddlo_env.client import DdloClient  # noqa: E402
from ddlo_env.spaces import array  # noqa: E402


def latency(client, ids, decisions, steps, stream):
    step = client.stream().step if stream else client.step
    times = []
    for t in range(steps):
        start = time.perf_counter()
        reply = step(ids, decisions[t % len(decisions)])
        array(reply.observations)
        times.append(time.perf_counter() - start)
    times.sort()
    return {"p50_us": round(times[len(times) // 2] * 1e6, 1), "p99_us": round(times[int(len(times) * 0.99)] * 1e6, 1)}


def throughput(client, ids, decisions, calls, stream):
    step = client.stream().step if stream else client.step
    start = time.perf_counter()
    for t in range(calls):
        reply = step(ids, decisions[t % len(decisions)])
        array(reply.observations)
        array(reply.rewards)
    return round(calls * len(ids) / (time.perf_counter() - start))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--steps", type=int, default=5000, help="single-environment steps timed")
    parser.add_argument("--calls", type=int, default=500, help="64-environment calls timed")
    parser.add_argument("--envs", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the median is reported")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    bits = random.Random(1)
    results = {}
    with DdloClient(args.target) as client:
        for label, overrides in (("scored", ["run.steps=100000000"]), ("unscored", ["run.steps=100000000", "run.score-against-optimum=off"])):
            one, spec = client.create(1, overrides=overrides)
            many, _ = client.create(args.envs, overrides=overrides)
            client.reset(one, [1])
            client.reset(many, list(range(1, args.envs + 1)))
            size = spec.decision_size
            singles = [bytes(bits.randint(0, 1) for _ in range(size)) for _ in range(64)]
            batches = [bytes(bits.randint(0, 1) for _ in range(size * args.envs)) for _ in range(16)]
            latency(client, one, singles, 200, stream=False)
            latency(client, one, singles, 200, stream=True)
            throughput(client, many, batches, 20, stream=False)
            runs = {"unary": [], "stream": []}
            rates = {"unary": [], "stream": []}
            for _ in range(args.repeat):
                for mode in ("unary", "stream"):
                    runs[mode].append(latency(client, one, singles, args.steps, stream=mode == "stream"))
                    rates[mode].append(throughput(client, many, batches, args.calls, stream=mode == "stream"))
            results[label] = {
                "oracle": spec.oracle or "off",
                "one_env_step": {mode: {"p50_us": statistics.median(r["p50_us"] for r in runs[mode]),
                                        "p99_us": statistics.median(r["p99_us"] for r in runs[mode])} for mode in runs},
                f"{args.envs}_envs_per_call_env_steps_per_s": {mode: statistics.median(rates[mode]) for mode in rates},
            }
            client.close_environments(one + many)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    for label, r in results.items():
        one = r["one_env_step"]
        rate = r[f"{args.envs}_envs_per_call_env_steps_per_s"]
        print(f"{label} (Q* by {r['oracle']}): one environment p50 {one['unary']['p50_us']} us unary, {one['stream']['p50_us']} us stream "
              f"(p99 {one['unary']['p99_us']} / {one['stream']['p99_us']} us); {args.envs} per call {rate['unary']:,} env-steps/s unary, "
              f"{rate['stream']:,} stream")


if __name__ == "__main__":
    main()
