#!/usr/bin/env python3
"""Writes the example's data set: two overlapping classes in three features, linearly separable
for the most part. Deterministic for a given seed, so the shipped data/train.csv can be regenerated:

    python3 examples/logistic-regression/generate_data.py --rows 600 --out examples/logistic-regression/data/train.csv
"""
import argparse
import csv
import random


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=600)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    rng = random.Random(args.seed)
    true_w, true_b = [2.0, -1.5, 0.75], -0.25
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["x1", "x2", "x3", "label"])
        for _ in range(args.rows):
            x = [rng.gauss(0, 1), rng.gauss(0, 1), rng.uniform(-2, 2)]
            z = sum(a * b for a, b in zip(true_w, x)) + true_b + rng.gauss(0, 0.8)
            w.writerow(["%.4f" % v for v in x] + [1 if z > 0 else 0])


if __name__ == "__main__":
    main()
