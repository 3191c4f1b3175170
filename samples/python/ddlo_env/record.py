"""Records served episodes as JSON lines: a first line with the spec, then one line per environment and step with the
slot's workload, the decision, the reward and the info. Decisions are random bits (seeded), or given.

    python3 samples/python/ddlo_env/record.py --target 127.0.0.1:50051 --steps 5 --seed 3
    python3 samples/python/ddlo_env/record.py --target 127.0.0.1:50051 --envs 4 --steps 3 --decisions 110011011
"""
import argparse
import json
import math
import os
import random
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ddlo_env.env import DdloEnv  # noqa: E402
from ddlo_env.vector_env import DdloVectorEnv  # noqa: E402


def _number(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--scenario", help="a scenario file on the server's machine")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="key=value (repeatable)")
    parser.add_argument("--envs", type=int, default=1, help="1: DdloEnv; more: DdloVectorEnv")
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--seed", type=int, help="reset seed (environment i of a vector gets seed + i)")
    parser.add_argument("--decisions", default="random", help="'random', or bits per step, comma-separated and cycled")
    parser.add_argument("--unary", action="store_true", help="step with unary calls instead of a StepStream")
    args = parser.parse_args(argv)

    vector = args.envs > 1
    env = (DdloVectorEnv(args.envs, args.target, scenario=args.scenario, overrides=args.overrides, stream=not args.unary) if vector
           else DdloEnv(args.target, scenario=args.scenario, overrides=args.overrides, stream=not args.unary))
    spec = env.spec_ddlo
    print(json.dumps({"spec": {"model": spec.model, "devices": spec.devices, "tasks_per_device": spec.tasks_per_device,
                               "decision_size": spec.decision_size, "objective": spec.objective, "max_steps": spec.max_steps,
                               "oracle": spec.oracle, "envs": args.envs}}))
    bits = random.Random(args.seed)
    given = None if args.decisions == "random" else args.decisions.split(",")
    observations, _ = env.reset(seed=args.seed)
    rows = [list(map(float, o)) for o in observations] if vector else [list(map(float, observations))]
    for t in range(args.steps):
        decisions = [[int(c) for c in given[t % len(given)]] if given else [bits.randint(0, 1) for _ in range(spec.decision_size)]
                     for _ in range(args.envs)]
        if vector:
            observations, rewards, terminated, truncated, infos = env.step(decisions)
            infos = [{key: infos[key][i] for key in ("value", "optimum", "gain_ratio", "slot", "allocation")} for i in range(args.envs)]
        else:
            observation, reward, term, trunc, info = env.step(decisions[0])
            observations, rewards, terminated, truncated, infos = [observation], [reward], [term], [trunc], [info]
        for i in range(args.envs):
            info = infos[i]
            print(json.dumps({"env": i, "step": t, "slot": info["slot"], "workload": rows[i],
                              "decision": "".join(map(str, decisions[i])), "reward": float(rewards[i]),
                              "value": info["value"], "optimum": _number(info["optimum"]),
                              "gain_ratio": _number(info["gain_ratio"]), "allocation": info["allocation"],
                              "terminated": bool(terminated[i]), "truncated": bool(truncated[i])}))
        rows = [list(map(float, o)) for o in observations]
    env.close()


if __name__ == "__main__":
    main()
