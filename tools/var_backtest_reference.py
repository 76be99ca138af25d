#!/usr/bin/env python3
"""Independent reference for VaR backtesting (Risk/VaRBacktest.swift) and the regularised incomplete gamma
(QuantMath/IncompleteGamma.swift): scipy.stats.chi2 and scipy.special.gammainc/gammaincc.

Writes
  Tests/RiskTests/Golden/var_backtest_series.csv  a seeded synthetic series (numpy default_rng(20260803)): 600 days of
      P&L (fraction of NAV) with volatility clustering, and one-day-ahead normal VaR forecasts at 95 / 97.5 / 99 % from a
      trailing 60-day standard deviation (so exceptions cluster and the independence test has something to find);
  Tests/RiskTests/Golden/var_backtest.json        per confidence: exceptions (indices), Kupiec, Christoffersen
      independence and conditional coverage (statistics and p-values), transition counts, Basel zone; plus small edge
      cases (no exception, every day an exception, one exception);
  Tests/QuantMathTests/Golden/incomplete_gamma.json  P(a, x), Q(a, x) on a grid and chi-square survival values.

Conventions as in VaRBacktest.swift: exception when pnl < -VaR; LR_pof over n days; LR_ind over the n-1 transitions;
LR_cc = LR_pof + LR_ind (chi2 with 2 df); 0*log(0) = 0 (scipy.special.xlogy); Basel zone on the last 250 days at 99 %.

Run: python3 tools/var_backtest_reference.py   (numpy 2.x, scipy 1.x)
     python3 tools/var_backtest_reference.py --check BACKTEST.json
         recomputes every series of `hedgebook history --backtest --format json` (its pnl and var arrays) here and
         prints the largest difference of the statistics and p-values from Hedgebook's (exit 1 above 1e-10).
"""
import json
import os
import sys

import numpy as np
from scipy.special import gammainc, gammaincc, xlogy
from scipy.stats import chi2, norm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = [0.95, 0.975, 0.99]


def kupiec(n, x, p):
    phat = x / n
    lr = -2 * ((xlogy(n - x, 1 - p) + xlogy(x, p)) - (xlogy(n - x, 1 - phat) + xlogy(x, phat)))
    lr = max(0.0, float(lr))
    return lr, float(chi2.sf(lr, 1))


def transitions(h):
    t = {"n00": 0, "n01": 0, "n10": 0, "n11": 0}
    for a, b in zip(h[:-1], h[1:]):
        t["n%d%d" % (int(a), int(b))] += 1
    return t


def independence(t):
    n00, n01, n10, n11 = (float(t[k]) for k in ("n00", "n01", "n10", "n11"))
    total = n00 + n01 + n10 + n11
    if total == 0:
        return 0.0, 1.0
    pi = (n01 + n11) / total
    pi0 = n01 / (n00 + n01) if n00 + n01 > 0 else 0.0
    pi1 = n11 / (n10 + n11) if n10 + n11 > 0 else 0.0
    restricted = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
    unrestricted = xlogy(n00, 1 - pi0) + xlogy(n01, pi0) + xlogy(n10, 1 - pi1) + xlogy(n11, pi1)
    lr = max(0.0, float(-2 * (restricted - unrestricted)))
    return lr, float(chi2.sf(lr, 1))


def basel(h, c):
    if abs(c - 0.99) > 1e-12 or len(h) < 250:
        return None
    x = int(np.sum(h[-250:]))
    plus = [0, 0, 0, 0, 0, 0.40, 0.50, 0.65, 0.75, 0.85]
    zone = "green" if x <= 4 else ("yellow" if x <= 9 else "red")
    return {"exceptions": x, "zone": zone, "plusFactor": plus[x] if x < len(plus) else 1.0}


def backtest(pnl, var, c):
    h = np.asarray(pnl) < -np.asarray(var)
    n, x = len(h), int(h.sum())
    pof = kupiec(n, x, 1 - c)
    t = transitions(h)
    ind = independence(t)
    cc = pof[0] + ind[0]
    return {"confidence": c, "days": n, "exceptionIndices": [int(i) for i in np.nonzero(h)[0]],
            "kupiec": {"statistic": pof[0], "pValue": pof[1]},
            "independence": {"statistic": ind[0], "pValue": ind[1]},
            "conditionalCoverage": {"statistic": cc, "pValue": float(chi2.sf(cc, 2))},
            "transitions": t, "basel": basel(h, c)}


