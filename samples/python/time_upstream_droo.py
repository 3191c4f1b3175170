"""Times the DROO authors' own Python on this machine, for the side-by-side figures in the README.

It imports their modules from a checkout of their code (revenol/DROO, MIT licence), which this project does not
ship, and runs their loop on our copy of their data set:

    python3 samples/python/time_upstream_droo.py PATH/TO/droo samples/data/droo-wpmec-10.csv.gz [FRAMES]

Needs Debian's python3-torch and python3-scipy. Prints the time of one allocation (their bisection) and of one
DROO frame (decode up to K modes, price each by bisection, remember and train), as their mainPyTorch.py does it.
"""
import gzip
import sys
import time

import numpy as np

upstream, data = sys.argv[1], sys.argv[2]
frames = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
sys.path.insert(0, upstream)
from memoryPyTorch import MemoryDNN  # noqa: E402  (their DNN and memory)
from optimization import bisection  # noqa: E402  (their allocation)

with gzip.open(data, "rt") if data.endswith(".gz") else open(data) as f:
    table = np.loadtxt(f, delimiter=",", skiprows=1)
n = 10
channel, rate, modes = table[:, :n], table[:, n], table[:, n + 1:2 * n + 1]

start = time.perf_counter()
for i in range(200):
    bisection(channel[i], modes[i])
per_allocation = (time.perf_counter() - start) / 200

# Their main loop (mainPyTorch.py): K starts at N and adapts every Delta frames; training every 10 frames.
mem = MemoryDNN(net=[n, 120, 80, n], learning_rate=0.01, training_interval=10, batch_size=128, memory_size=1024)
h_scaled = channel * 1e6
k, delta, k_idx, ratios, priced = n, 32, [], [], 0
start = time.perf_counter()
for i in range(frames):
    if i > 0 and i % delta == 0:
        k = min(max(k_idx[-delta:-1]) + 2, n)
    h = h_scaled[i % len(h_scaled)]
    candidates = mem.decode(h, k, "OP")
    rates = [bisection(h / 1e6, m)[0] for m in candidates]
    priced += len(candidates)
    mem.encode(h, candidates[int(np.argmax(rates))])
    k_idx.append(int(np.argmax(rates)))
    ratios.append(max(rates) / rate[i % len(rate)])
per_frame = (time.perf_counter() - start) / frames

print(f"allocation (bisection): {per_allocation * 1e3:.3f} ms")
print(f"DROO frame: {per_frame * 1e3:.3f} ms over {frames} frames, {priced / frames:.2f} modes priced per frame, "
      f"mean normalised rate {np.mean(ratios):.4f}")
