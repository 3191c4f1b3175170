#!/usr/bin/env python3
"""A PyTorch DROO-style learner trained through `ddlo serve`: one DNN, order-preserving candidates priced by the
environment, the best one stepped and stored, the network trained on its own best decisions (Huang, Bi and Zhang's
DROO; DDLO's learner with K = 1).

    ./run.sh serve --port 50051 &
    python3 samples/python/droo_agent.py --target 127.0.0.1:50051 --steps 20000

Each slot: the network maps the slot's task sizes to N*M offloading probabilities; the order-preserving quantiser
makes --candidates decisions from them (--quantiser noisy adds as many from the probabilities plus N(0, 1) noise, as
LyDROO); the environment prices them all on the slot (Price), the agent steps with the best and stores (sizes, best)
in a FIFO replay memory; every --interval slots, after --warmup stored, one Adam step on a batch of --batch from it.
The defaults are the C# learner's (ddlo.learning in reference.conf, with dnn-count = 1 and the quantiser and count
given here): 120-80 ReLU layers, sizes mapped from [10, 30] MB onto [-100, 100], Adam with lr 0.01 and beta1 0.09,
weights ~ N(0, 1/inputs) and biases 0, memory 1024, batch 128, every 10th slot, from 512 stored.

It prints one JSON line: the gain over the last 20 % of the training slots (as `ddlo simulate` reports its
gain_ratio), then the test gain: --test-steps new slots (seed --test-seed) decided by the trained network, frozen,
with the same candidates, against the exhaustive optimum. Needs python3-torch, python3-grpcio, python3-protobuf.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ddlo_env import DdloEnv  # noqa: E402


def order_preserving(logits, count):
    """DROO's quantiser on logits (probability 0.5 = logit 0): the threshold decision, then one per output closest
    to 0.5, thresholding at it (ties to the lower index), as the C# CandidateQuantiser does."""
    width = logits.shape[0]
    candidates = [(logits > 0).to(torch.uint8)]
    order = sorted(range(width), key=lambda i: (abs(float(logits[i])), i))
    for k in range(1, min(count, width)):
        pivot = logits[order[k - 1]]
        candidates.append((logits > pivot if pivot > 0 else logits >= pivot).to(torch.uint8))
    return candidates


def noisy(logits, count, generator):
    """LyDROO's second half: the probabilities plus N(0, 1) noise, quantised in the same order-preserving way."""
    noise = torch.randn(logits.shape, generator=generator, dtype=torch.float64).to(logits.dtype)
    return order_preserving(torch.sigmoid(logits) + noise - 0.5, count)


class Network(torch.nn.Module):
    def __init__(self, inputs, hidden, outputs, generator):
        super().__init__()
        layers, width = [], inputs
        for size in hidden + [outputs]:
            layer = torch.nn.Linear(width, size)
            with torch.no_grad():
                layer.weight.normal_(0.0, (1.0 / width) ** 0.5, generator=generator)
                layer.bias.zero_()
            layers += [layer, torch.nn.ReLU()]
            width = size
        self.layers = torch.nn.Sequential(*layers[:-1])

    def forward(self, x):
        return self.layers(x)


class Agent:
    def __init__(self, args, tasks):
        self.args = args
        self.generator = torch.Generator().manual_seed(args.seed)
        self.network = Network(tasks, args.hidden, tasks, self.generator)
        self.optimiser = torch.optim.Adam(self.network.parameters(), lr=args.lr, betas=(args.beta1, 0.999))
        self.loss = torch.nn.BCEWithLogitsLoss()
        self.inputs = torch.zeros(args.memory, tasks)
        self.targets = torch.zeros(args.memory, tasks)
        self.stored = 0
        self.rounds = 0

    def normalise(self, sizes):
        lo, hi, scale = self.args.min_mb, self.args.max_mb, self.args.input_scale
        return (torch.tensor(sizes, dtype=torch.float32) - lo) / (hi - lo) * (2 * scale) - scale

    def candidates(self, x):
        with torch.no_grad():
            logits = self.network(x)
        found = order_preserving(logits, self.args.candidates)
        if self.args.quantiser == "noisy":
            found += noisy(logits, self.args.candidates, self.generator)
        return found

    def remember(self, x, decision):
        at = self.stored % self.args.memory
        self.inputs[at] = x
        self.targets[at] = decision.float()
        self.stored += 1
        if self.stored >= self.args.warmup and self.stored % self.args.interval == 0:
            self.train()

    def train(self):
        rows = torch.randint(0, min(self.stored, self.args.memory), (self.args.batch,), generator=self.generator)
        self.optimiser.zero_grad()
        loss = self.loss(self.network(self.inputs[rows]), self.targets[rows])
        loss.backward()
        self.optimiser.step()
        self.rounds += 1


def best(env, candidates, minimise):
    values = env.price(candidates)
    pick = min if minimise else max
    index = pick(range(len(values)), key=lambda i: values[i])
    return candidates[index]


def run(env, agent, steps, seed, minimise, learn):
    observation, _ = env.reset(seed=seed)
    gains = []
    for _ in range(steps):
        x = agent.normalise(observation)
        decision = best(env, agent.candidates(x), minimise)
        observation, _, _, truncated, info = env.step(decision.numpy())
        gains.append(info["gain_ratio"])
        if learn:
            agent.remember(x, decision)
        if truncated:
            observation, _ = env.reset()
    return gains


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051", help="a `ddlo serve` server (its scenario: MUMT, scored)")
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--test-steps", type=int, default=2000)
    parser.add_argument("--test-seed", type=int, default=1001)
    parser.add_argument("--candidates", type=int, default=9, help="order-preserving candidates (at most N*M)")
    parser.add_argument("--quantiser", choices=("order-preserving", "noisy"), default="order-preserving")
    parser.add_argument("--hidden", type=int, nargs="+", default=[120, 80])
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--beta1", type=float, default=0.09)
    parser.add_argument("--memory", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--interval", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=512)
    parser.add_argument("--min-mb", type=float, default=10.0)
    parser.add_argument("--max-mb", type=float, default=30.0)
    parser.add_argument("--input-scale", type=float, default=100.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    overrides = [f"run.steps={max(args.steps, args.test_steps)}"]
    train_env = DdloEnv(args.target, overrides=overrides)
    spec = train_env.spec_ddlo
    if spec.model != "mumt" or not spec.oracle:
        sys.exit(f"droo_agent.py: needs a scored MUMT scenario; the server's is {spec.model}, oracle '{spec.oracle or 'off'}'.")
    minimise = spec.objective == "minimise"
    agent = Agent(args, spec.decision_size)

    started = time.perf_counter()
    gains = run(train_env, agent, args.steps, args.seed, minimise, learn=True)
    trained = time.perf_counter() - started
    agent.network.eval()
    test = run(DdloEnv(args.target, overrides=overrides, client=train_env.client), agent, args.test_steps, args.test_seed, minimise, learn=False)
    tail = gains[int(len(gains) * 0.8):]
    print(json.dumps({
        "scenario": spec.scenario, "devices": spec.devices, "tasks_per_device": spec.tasks_per_device,
        "candidates": len(agent.candidates(agent.normalise([args.min_mb] * spec.decision_size))),
        "quantiser": args.quantiser, "steps": args.steps, "seed": args.seed, "oracle": spec.oracle,
        "train_tail_gain": sum(tail) / len(tail) if tail else None, "test_gain": sum(test) / len(test),
        "test_steps": len(test), "training_rounds": agent.rounds, "steps_per_second": args.steps / trained if args.steps else None,
    }))


if __name__ == "__main__":
    main()
