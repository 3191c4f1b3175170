"""Runs the LyDROO authors' own Python on this machine, for the side-by-side figures in the README.

It imports their modules from a checkout of their code (revenol/LyDROO, MIT licence), which this project does not
ship, and drives their loop (LyDROO.py's main block: N = 10, V = 20, 3 Mbit/frame, 0.08 J budget, OPN decoder,
K adapted every 32 frames) for as many frames as asked, seeding NumPy and PyTorch:

    python3 samples/python/run_upstream_lydroo.py PATH/TO/lydroo FRAMES SEED OUT.csv

Needs Debian's python3-torch and python3-scipy. Writes one row per frame (frame, mean data queue in Mbit, mean
energy queue, mean energy in J, mean arrivals and service in Mbit, objective) and prints the time per frame.
"""
import math
import sys
import time

import numpy as np
import torch

upstream, frames, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, upstream)
from memory import MemoryDNN  # noqa: E402  (their DNN, memory and decoders)
from ResourceAllocation import Algo1_NUM  # noqa: E402  (their critic)
from LyDROO import racian_mec  # noqa: E402  (their channel)

np.random.seed(seed)
torch.manual_seed(seed)
N, K, delta, chfact, nu, V = 10, 10, 32, 1e10, 1000, 20
budget = np.ones(N) * 0.08
w = [1.5 if i % 2 == 0 else 1 for i in range(N)]
arrival_mean = 3 * np.ones(N)
distances = np.linspace(120, 255, N)
h0 = np.array([3 * (3e8 / 4 / math.pi / 915e6 / d) ** 3 for d in distances])
mem = MemoryDNN(net=[N * 3, 256, 128, N], learning_rate=0.01, training_interval=20, batch_size=128, memory_size=1024)

Q, Y = np.zeros((frames, N)), np.zeros((frames, N))
arrivals, rate, energy, objective = np.zeros((frames, N)), np.zeros((frames, N)), np.zeros((frames, N)), np.zeros(frames)
k_idx = []
start = time.perf_counter()
for i in range(frames):
    if i > 0 and i % delta == 0:
        K = min(max(np.array(k_idx[-delta:-1]) % K) + 2, N)
    h = racian_mec(h0, 0.3) * chfact
    arrivals[i] = np.random.exponential(arrival_mean)
    if i > 0:
        Q[i] = np.maximum(Q[i - 1] + arrivals[i - 1] - rate[i - 1], 0)
        Y[i] = np.maximum(Y[i - 1] + (energy[i - 1] - budget) * nu, 0)
    x = np.concatenate((h, Q[i] / 10000, Y[i] / 10000))
    modes = mem.decode(x, K, "OPN")
    results = [Algo1_NUM(m, h, w, Q[i], Y[i], V) for m in modes]
    best = int(np.argmax([r[0] for r in results]))
    k_idx.append(best)
    mem.encode(x, modes[best])
    objective[i], rate[i], energy[i] = results[best]
per_frame = (time.perf_counter() - start) / frames

with open(out, "w") as f:
    f.write("frame,mean_data_queue,mean_energy_queue,mean_energy,mean_arrivals,mean_service,objective\n")
    for i in range(frames):
        f.write(f"{i},{Q[i].mean()!r},{Y[i].mean()!r},{energy[i].mean()!r},{arrivals[i].mean()!r},{rate[i].mean()!r},{objective[i]!r}\n")
print(f"LyDROO frame: {per_frame * 1e3:.3f} ms over {frames} frames (seed {seed})")
