#!/usr/bin/env python3
"""Peer timings for Hedgebook's pricing speed targets (issue 3), run once, single-threaded:
- European price + 7 Greeks, vectorised numpy/scipy (same formulas as Sources/Pricing/BlackScholes.swift);
- American put, QuantLib BinomialVanillaEngine("crr", 1000 steps).
Usage: OPENBLAS_NUM_THREADS=1 python3 tools/pricing_benchmark_peers.py
"""
import time

import numpy as np
import QuantLib as ql
from scipy.special import ndtr

rng = np.random.default_rng(7)
n = 2_000_000
S = np.full(n, 100.0)
K = rng.uniform(50, 150, n)
T = rng.uniform(0.02, 3, n)
v = rng.uniform(0.1, 0.8, n)
w = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
r, q = 0.04, 0.01

t0 = time.perf_counter()
sqrtT = np.sqrt(T)
sd = v * sqrtT
dq = np.exp(-q * T)
df = np.exp(-r * T)
d1 = (np.log(S / K) + (r - q) * T) / sd + 0.5 * sd
d2 = d1 - sd
n1 = ndtr(w * d1)
n2 = ndtr(w * d2)
pdf = np.exp(-0.5 * d1 * d1) / np.sqrt(2 * np.pi)
a = S * dq * n1
b = K * df * n2
price = w * (a - b)
delta = w * dq * n1
gamma = dq * pdf / (S * sd)
vega = S * dq * pdf * sqrtT
theta = -0.5 * S * dq * pdf * v / sqrtT + w * (q * a - r * b)
rho = w * T * b
drho = -w * T * a
dt = time.perf_counter() - t0
print("numpy/scipy European price+Greeks: %.2f M options/s" % (n / dt / 1e6))

today = ql.Date(3, 8, 2026)
ql.Settings.instance().evaluationDate = today
dc = ql.Actual365Fixed()
m = 50
t0 = time.perf_counter()
for i in range(m):
    spot = ql.QuoteHandle(ql.SimpleQuote(100.0))
    proc = ql.BlackScholesMertonProcess(
        spot, ql.YieldTermStructureHandle(ql.FlatForward(today, 0.01, dc)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, 0.05, dc)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), float(v[i]), dc)))
    opt = ql.VanillaOption(ql.PlainVanillaPayoff(ql.Option.Put, float(K[i])), ql.AmericanExercise(today, today + 365))
    opt.setPricingEngine(ql.BinomialVanillaEngine(proc, "crr", 1000))
    opt.NPV()
dt = time.perf_counter() - t0
print("QuantLib CRR 1000 steps American: %.3f ms/option" % (dt / m * 1e3))
