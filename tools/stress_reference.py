#!/usr/bin/env python3
"""Independent reference numbers for the Stress engine (numpy / scipy, no Hedgebook code).

Writes Tests/EndToEndTests/Golden/stress/reference.json with
  1. conditional_mean: E[r_x | r_s = s] = Sigma_xs Sigma_ss^-1 s on a small fixed 5-name covariance
     (numpy.linalg.solve), the case StressTests checks the LAPACK path against;
  2. hand: one-name scenarios on the thesis book (fixtures/books/ai-infra-thesis.yaml, NAV 100m USD) against the
     snapshot fixtures/market/snapshot-2026-08-03.yaml:
       - NVDA -20% (stock, 12% NAV): P&L = 0.12 * NAV * (-0.20);
       - 0700.HK -10% with HKD +5% (short 3% NAV): P&L = -0.03 * NAV * ((1 - 0.10) * (1 + 0.05) - 1) for the
         position; the book total adds 0.05 x the other HKD lines (9660.HK +3%, 0981.HK -3%, 1347.HK -3% NAV);
       - MU -30%, MU vol +10 points, 30 calendar days (the MU Jan-2027 puts, 3% NAV premium, strike 0.8 x spot):
         P&L = 0.03 * NAV * (BS(S(1-0.3), sigma+0.10, T - 30/365) / BS(S, sigma, T) - 1), Black-Scholes-Merton with
         continuous dividend yield, T = ACT/365F days(2026-08-03 -> 2027-01-15) / 365.
With --bench: times the same job as the Swift benchmark (100,000 scenarios x 1,000 linear positions + 100 option legs,
full BSM revaluation, blocks of 10,000 scenarios) in numpy and prints the seconds. The Swift side, timed against
numpy on the same inputs, is `Benchmarks/run.sh --only stress`.
Run: python3 tools/stress_reference.py [--bench]
"""
import datetime as dt
import json
import math
import os
import re
import sys
import time

import numpy as np
from scipy.special import ndtr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAV = 100_000_000.0


def quote(name):
    text = open(os.path.join(ROOT, "fixtures/market/snapshot-2026-08-03.yaml")).read()
    block = re.search(r"\n  %s:\n((?:    .*\n)+)" % re.escape(name), text).group(1)
    fields = dict(re.findall(r"    (\w+): ([^\n#]+)", block))
    return {k: float(fields[k]) for k in ("spot", "volatility", "dividendYield")}


def bs(right, s, k, t, r, q, vol):
    if t <= 0:
        return max(s - k, 0.0) if right == "call" else max(k - s, 0.0)
    sd = vol * math.sqrt(t)
    d1 = (math.log(s / k) + (r - q) * t) / sd + 0.5 * sd
    d2 = d1 - sd
    if right == "call":
        return s * math.exp(-q * t) * ndtr(d1) - k * math.exp(-r * t) * ndtr(d2)
    return k * math.exp(-r * t) * ndtr(-d2) - s * math.exp(-q * t) * ndtr(-d1)


def conditional_mean():
    ids = ["A", "B", "C", "D", "E"]
    vols = np.array([0.30, 0.45, 0.25, 0.60, 0.35])
    corr = np.array([
        [1.0, 0.6, 0.3, 0.5, 0.2],
        [0.6, 1.0, 0.4, 0.7, 0.1],
        [0.3, 0.4, 1.0, 0.2, 0.5],
        [0.5, 0.7, 0.2, 1.0, 0.3],
        [0.2, 0.1, 0.5, 0.3, 1.0],
    ])
    cov = np.outer(vols, vols) * corr
    given, targets = [0, 2], [1, 3, 4]
    s = np.array([-0.20, 0.05])
    w = np.linalg.solve(cov[np.ix_(given, given)], s)
    x = cov[np.ix_(targets, given)] @ w
    return {"ids": ids, "covariance": cov.tolist(), "given": [ids[i] for i in given], "shocks": s.tolist(),
            "targets": [ids[i] for i in targets], "expected": x.tolist()}


def hand():
    out = {}
    out["nvda_minus20"] = 0.12 * NAV * -0.20
    out["tencent_minus10_hkd_plus5"] = -0.03 * NAV * ((1 - 0.10) * (1 + 0.05) - 1)
    # The same scenario's book total: the HKD move also revalues the other HKD lines (9660.HK long 3%,
    # 0981.HK and 1347.HK short 3% each), whose spots do not move.
    out["tencent_scenario_total"] = out["tencent_minus10_hkd_plus5"] + NAV * 0.05 * (0.03 - 0.03 - 0.03)
    mu = quote("MU")
    t = (dt.date(2027, 1, 15) - dt.date(2026, 8, 3)).days / 365.0
    k = 0.8 * mu["spot"]
    r = 0.0376
    p0 = bs("put", mu["spot"], k, t, r, mu["dividendYield"], mu["volatility"])
    p1 = bs("put", mu["spot"] * 0.7, k, t - 30 / 365.0, r, mu["dividendYield"], mu["volatility"] + 0.10)
    out["mu_put"] = {"spot": mu["spot"], "strike": k, "vol": mu["volatility"], "q": mu["dividendYield"], "rate": r,
                     "T": t, "price0": p0, "price1": p1, "pnl": 0.03 * NAV * (p1 / p0 - 1)}
    return out


def bench():
    rng = np.random.default_rng(7)
    S, A, O, block = 100_000, 1000, 100, 10_000
    e = rng.normal(0, 1e5, A)
    cols = rng.integers(0, A, O)
    s0 = rng.uniform(50, 500, O)
    k = s0 * rng.uniform(0.7, 1.3, O)
    vol0 = rng.uniform(0.2, 0.8, O)
    t0 = rng.uniform(0.1, 2.0, O)
    qty = rng.normal(0, 1000, O)
    R = rng.normal(0, 0.1, (block, A))
    V = vol0[None, :] * (1 + rng.normal(0, 0.1, (block, O)))
    h = np.full(block, 30 / 365.0)
    r, q = 0.04, 0.01

    def bsv(s, vol, t):
        sd = vol * np.sqrt(t)
        d1 = (np.log(s / k) + (r - q) * t) / sd + 0.5 * sd
        d2 = d1 - sd
        return k * np.exp(-r * t) * ndtr(-d2) - s * np.exp(-q * t) * ndtr(-d1)  # puts

    v0 = qty * bsv(s0, vol0, t0)
    start = time.perf_counter()
    total = 0.0
    for _ in range(S // block):
        pnl = R @ e
        spot = s0[None, :] * (1 + R[:, cols])
        pnl += (qty[None, :] * bsv(spot, V, t0[None, :] - h[:, None]) - v0[None, :]).sum(axis=1)
        total += pnl.sum()
    secs = time.perf_counter() - start
    print(json.dumps({"numpy_seconds": secs, "scenarios": S, "linear": A, "options": O, "checksum": total}))


if __name__ == "__main__":
    if "--bench" in sys.argv:
        bench()
        sys.exit(0)
    ref = {"source": "tools/stress_reference.py (numpy %s)" % np.__version__,
           "conditional_mean": conditional_mean(), "hand": hand()}
    path = os.path.join(ROOT, "Tests/EndToEndTests/Golden/stress/reference.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(ref, f, indent=2)
        f.write("\n")
    print("wrote", path)
