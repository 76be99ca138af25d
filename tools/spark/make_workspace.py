#!/usr/bin/env python3
"""Writes a synthetic, self-contained Hedgebook workspace (issue 20: the Spark test and the Spark benchmark rows).

    tools/spark/make_workspace.py OUT_DIR [--assets 30] [--options 10] [--days 500] [--seed 20]

OUT_DIR/hedgebook.yaml names OUT_DIR/book.yaml (one equity position per asset, long and short, plus European puts and
calls on the first assets, sized in contracts), OUT_DIR/market.yaml (spot = last close, 30% vol, 1% dividend yield,
USD 4% rate) and OUT_DIR/history/S00.csv … (Date,Close: `days` weekdays of a one-factor lognormal model, numpy seeded).
Refuses an existing OUT_DIR/hedgebook.yaml unless --force. Standard library + numpy only.
"""
import argparse
import datetime as dt
import os
import sys

import numpy as np


def weekdays(end, n):
    out, d = [], end
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d -= dt.timedelta(days=1)
    return out[::-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--assets", type=int, default=30)
    ap.add_argument("--options", type=int, default=10)
    ap.add_argument("--days", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    if not (1 <= a.assets <= 2000 and 0 <= a.options <= a.assets and 80 <= a.days <= 20000):
        sys.exit("error: need 1 ≤ assets ≤ 2000, 0 ≤ options ≤ assets, 80 ≤ days ≤ 20000")
    ws = os.path.join(a.out, "hedgebook.yaml")
    if os.path.exists(ws) and not a.force:
        sys.exit(f"error: {ws} exists (use --force to replace the generated workspace)")
    os.makedirs(os.path.join(a.out, "history"), exist_ok=True)
    rng = np.random.default_rng(a.seed)
    end = dt.date(2026, 7, 31)
    dates = weekdays(end, a.days)
    tickers = [f"S{i:02d}" for i in range(a.assets)]
    # One-factor daily log returns: beta_i * market + idiosyncratic, about 30% annual volatility.
    market = rng.normal(0.0003, 0.011, a.days - 1)
    betas = rng.uniform(0.6, 1.4, a.assets)
    closes = {}
    for i, t in enumerate(tickers):
        r = betas[i] * market + rng.normal(0.0001, 0.014, a.days - 1)
        p = 50.0 * (1 + i % 7) * np.exp(np.concatenate([[0.0], np.cumsum(r)]))
        closes[t] = p
        with open(os.path.join(a.out, "history", f"{t}.csv"), "w") as f:
            f.write("Date,Close\n")
            for d, v in zip(dates, p):
                f.write(f"{d.isoformat()},{v:.4f}\n")
    asof = dates[-1].isoformat()
    with open(os.path.join(a.out, "market.yaml"), "w") as f:
        f.write(f"# Synthetic snapshot written by tools/spark/make_workspace.py (seed {a.seed}).\n")
        f.write(f"version: 1\nasOf: {asof}\nbaseCurrency: USD\nrates: {{USD: 0.04}}\nfx: {{}}\ninstruments:\n")
        for t in tickers:
            f.write(f"  {t}: {{spot: {closes[t][-1]:.4f}, asOf: {asof}, currency: USD, volatility: 0.3, dividendYield: 0.01, "
                    f"beta: 1, source: synthetic}}\n")
    with open(os.path.join(a.out, "book.yaml"), "w") as f:
        f.write(f"# Synthetic book written by tools/spark/make_workspace.py: {a.assets} equities, {a.options} European options.\n")
        f.write(f"version: 1\nname: Synthetic {a.assets} assets + {a.options} options\nbaseCurrency: USD\nnav: 100000000\n")
        f.write(f"valuationDate: {asof}\npositions:\n")
        for i, t in enumerate(tickers):
            side = "short" if i % 3 == 2 else "long"
            pct = round(1.0 + (i * 7 % 5) * 0.5, 2)
            f.write(f"  - {{id: {t}, kind: equity, side: {side}, percentOfNAV: {pct}, exchange: NYSE, currency: USD, "
                    f"country: US, layer: L{i % 4}}}\n")
        for k in range(a.options):
            t = tickers[k]
            right = "put" if k % 2 == 0 else "call"
            strike = round(closes[t][-1] * (0.9 if right == "put" else 1.1), 2)
            f.write(f"  - id: O{k:02d}\n    kind: option\n    side: long\n    contracts: {200 + 50 * k}\n")
            f.write(f"    exchange: NYSE\n    currency: USD\n    country: US\n    layer: L{k % 4}\n")
            f.write(f"    option: {{underlying: {t}, right: {right}, strike: {strike}, expiry: 2027-01-15, exercise: european, multiplier: 100}}\n")
    with open(ws, "w") as f:
        f.write("# Synthetic workspace written by tools/spark/make_workspace.py (Spark test and benchmark rows).\n")
        f.write("version: 1\nbook: book.yaml\nmarket: market.yaml\nhistory:\n  root: history\n  folders: [.]\n")
        f.write("policies:\n  risk: {confidences: [0.95, 0.975, 0.99], horizonDays: 1, paths: 100000, seed: 1, covariance: sample}\n")
    print(ws)


if __name__ == "__main__":
    main()