def series():
    rng = np.random.default_rng(20260803)
    n, warm = 600, 60
    vol = np.empty(n + warm)
    v = 0.012
    for i in range(n + warm):  # a persistent log-vol process: calm and stressed regimes
        v = float(np.exp(0.97 * np.log(v) + 0.03 * np.log(0.012) + 0.12 * rng.standard_normal()))
        vol[i] = v
    r = vol * rng.standard_t(5, n + warm) / np.sqrt(5 / 3)
    pnl = r[warm:]
    var = {c: np.array([norm.ppf(c) * np.std(r[i:i + warm], ddof=1) for i in range(n)]) for c in CONF}
    return pnl, var


def main():
    pnl, var = series()
    gold = os.path.join(ROOT, "Tests", "RiskTests", "Golden")
    with open(os.path.join(gold, "var_backtest_series.csv"), "w") as f:
        f.write("day,pnl," + ",".join("var%s" % repr(c) for c in CONF) + "\n")
        for i in range(len(pnl)):
            f.write("%d,%s,%s\n" % (i, repr(float(pnl[i])), ",".join(repr(float(var[c][i])) for c in CONF)))
    out = {"source": "tools/var_backtest_reference.py (numpy %s, scipy chi2.sf, xlogy)" % np.__version__,
           "series": [backtest(pnl, var[c], c) for c in CONF]}
    edge = []
    for name, p, v, c in [("no exception", [-0.01] * 300, [0.02] * 300, 0.99),
                          ("every day", [-0.05] * 20, [0.02] * 20, 0.95),
                          ("one exception", [0.0] * 99 + [-0.1], [0.02] * 100, 0.99),
                          ("clustered pair", [0.0] * 50 + [-0.1, -0.1] + [0.0] * 48, [0.02] * 100, 0.975)]:
        e = backtest(p, v, c)
        e["name"], e["pnl"], e["var"] = name, p, v
        edge.append(e)
    out["edgeCases"] = edge
    with open(os.path.join(gold, "var_backtest.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    grid = []
    for a in [0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 50.0, 125.0]:
        for x in [1e-6, 0.01, 0.3, 1.0, 2.5, 7.0, 20.0, 60.0, 130.0, 400.0]:
            grid.append({"a": a, "x": x, "P": float(gammainc(a, x)), "Q": float(gammaincc(a, x))})
    chi = []
    for k in [1, 2, 3, 10]:
        for x in [0.0, 1e-8, 0.001, 0.455, 1.0, 3.841458820694124, 6.634896601021214, 10.0, 25.0, 50.0, 120.0]:
            chi.append({"k": k, "x": x, "cdf": float(chi2.cdf(x, k)), "sf": float(chi2.sf(x, k))})
    with open(os.path.join(ROOT, "Tests", "QuantMathTests", "Golden", "incomplete_gamma.json"), "w") as f:
        json.dump({"source": "scipy.special.gammainc/gammaincc, scipy.stats.chi2", "gamma": grid, "chiSquare": chi}, f,
                  indent=1, sort_keys=True)
        f.write("\n")


def check(path):
    d = json.load(open(path))
    worst = 0.0
    for s in d["series"]:
        ref = backtest(d["pnl"], s["var"], s["confidence"])
        same = ref["exceptionIndices"] == [d["dates"].index(x) for x in s["exceptionDates"]]
        diffs = [abs(ref[k][f] - s[k][f]) for k in ("kupiec", "independence", "conditionalCoverage") for f in ("statistic", "pValue")]
        worst = max(worst, max(diffs))
        zone = (ref["basel"] or {}).get("zone")
        print("%-14s %5.3f exceptions %3d (%s)  Kupiec %.6f p %.6f  ind %.6f p %.6f  cc %.6f p %.6f  Basel %s  max |diff| %.1e"
              % (s["method"], s["confidence"], len(ref["exceptionIndices"]), "same" if same else "DIFFERENT",
                 ref["kupiec"]["statistic"], ref["kupiec"]["pValue"], ref["independence"]["statistic"], ref["independence"]["pValue"],
                 ref["conditionalCoverage"]["statistic"], ref["conditionalCoverage"]["pValue"], zone, max(diffs)))
        if not same:
            worst = float("inf")
    print("largest difference from scipy: %.2e" % worst)
    return 0 if worst <= 1e-10 else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    main()
