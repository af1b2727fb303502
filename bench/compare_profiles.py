#!/usr/bin/env python3
# Compares two callgrind profiles of different input sizes: which functions grow faster than the input.
"""Usage: compare_profiles.py SMALL.out LARGE.out [SIZE_RATIO]

Lists the functions costing at least 1% of the large run by inclusive instructions, with the growth
from the small run; with SIZE_RATIO (large input / small input) functions growing more than 1.5
times faster than the input are marked SUPERLINEAR. Used to find what breaks linear scaling."""
import re
import subprocess
import sys
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/"


def inclusive(path):
    t = subprocess.run(["callgrind_annotate", "--auto=no", "--inclusive=yes", "--threshold=100",
                        os.path.abspath(path)], capture_output=True, text=True, check=True, cwd="/").stdout
    body = t.split("file:function\n", 1)[1].split("\n", 1)[1]
    costs = {}
    for line in body.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
        if m:
            costs[m.group(2).replace(REPO, "")] = int(m.group(1).replace(",", ""))
    return costs


def main():
    small, large = inclusive(sys.argv[1]), inclusive(sys.argv[2])
    ratio = float(sys.argv[3]) if len(sys.argv) > 3 else None
    total_s, total_l = max(small.values()), max(large.values())
    print("total instructions: %s -> %s (%.1fx)%s" % (format(total_s, ","), format(total_l, ","), total_l / total_s,
          "; input ratio %.2fx" % ratio if ratio else ""))
    print("%16s %16s %8s  %s" % ("large Ir", "small Ir", "growth", "function (inclusive)"))
    rows = sorted(((c, small.get(k, 0), k) for k, c in large.items() if c >= 0.01 * total_l), reverse=True)
    for c, s, k in rows:
        g = c / s if s else float("inf")
        flag = "  SUPERLINEAR" if ratio and g > 1.5 * ratio else ""
        print("%16s %16s %7.1fx  %s%s" % (format(c, ","), format(s, ","), g, k[:170], flag))


if __name__ == "__main__":
    main()
