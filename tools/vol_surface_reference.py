#!/usr/bin/env python3
"""Golden values for Hedgebook's implied-vol surface (VolSurface) and the MU put priced off it, from QuantLib.

Writes Tests/PortfolioTests/Golden/vol_surface.json. Run from the repository root:
    python3 tools/vol_surface_reference.py
Surface: fixtures/market/vols/MU-illustrative.yaml (ILLUSTRATIVE, not market data), spot = MU in
fixtures/market/snapshot-2026-08-03.yaml.

Hedgebook's rule is QuantLib's BlackVarianceSurface (Bilinear interpolation of total variance w = sigma^2 T on
(T, strike), a zero-variance column at T = 0, flat vol after the last expiry, ConstantExtrapolation in strike) with the
strike axis in log-moneyness: the QuantLib surface is built on strikes ln(K/S) and queried at ln(K/S). Times ACT/365F.
The MU 2027-01-15 put (K = 0.8 x spot, American, 100 shares) is then priced at the interpolated vol by
AnalyticEuropeanEngine (European check) and BinomialVanillaEngine("crr", 1000) (Hedgebook's single-price tree), with
r and q of the snapshot (flat, continuous).
"""
import json
import math
import os

import QuantLib as ql
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SURFACE = os.path.join(ROOT, "fixtures", "market", "vols", "MU-illustrative.yaml")
SNAPSHOT = os.path.join(ROOT, "fixtures", "market", "snapshot-2026-08-03.yaml")
OUT = os.path.join(ROOT, "Tests", "PortfolioTests", "Golden", "vol_surface.json")


def qdate(d):
    return ql.Date(d.day, d.month, d.year)


def main():
    surf = yaml.safe_load(open(SURFACE))
    snap = yaml.safe_load(open(SNAPSHOT))
    mu = snap["instruments"]["MU"]
    spot, q, r = float(mu["spot"]), float(mu.get("dividendYield", 0)), float(snap["rates"]["USD"])
    today = qdate(surf["asOf"])
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    dates = [qdate(e["expiry"]) for e in surf["expiries"]]
    xs = [math.log(m) for m in surf["moneyness"]]
    matrix = ql.Matrix(len(xs), len(dates))
    for j, e in enumerate(surf["expiries"]):
        for i, v in enumerate(e["vols"]):
            matrix[i][j] = v
    vs = ql.BlackVarianceSurface(today, ql.NullCalendar(), dates, xs, matrix, dc,
                                 ql.BlackVarianceSurface.ConstantExtrapolation,
                                 ql.BlackVarianceSurface.ConstantExtrapolation)
    vs.enableExtrapolation()

    # (label, moneyness K/S, days to expiry): nodes, interior, strike extrapolation, before the first / after the last expiry.
    points = [("node corner", 0.6, 74), ("node", 0.8, 74), ("node", 1.0, 228), ("node corner", 1.4, 410),
              ("interior", 0.85, 150), ("interior", 0.95, 300), ("interior", 1.3, 100), ("interior", 0.75, 228),
              ("strike below grid", 0.5, 150), ("strike above grid", 1.6, 300),
              ("before first expiry", 0.8, 30), ("before first expiry, below grid", 0.5, 10),
              ("after last expiry", 0.9, 600), ("after last expiry, above grid", 1.5, 800)]
    cases = []
    for label, m, days in points:
        t = days / 365.0
        x = math.log(m)
        cases.append({"label": label, "moneyness": m, "days": days, "time": t,
                      "volatility": vs.blackVol(t, x, True), "totalVariance": vs.blackVariance(t, x, True)})

    # The MU put: strike 0.8 x spot, expiry 2027-01-15.
    expiry = ql.Date(15, 1, 2027)
    strike = 0.8 * spot
    t = dc.yearFraction(today, expiry)
    vol = vs.blackVol(t, math.log(strike / spot), True)
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(spot)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, q, dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, r, dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), vol, dc)))
    payoff = ql.PlainVanillaPayoff(ql.Option.Put, strike)
    eu = ql.VanillaOption(payoff, ql.EuropeanExercise(expiry))
    eu.setPricingEngine(ql.AnalyticEuropeanEngine(process))
    am = ql.VanillaOption(payoff, ql.AmericanExercise(today, expiry))
    am.setPricingEngine(ql.BinomialVanillaEngine(process, "crr", 1000))
    put = {"spot": spot, "strike": strike, "time": t, "rate": r, "dividendYield": q, "volatility": vol,
           "realisedVolatility": float(mu["volatility"]), "europeanPrice": eu.NPV(), "americanCRR1000": am.NPV()}

    out = {"generator": "tools/vol_surface_reference.py", "quantlib": ql.__version__,
           "surface": "fixtures/market/vols/MU-illustrative.yaml (illustrative, not market data)",
           "rule": "QuantLib BlackVarianceSurface, Bilinear total variance on (T, ln(K/S)), constant strike extrapolation, flat vol beyond the last expiry",
           "cases": cases, "muPut": put}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} points; MU put vol {vol:.6f}, European {eu.NPV():.6f}, American CRR1000 {am.NPV():.6f}")


if __name__ == "__main__":
    main()
