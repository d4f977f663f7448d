"""bench/run mpi: the one-process fit and mpirun -np P of the same file, from the files the case
left (per-rank /usr/bin/time -v reports, Open MPI's pml monitoring files, the JSON outputs), and
the cost model they give, projected to 64 nodes and 1 TB (a projection, marked as one).

Usage: mpi_cost.py TMP FILE_BYTES TARGETS P...
"""
import glob
import json
import math
import sys

import benchlib

tmp, size, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3]
counts = [int(p) for p in sys.argv[4:]]
GB = 1e9


def sent(p):
    """Bytes each rank sent (pml monitoring: point-to-point messages, the collectives' included)."""
    out = {}
    for path in glob.glob(f"{tmp}/prof{p}.*.prof"):
        for line in open(path):
            parts = line.split("\t")
            if parts[0] == "I":
                out[int(parts[1])] = out.get(int(parts[1]), 0) + int(parts[3].split()[0])
    return out


one_wall, one_rss = benchlib.time_v(f"{tmp}/one.time")
one = json.load(open(f"{tmp}/one.json"))
print(f"MPI: linreg fit --target y (exact) on {size / GB:.2f} GB, 8M rows x 21 numeric columns; "
      "mpirun --oversubscribe --bind-to none on loopback (TCP), this machine's cores shared by "
      "the ranks")
print(f"  one process (streamed)         {one_wall:7.2f} s  {one_rss:7.0f} MB peak RSS")
rows = {}
for p in counts:
    wall = benchlib.time_v(f"{tmp}/mpi{p}.time")[0]
    ranks = [benchlib.time_v(path)[1] for path in sorted(glob.glob(f"{tmp}/mpi{p}.rank.*"))]
    many = json.load(open(f"{tmp}/mpi{p}.json"))
    scale = max(abs(v) for v in list(one["coefficients"].values()) + [one["intercept"]])
    worst = max([abs(one["coefficients"][k] - many["coefficients"][k]) for k in one["coefficients"]] +
                [abs(one["intercept"] - many["intercept"])])
    bytes_sent = sent(p)
    rows[p] = (wall, ranks, bytes_sent)
    print(f"  mpirun -np {p:<2}                  {wall:7.2f} s  per-rank peak RSS "
          f"{', '.join(f'{r:.0f}' for r in ranks)} MB; sent per rank "
          f"{', '.join(f'{bytes_sent.get(r, 0):,}' for r in range(p))} bytes; "
          f"coefficients {worst / (2.0 ** -52 * scale):.1f} ulps from one process's")
# The cost model: each rank reads and folds its share at the rate measured on one rank, then
# log2(P) combinations of the O(d²) state (TSQR R, Gram hi/lo) up the tree and its broadcast.
d = 20
state_words = 6 + 4 * d + (d + 1) ** 2 + (d + 1) + (d + 2) * (d + 3)
rate = size / rows[counts[0]][0]  # bytes per second per rank, from -np 1
print(f"  cost model: per-rank throughput {rate / 1e6:.0f} MB/s (from -np {counts[0]}); "
      f"state {state_words} words = {state_words * 8:,} bytes, sent 2·log2(P) times "
      "(reduce up the tree, broadcast down)")
nodes, total = 64, 1e12
latency, bandwidth = 5e-6, 10e9  # assumed: an InfiniBand/100 GbE-class network
reduce_s = 2 * math.log2(nodes) * (latency + state_words * 8 / bandwidth)
print(f"  PROJECTION (not measured): 1 TB on {nodes} nodes = {total / nodes / GB:.1f} GB per node: "
      f"{total / nodes / rate:.0f} s of reading and folding per node at the measured rate, "
      f"+ {reduce_s * 1e3:.2f} ms of reduction (assumed {latency * 1e6:.0f} µs latency, "
      f"{bandwidth / GB:.0f} GB/s); one node: {total / rate / 60:.0f} min")
speedup = one_wall / rows[max(counts)][0]
benchlib.record(targets, "19. MPI exact fit, 8M rows, mpirun -np P on one machine",
                f"{' / '.join(f'-np {p}: {rows[p][0]:.1f} s' for p in counts)}; one process "
                f"{one_wall:.1f} s", "same coefficients (few ulps); bytes sent O(d²) per rank",
                all(max(rows[p][2].values(), default=0) < 1e6 for p in counts))
