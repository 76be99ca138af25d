#!/usr/bin/env python3
"""numpy side of the issue-5 speed benchmarks, standalone. The timed comparison with Hedgebook on the same inputs is now
`Benchmarks/run.sh --only correlation,mcvar` (Benchmarks/peers/peer.py is its numpy side); the Swift timing test this
script was paired with (Tests/RiskTests/RiskBenchmarks.swift) moved there.

1. np.corrcoef of 2,520 x 500 returns (best of 7).
2. Vectorised Monte Carlo VaR: 1e6 paths x 30 assets (Z @ L.T), stock legs exp(x)-1, 10 option legs revalued with
   Black-Scholes (scipy.special.ndtr), numpy quantile — best of 3.
"""
import time
import numpy as np
from scipy.special import ndtr


def best(reps, f):
    b = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter(); f(); b = min(b, time.perf_counter() - t0)
    return b


def bs(right, s, k, t, r, q, v):
    sd = v * np.sqrt(t)
    d1 = (np.log(s / k) + (r - q) * t) / sd + 0.5 * sd
    d2 = d1 - sd
    if right == "call":
        return s * np.exp(-q * t) * ndtr(d1) - k * np.exp(-r * t) * ndtr(d2)
    return k * np.exp(-r * t) * ndtr(-d2) - s * np.exp(-q * t) * ndtr(-d1)


def main():
    rng = np.random.default_rng(3)
    r = 0.01 * rng.standard_normal((2520, 500)) + 0.0003
    t = best(7, lambda: np.corrcoef(r, rowvar=False))
    print("numpy corrcoef 500x2520: %.2f ms" % (t * 1000))

    n = 30
    rr = 0.01 * rng.standard_normal((1000, n)) + 0.0003
    cov = np.cov(rr, rowvar=False); mu = rr.mean(0); L = np.linalg.cholesky(cov)
    w = np.array([-0.02 if j % 3 == 0 else 0.04 for j in range(n)])
    opts = [("put" if k % 2 == 0 else "call", 85.0 if k % 2 == 0 else 115.0, 3 * k) for k in range(10)]
    p0 = [bs(o[0], 100.0, o[1], 0.5, 0.04, 0.01, 0.35) for o in opts]
    g = np.random.default_rng(9)

    def mc():
        z = g.standard_normal((1_000_000, n))
        x = z @ L.T + mu
        pnl = (np.exp(x) - 1) @ w
        for (right, k, f), v0 in zip(opts, p0):
            pnl += 0.001 * (bs(right, 100.0 * np.exp(x[:, f]), k, 0.5 - 1 / 252, 0.04, 0.01, 0.35) - v0)
        return np.quantile(pnl, [0.05, 0.025, 0.01], method="linear")
    t = best(3, mc)
    print("numpy Monte Carlo 1e6 x 30 + 10 options: %.3f s" % t)


if __name__ == "__main__":
    main()
