#!/usr/bin/env python3
"""DDLO (Huang et al.) in PyTorch: K networks propose offloading decisions, the cheapest is kept and remembered, and
every network trains on the shared memory. Trains on generated workloads, scores the published data set, and exports
each network as an ONNX model in Ddlo.Actors' contract:

    input  float32 [batch, N*M]  raw task sizes in MB (the normalisation is part of the model)
    output float32 [batch, N*M]  logits; a task is offloaded where its logit is > 0

Usage (Debian: apt-get install python3-torch):
    python3 samples/python/train_ddlo.py --out samples/python/models
    python3 samples/python/train_ddlo.py --bench --steps 20000   # only the learning loop, timed: the PyTorch peer
    ./run.sh evaluate --scenario hocon/scenarios/ddlo-reference.conf --dataset samples/data/ddlo-mumt-3x3.csv \
        --policy onnx --set 'onnx.models=["samples/python/models/ddlo-k0.onnx", ...]'

It writes expected.json: the mean gain ratio q_opt / Q on the data set that these networks reach here, which the
simulator must reproduce. The system is the published data set's (hocon/scenarios/ddlo-reference.conf): 3 devices x 3
tasks, 100 Mbit/s split equally, the paper's energy and time constants. Written for Ddlo.Actors from the paper and
docs/design; not the authors' code.
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import torch
from torch import nn

N, M = 3, 3
TASKS = N * M
BITS_PER_MB = 8.0 * 1024 * 1024
LOCAL_ENERGY, LOCAL_TIME = 3.25e-7, 4.75e-7          # J/bit, s/bit
TRANSMIT_ENERGY, ALPHA, BETA = 1.42e-7, 1.5e-7, 1.0   # J/bit, J/bit, J/s
EDGE_CYCLES, EDGE_CLOCK = 1900.0, 10e9                # cycles/bit, Hz
UPLINK_MBPS = 100.0
MIN_MB, MAX_MB = 10, 30


def utility(sizes, decision):
    """Q of one workload (N*M sizes in MB) and decision (N*M 0/1), with the uplink split equally among devices."""
    share = UPLINK_MBPS / 8.0 / N  # MB/s per device
    q = 0.0
    for n in range(N):
        energy = local = uploaded = edge = 0.0
        for m in range(M):
            d = float(sizes[n * M + m])
            if decision[n * M + m]:
                energy += d * BITS_PER_MB * (TRANSMIT_ENERGY + ALPHA)
                uploaded += d
                edge += d * BITS_PER_MB * EDGE_CYCLES / EDGE_CLOCK
            else:
                energy += d * BITS_PER_MB * LOCAL_ENERGY
                local += d * BITS_PER_MB * LOCAL_TIME
        delay = max(local, uploaded / share + edge) if uploaded > 0 else local
        q += energy + BETA * delay
    return q


class Network(nn.Module):
    """The paper's network, N*M -> 120 -> 80 -> N*M, with the sizes scaled to [-1, 1] inside it."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(TASKS, 120), nn.ReLU(), nn.Linear(120, 80), nn.ReLU(), nn.Linear(80, TASKS))

    def forward(self, sizes):
        scaled = (sizes - MIN_MB) / (MAX_MB - MIN_MB) * 2.0 - 1.0
        return self.layers(scaled)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="samples/python/models")
    parser.add_argument("--dataset", default="samples/data/ddlo-mumt-3x3.csv")
    parser.add_argument("--dnns", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bench", action="store_true",
                        help="time the learning loop and print its steps/s as JSON; no data set, no export")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(args.seed)
    networks = [Network() for _ in range(args.dnns)]
    optimizers = [torch.optim.Adam(net.parameters(), lr=0.01, betas=(0.09, 0.999)) for net in networks]
    memory_size, batch, interval, warmup = 1024, 128, 10, 512
    memory_x = np.zeros((memory_size, TASKS), dtype=np.float32)
    memory_y = np.zeros((memory_size, TASKS), dtype=np.float32)
    loss_fn = nn.BCEWithLogitsLoss()

    started = time.perf_counter()
    for step in range(args.steps):
        sizes = rng.integers(MIN_MB, MAX_MB + 1, TASKS).astype(np.float32)
        with torch.no_grad():
            logits = [net(torch.from_numpy(sizes)[None, :])[0].numpy() for net in networks]
        candidates = [(logit > 0).astype(np.float32) for logit in logits]
        best = min(candidates, key=lambda x: utility(sizes, x))
        memory_x[step % memory_size] = sizes
        memory_y[step % memory_size] = best
        if step + 1 >= warmup and (step + 1) % interval == 0:
            filled = min(step + 1, memory_size)
            for net, optimizer in zip(networks, optimizers):
                rows = rng.integers(0, filled, batch)
                optimizer.zero_grad()
                loss = loss_fn(net(torch.from_numpy(memory_x[rows])), torch.from_numpy(memory_y[rows]))
                loss.backward()
                optimizer.step()

    if args.bench:
        seconds = time.perf_counter() - started
        print(json.dumps({"peer": "pytorch", "dnns": args.dnns, "steps": args.steps, "seconds": seconds,
                          "steps_per_second": args.steps / seconds, "torch": torch.__version__}))
        return

    # The published data set: the mean of q_opt / Q over its rows, for the cheapest proposal of each row.
    with open(args.dataset, newline="") as file:
        rows = list(csv.DictReader(file))
    sizes = np.array([[float(r[f"d{i}"]) for i in range(TASKS)] for r in rows], dtype=np.float32)
    with torch.no_grad():
        logits = [net(torch.from_numpy(sizes)).numpy() for net in networks]
    gains = []
    for i, row in enumerate(rows):
        q = min(utility(sizes[i], (logit[i] > 0)) for logit in logits)
        gains.append(float(row["q_opt"]) / q)
    mean_gain = float(np.mean(gains))
    print(f"mean gain ratio on {args.dataset} ({len(rows)} rows): {mean_gain:.12f}")

    os.makedirs(args.out, exist_ok=True)
    files = []
    for k, net in enumerate(networks):
        path = os.path.join(args.out, f"ddlo-k{k}.onnx")
        torch.onnx.export(
            net.eval(), torch.zeros(1, TASKS), path, input_names=["sizes"], output_names=["logits"],
            dynamic_axes={"sizes": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
        files.append(os.path.basename(path))
    with open(os.path.join(args.out, "expected.json"), "w") as file:
        json.dump({"dataset": args.dataset, "rows": len(rows), "mean_gain_ratio": mean_gain, "models": files,
                   "torch": torch.__version__, "command": "python3 samples/python/train_ddlo.py --out " + args.out}, file, indent=2)


if __name__ == "__main__":
    main()
