"""Helpers the bench/run cases share: reading /usr/bin/time -v output, and the table of targets
that `bench/run` prints at the end (one line per target, appended by each case)."""
import json


def time_v(path):
    """Wall-clock seconds and peak RSS in MB from a /usr/bin/time -v report."""
    wall = rss = None
    for line in open(path):
        if "Elapsed (wall clock)" in line:
            parts = line.rsplit(" ", 1)[1].strip().split(":")
            wall = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
        if "Maximum resident set size" in line:
            rss = int(line.rsplit(" ", 1)[1]) / 1024
    return wall, rss


def record(path, case, measured, target, met):
    """Appends one target's outcome for the final table."""
    with open(path, "a") as f:
        f.write(json.dumps({"case": case, "measured": measured, "target": target, "met": bool(met)}) + "\n")


def print_table(path):
    try:
        rows = [json.loads(line) for line in open(path)]
    except FileNotFoundError:
        return
    if not rows:
        return
    print()
    print("| case | measured (same run) | target | met |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['measured']} | {r['target']} | {'yes' if r['met'] else '**no**'} |")
