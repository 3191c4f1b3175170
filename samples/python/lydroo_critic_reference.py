"""Prices random LyDROO frames with the authors' own critic, for the tests of our exact one.

It imports Algo1_NUM from a checkout of their code (revenol/LyDROO, MIT licence), which this project does not ship,
and writes one CSV row per case: raw channel gains h, data queues Q (Mbit), energy queues Y, the mode x, and their
objective, bits r and energy e per device (V = 20, w = 1.5 for even devices and 1 for odd ones, as their main loop):

    python3 samples/python/lydroo_critic_reference.py PATH/TO/lydroo OUT.csv [CASES]

Channels follow their model: Rician with a line-of-sight share of 0.3 around A_d (c / (4 pi f_c d))^3, A_d = 3,
f_c = 915 MHz, devices 120 m to 255 m away. Needs Debian's python3-scipy.
"""
import csv
import math
import sys

import numpy as np

upstream, out = sys.argv[1], sys.argv[2]
cases = int(sys.argv[3]) if len(sys.argv) > 3 else 200
sys.path.insert(0, upstream)
from ResourceAllocation import Algo1_NUM  # noqa: E402  (their critic)

n, v = 10, 20
weights = [1.5 if i % 2 == 0 else 1 for i in range(n)]
distances = np.linspace(120, 255, n)
mean = 3 * (3e8 / (4 * math.pi * 915e6 * distances)) ** 3
rng = np.random.default_rng(2021)
with open(out, "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow([f"h{i}" for i in range(n)] + [f"q{i}" for i in range(n)] + [f"y{i}" for i in range(n)]
                    + [f"x{i}" for i in range(n)] + ["objective"] + [f"r{i}" for i in range(n)] + [f"e{i}" for i in range(n)])
    for case in range(cases):
        los, scatter = np.sqrt(mean * 0.3), np.sqrt(mean * 0.7 / 2)
        h = (scatter * rng.standard_normal(n) + los) ** 2 + (scatter * rng.standard_normal(n)) ** 2
        q = rng.uniform(0, 30, n) * (rng.random(n) > 0.1)
        y = rng.uniform(0, 60, n) * (rng.random(n) > 0.2)
        mode = (rng.random(n) > 0.5).astype(int)
        value, rate, energy = Algo1_NUM(mode, h * 1e10, weights, q, y, v)
        writer.writerow([repr(float(x)) for x in h] + [repr(float(x)) for x in q] + [repr(float(x)) for x in y]
                        + [int(x) for x in mode] + [repr(float(value))] + [repr(float(x)) for x in rate] + [repr(float(x)) for x in energy])
