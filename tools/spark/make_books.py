#!/usr/bin/env python3
"""Writes N synthetic variants of a book (issue 20: the "200 books × all scenario files" Spark benchmark row).

    tools/spark/make_books.py BOOK.yaml OUT_DIR [--count 200] [--seed 7]

Each variant is BOOK.yaml with every `percentOfNAV` and `premiumBudgetPercentOfNAV` multiplied by its own factor drawn
uniformly from [0.5, 1.5] (random.Random(seed + k)), so the positions, pairs and hedges stay valid against the same
market snapshot and scenarios, and the books differ. Files OUT_DIR/book-000.yaml …; an existing file is refused
unless --force. Standard library only.
"""
import argparse
import os
import random
import re
import sys

SIZE = re.compile(r"\b((?:premiumBudget)?[pP]ercentOfNAV): ([0-9]+(?:\.[0-9]+)?)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("book")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    text = open(a.book, encoding="utf-8").read()
    if not SIZE.search(text):
        sys.exit(f"error: {a.book} has no percentOfNAV / premiumBudgetPercentOfNAV sizes to vary")
    os.makedirs(a.out, exist_ok=True)
    for k in range(a.count):
        path = os.path.join(a.out, f"book-{k:03d}.yaml")
        if os.path.exists(path) and not a.force:
            sys.exit(f"error: {path} exists (use --force to replace the generated books)")
        rng = random.Random(a.seed + k)
        body = SIZE.sub(lambda m: f"{m.group(1)}: {float(m.group(2)) * rng.uniform(0.5, 1.5):.4f}", text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# Variant {k} of {os.path.basename(a.book)} written by tools/spark/make_books.py (seed {a.seed + k}).\n" + body)
    print(a.out)


if __name__ == "__main__":
    main()
