#!/usr/bin/env python3
"""Independent pandas reference for the report's tear-sheet series (Sources/Backtest/TearSheet.swift).

Reads Tests/BacktestTests/Golden/synthetic_panel.csv, takes column A00 as the NAV and A01 as the benchmark, and
writes Tests/BacktestTests/Golden/tearsheet_golden.json with:
- rolling 126-day beta (pandas rolling cov / var), volatility (rolling std × √252) and Sharpe (mean / std × √252),
- monthly and yearly compounded returns (groupby calendar month / year of the return's date, Π(1 + r) − 1),
- the five deepest drawdown periods (runs of NAV / cummax − 1 < 0; peak, trough, recovery, depth, length in days).

Run: python3 tools/tearsheet_reference.py
     python3 tools/tearsheet_reference.py --check reports/ai-infra-thesis [../shared/data/adjclose_to_2026/SPY.csv]
     (recomputes a written report's backtest-tearsheet.json from its backtest-nav.csv and the benchmark's closes and
     prints the largest differences; exit 1 above 1e-9)
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(__file__), "..")
GOLDEN = os.path.join(ROOT, "Tests", "BacktestTests", "Golden")
WINDOW = 126


def series(nav, bench):
    """Rolling, monthly, yearly and drawdown reference values of a NAV (and benchmark) series."""
    r, b = nav.pct_change().dropna(), bench.pct_change().dropna()

    beta = r.rolling(WINDOW).cov(b) / b.rolling(WINDOW).var()
    vol = r.rolling(WINDOW).std() * np.sqrt(252)
    sharpe = r.rolling(WINDOW).mean() / r.rolling(WINDOW).std() * np.sqrt(252)
    rolling = [{"date": d.strftime("%Y-%m-%d"), "beta": float(beta[d]), "volatility": float(vol[d]), "sharpe": float(sharpe[d])}
               for d in r.index[WINDOW - 1:]]

    growth = 1 + r
    monthly = growth.groupby([r.index.year, r.index.month]).prod() - 1
    yearly = growth.groupby(r.index.year).prod() - 1

    under = nav / nav.cummax() - 1
    periods = []
    dates = list(nav.index)
    values = under.to_numpy()
    t = 0
    while t < len(values):
        if values[t] < 0:
            start = t
            while t < len(values) and values[t] < 0:
                t += 1
            run = values[start:t]
            trough = start + int(np.argmin(run))
            recovery = t if t < len(values) else None
            peak = start - 1
            end = recovery if recovery is not None else len(values) - 1
            periods.append({"peak": dates[peak].strftime("%Y-%m-%d"), "trough": dates[trough].strftime("%Y-%m-%d"),
                            "recovery": dates[recovery].strftime("%Y-%m-%d") if recovery is not None else None,
                            "depth": float(run.min()), "lengthDays": end - peak})
        else:
            t += 1
    periods = sorted(enumerate(periods), key=lambda p: (p[1]["depth"], p[0]))[:5]
    return rolling, monthly, yearly, [p for _, p in periods]


def check(report, bench_csv):
    import sys
    got = json.load(open(os.path.join(report, "backtest-tearsheet.json")))
    nav = pd.read_csv(os.path.join(report, "backtest-nav.csv"), index_col="date", parse_dates=True)["nav"]
    bench = pd.read_csv(bench_csv, index_col=0, parse_dates=True).iloc[:, 0].reindex(nav.index)
    rolling, monthly, yearly, drawdowns = series(nav, bench)
    worst = {}
    for key, ref, rows in [("rolling", rolling, got["rolling"])]:
        assert len(ref) == len(rows), key
        for a, b in zip(ref, rows):
            assert a["date"] == b["date"]
            for k in ("beta", "volatility", "sharpe"):
                worst[k] = max(worst.get(k, 0), abs(a[k] - b[k]) / max(abs(a[k]), 1e-300))
    worst["monthly"] = max(abs(v - m["return"]) for v, m in zip(monthly.to_numpy(), got["monthly"]))
    worst["yearly"] = max(abs(v - y["return"]) for v, y in zip(yearly.to_numpy(), got["yearly"]))
    assert len(monthly) == len(got["monthly"]) and len(yearly) == len(got["yearly"])
    for a, b in zip(drawdowns, got["drawdowns"]):
        assert (a["peak"], a["trough"], a["recovery"], a["lengthDays"]) == (b["peak"], b["trough"], b["recovery"], b["lengthDays"]), (a, b)
        worst["drawdown depth"] = max(worst.get("drawdown depth", 0), abs(a["depth"] - b["depth"]))
    print("report %s vs pandas: %s" % (report, ", ".join("%s %.1e" % kv for kv in worst.items())))
    sys.exit(1 if max(worst.values()) > 1e-9 else 0)


def main():
    import sys
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        bench = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "..", "shared", "data", "adjclose_to_2026", "SPY.csv")
        return check(sys.argv[2], bench)
    panel = pd.read_csv(os.path.join(GOLDEN, "synthetic_panel.csv"), index_col="Date", parse_dates=True)
    rolling, monthly, yearly, drawdowns = series(panel["A00"], panel["A01"])
    out = {
        "source": "tools/tearsheet_reference.py (pandas %s, numpy %s)" % (pd.__version__, np.__version__),
        "panel": "synthetic_panel.csv", "nav": "A00", "benchmark": "A01", "window": WINDOW,
        "rolling": rolling,
        "monthly": [{"year": int(y), "month": int(m), "value": float(v)} for (y, m), v in monthly.items()],
        "yearly": [{"year": int(y), "value": float(v)} for y, v in yearly.items()],
        "drawdowns": drawdowns,
    }
    with open(os.path.join(GOLDEN, "tearsheet_golden.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote tearsheet_golden.json: %d rolling points, %d months, %d drawdowns"
          % (len(rolling), len(out["monthly"]), len(out["drawdowns"])))


if __name__ == "__main__":
    main()
