#!/usr/bin/env python3
"""Golden values for Hedgebook's Pricing tests, from QuantLib (independent reference implementation).

Writes Tests/PricingTests/Golden/european.json and american.json. Run from the repository root:
    python3 tools/quantlib_reference.py
Conventions match Hedgebook: flat continuously-compounded rate r and dividend yield q, ACT/365F, time = days/365.
QuantLib units: theta per year (dV/dt), vega/rho/dividendRho per 1.00.

European: AnalyticEuropeanEngine (closed form), plus the same BSM closed forms evaluated in 40-digit arithmetic
with mpmath (field "mpmath40"). QuantLib's cumulative normal computes tails as 0.5*(1+erf(x)) above 1e-8, so its
deep out-of-the-money values carry relative errors up to ~1e-6; the mpmath values show where QuantLib itself is off,
and the Swift tests allow |Hedgebook - QuantLib| <= 1e-10*|QuantLib| + |QuantLib - mpmath40|. American: BinomialVanillaEngine("crr", 1000) and
FdBlackScholesVanillaEngine(tGrid=1000, xGrid=1000) (Crank-Nicolson-type scheme, QuantLib default).
"""
import json
import os
import sys

import mpmath as mp
import QuantLib as ql

mp.mp.dps = 40

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "PricingTests", "Golden")
TODAY = ql.Date(3, 8, 2026)
SPOT = 100.0


def option(kind, exercise, strike, days, r, q, vol):
    ql.Settings.instance().evaluationDate = TODAY
    dc = ql.Actual365Fixed()
    maturity = TODAY + days
    spot = ql.QuoteHandle(ql.SimpleQuote(SPOT))
    rts = ql.YieldTermStructureHandle(ql.FlatForward(TODAY, r, dc, ql.Continuous))
    qts = ql.YieldTermStructureHandle(ql.FlatForward(TODAY, q, dc, ql.Continuous))
    vts = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), vol, dc))
    process = ql.BlackScholesMertonProcess(spot, qts, rts, vts)
    payoff = ql.PlainVanillaPayoff(ql.Option.Call if kind == "call" else ql.Option.Put, strike)
    ex = ql.EuropeanExercise(maturity) if exercise == "european" else ql.AmericanExercise(TODAY, maturity)
    return ql.VanillaOption(payoff, ex), process


def bsm_mpmath(kind, S, K, T, r, q, v):
    """Black-Scholes-Merton price and Greeks in 40-digit arithmetic (Haug 2007, ch. 1 and 2 formulas)."""
    S, K, T, r, q, v = (mp.mpf(x) for x in (S, K, T, r, q, v))
    w = 1 if kind == "call" else -1
    sd = v * mp.sqrt(T)
    d1 = (mp.log(S / K) + (r - q) * T) / sd + sd / 2
    d2 = d1 - sd
    dq, df = mp.e ** (-q * T), mp.e ** (-r * T)
    a = S * dq * mp.ncdf(w * d1)
    b = K * df * mp.ncdf(w * d2)
    pdf = mp.npdf(d1)
    out = {
        "price": w * (a - b), "delta": w * dq * mp.ncdf(w * d1), "gamma": dq * pdf / (S * sd),
        "vega": S * dq * pdf * mp.sqrt(T), "theta": -S * dq * pdf * v / (2 * mp.sqrt(T)) + w * (q * a - r * b),
        "rho": w * T * b, "dividendRho": -w * T * a,
    }
    return {k: float(x) for k, x in out.items()}


def european_cases():
    out = []
    for days in (1, 91, 365, 1825):
        for vol in (0.01, 0.2, 0.6, 1.5):
            for (r, q) in ((0.05, 0.02), (-0.01, 0.0), (0.02, 0.08), (-0.005, -0.002)):
                for strike in (30.0, 70.0, 100.0, 130.0, 300.0):
                    for kind in ("call", "put"):
                        opt, proc = option(kind, "european", strike, days, r, q, vol)
                        opt.setPricingEngine(ql.AnalyticEuropeanEngine(proc))
                        npv = opt.NPV()
                        case = {
                            "kind": kind, "spot": SPOT, "strike": strike, "timeToExpiry": days / 365.0,
                            "rate": r, "dividendYield": q, "volatility": vol,
                            "price": npv, "delta": opt.delta(), "gamma": opt.gamma(), "vega": opt.vega(),
                            "theta": opt.theta(), "rho": opt.rho(), "dividendRho": opt.dividendRho(),
                        }
                        case["mpmath40"] = bsm_mpmath(kind, SPOT, strike, days / 365.0, r, q, vol)
                        out.append(case)
    return out


def american_cases():
    out = []
    for days in (91, 365, 1095):
        for vol in (0.2, 0.6):
            for (r, q) in ((0.05, 0.0), (0.05, 0.03), (-0.01, 0.0), (0.02, 0.06)):
                for strike in (70.0, 100.0, 130.0):
                    for kind in ("call", "put"):
                        opt, proc = option(kind, "american", strike, days, r, q, vol)
                        opt.setPricingEngine(ql.BinomialVanillaEngine(proc, "crr", 1000))
                        crr = opt.NPV()
                        crr_greeks = {"delta": opt.delta(), "gamma": opt.gamma(), "theta": opt.theta()}
                        opt.setPricingEngine(ql.FdBlackScholesVanillaEngine(proc, 1000, 1000))
                        fd = opt.NPV()
                        out.append({
                            "kind": kind, "spot": SPOT, "strike": strike, "timeToExpiry": days / 365.0,
                            "rate": r, "dividendYield": q, "volatility": vol, "crr1000": crr, "fd1000x1000": fd, "crr1000Greeks": crr_greeks,
                        })
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"source": "QuantLib %s (Python), tools/quantlib_reference.py" % ql.__version__}
    for name, cases in (("european", european_cases()), ("american", american_cases())):
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump({"meta": meta, "cases": cases}, f, indent=1)
            f.write("\n")
        print("wrote %s (%d cases)" % (path, len(cases)), file=sys.stderr)


if __name__ == "__main__":
    main()
