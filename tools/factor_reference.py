#!/usr/bin/env python3
"""Independent reference values for Hedgebook's time-series factor model (issue 16).

Writes Tests/RiskTests/Golden/factor_model.json. Uses numpy and statsmodels only (no Hedgebook code):

* weekly closes re-implemented here from the rule stated in Sources/Risk/WeeklyReturns.swift: a week ends on a Friday,
  its close is the last close dated in the seven days ending then; a history that stops mid-week drops that week;
  week t's value is P_t / P_(t-1) - 1 (returns) or P_t - P_(t-1) (changes, TNX_index), only when week t-1 (seven days
  earlier) has a close;
* the window: the last 156 weeks common to every factor, ending on or before the Friday on or before 2026-08-03;
* orthogonalisation: numpy.linalg.lstsq of the raw factor on [1, earlier factors], f = raw - sum(beta_j f_j);
* factor covariance: numpy.cov (ddof=1);
* OLS names: statsmodels OLS on [1, F] (params, scale = ssr / df_resid, rsquared), cross-checked against
  numpy.linalg.lstsq (the larger of the two differences is printed);
* ridge names (the same names restricted to the last 80 weeks of the window, below fullHistoryWeeks = 104): the normal
  equations (X'X + diag(0, kappa n s_k^2)) b = X'y solved by numpy.linalg.solve, kappa = 0.1, s_k^2 the factor's
  variance over the name's weeks (divisor n); residual variance = ssr / (n - K - 1) on the unaugmented rows;
* a book: weights on the OLS names; sigma^2 = w' (B F B' + D) w from the full covariance matrix (numpy), its
  factor part x' F x (x = B' w) and specific part sum w_i^2 D_i.

Data: ../shared/data/adjclose_to_2026 (Date,Close adjusted closes), read in place, never copied.
Usage: python3 tools/factor_reference.py   (from the repository root)
"""
import csv, datetime as dt, json, os
import numpy as np
import statsmodels
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RiskTests", "Golden", "factor_model.json")
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "adjclose_to_2026"))
AS_OF = dt.date(2026, 8, 3)
WINDOW = 156
RIDGE_WEEKS = 80
KAPPA = 0.1
FACTORS = [  # name, ticker, transform, orthogonalTo
    ("market", "SPY", "return", []),
    ("semis", "SOXX", "return", ["market"]),
    ("tech", "XLK", "return", ["market", "semis"]),
    ("china", "KWEB", "return", []),
    ("chinaA", "ASHR", "return", []),
    ("korea", "EWY", "return", []),
    ("taiwan", "EWT", "return", []),
    ("rates", "TNX_index", "change", []),
]
NAMES = ["NVDA", "AVGO", "ORCL", "BABA", "VRT", "AMZN", "TSM", "ASML", "AMAT", "LITE", "MU"]
BOOK = {"NVDA": 0.12, "AVGO": 0.08, "ORCL": 0.04, "BABA": 0.05, "VRT": 0.05, "AMZN": 0.03, "TSM": 0.03,
        "ASML": 0.015, "AMAT": 0.015, "LITE": -0.03, "MU": -0.02}


def read(ticker):
    rows = []
    with open(os.path.join(DATA, ticker + ".csv")) as f:
        r = csv.reader(f)
        head = next(r)
        ci = head.index("Close")
        for line in r:
            if not line or not line[ci].strip():
                continue
            rows.append((dt.date.fromisoformat(line[0]), float(line[ci])))
    return rows


def week_end(d):
    return d + dt.timedelta(days=(4 - d.weekday()) % 7)


def weekly(rows, transform):
    closes = []
    last_date = rows[-1][0]
    last_week = week_end(last_date)
    for d, v in rows:
        if not np.isfinite(v) or (transform == "return" and v <= 0):
            continue
        w = week_end(d)
        if w == last_week and last_date < last_week:
            break
        if closes and closes[-1][0] == w:
            closes[-1] = (w, v)
        else:
            closes.append((w, v))
    out = {}
    for (w0, p0), (w1, p1) in zip(closes, closes[1:]):
        if (w1 - w0).days == 7:
            out[w1] = p1 / p0 - 1 if transform == "return" else p1 - p0
    return out


def main():
    raw = [weekly(read(t), tr) for _, t, tr, _ in FACTORS]
    last_week = AS_OF if AS_OF.weekday() == 4 else week_end(AS_OF) - dt.timedelta(days=7)
    common = set(raw[0])
    for r in raw[1:]:
        common &= set(r)
    weeks = sorted(w for w in common if w <= last_week)[-WINDOW:]
    T, K = len(weeks), len(FACTORS)
    F = np.array([[raw[k][w] for k in range(K)] for w in weeks])
    orth = {}
    for k, (name, _, _, o) in enumerate(FACTORS):
        if not o:
            continue
        idx = [[f[0] for f in FACTORS].index(n) for n in o]
        X = np.column_stack([np.ones(T)] + [F[:, j] for j in idx])
        b = np.linalg.lstsq(X, F[:, k], rcond=None)[0]
        for c, j in enumerate(idx):
            F[:, k] = F[:, k] - b[c + 1] * F[:, j]
        orth[name] = {FACTORS[j][0]: float(b[c + 1]) for c, j in enumerate(idx)}
    cov = np.cov(F, rowvar=False, ddof=1)

    names_out, worst_np = {}, 0.0
    for n in NAMES:
        r = weekly(read(n), "return")
        rows = [i for i, w in enumerate(weeks) if w in r]
        y = np.array([r[weeks[i]] for i in rows])
        X = np.column_stack([np.ones(len(rows)), F[rows, :]])
        fit = sm.OLS(y, X).fit()
        b_np = np.linalg.lstsq(X, y, rcond=None)[0]
        worst_np = max(worst_np, float(np.max(np.abs(b_np - fit.params))))
        names_out[n] = {"weeks": len(rows), "intercept": float(fit.params[0]), "betas": [float(v) for v in fit.params[1:]],
                        "specificVariance": float(fit.scale), "rSquared": float(fit.rsquared)}

    ridge_out = {}
    cutoff = weeks[-RIDGE_WEEKS]
    for n in NAMES[:4]:
        r = weekly(read(n), "return")
        rows = [i for i, w in enumerate(weeks) if w in r and w >= cutoff]
        y = np.array([r[weeks[i]] for i in rows])
        X = np.column_stack([np.ones(len(rows)), F[rows, :]])
        m = len(rows)
        pen = np.zeros(K + 1)
        for k in range(K):
            col = X[:, k + 1]
            pen[k + 1] = KAPPA * m * np.mean((col - col.mean()) ** 2)
        b = np.linalg.solve(X.T @ X + np.diag(pen), X.T @ y)
        e = y - X @ b
        ridge_out[n] = {"weeks": m, "intercept": float(b[0]), "betas": [float(v) for v in b[1:]],
                        "specificVariance": float(e @ e / (m - K - 1))}

    B = np.array([names_out[n]["betas"] for n in NAMES])
    D = np.array([names_out[n]["specificVariance"] for n in NAMES])
    w = np.array([BOOK[n] for n in NAMES])
    S = B @ cov @ B.T + np.diag(D)
    x = B.T @ w
    book = {"weights": [BOOK[n] for n in NAMES], "totalVariance": float(w @ S @ w), "factorVariance": float(x @ cov @ x),
            "specificVariance": float(np.sum(w * w * D)), "factorExposures": [float(v) for v in x]}

    out = {
        "generator": "tools/factor_reference.py (numpy %s, statsmodels %s)" % (np.__version__, statsmodels.__version__),
        "asOf": AS_OF.isoformat(), "windowWeeks": WINDOW, "ridgeWeeks": RIDGE_WEEKS, "ridge": KAPPA,
        "factors": [{"name": a, "ticker": t, "transform": tr, "orthogonalTo": o} for a, t, tr, o in FACTORS],
        "weeks": T, "firstWeek": weeks[0].isoformat(), "lastWeek": weeks[-1].isoformat(),
        "factorColumnSums": [float(v) for v in F.sum(axis=0)],
        "orthogonalisation": orth, "factorCovariance": cov.tolist(),
        "names": NAMES, "ols": names_out, "ridgeCutoff": cutoff.isoformat(), "ridgeFits": ridge_out, "book": book,
        "numpyVsStatsmodelsMaxBetaDifference": worst_np,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", OUT, "weeks", T, weeks[0], weeks[-1], "numpy vs statsmodels max |Δβ|", worst_np)


if __name__ == "__main__":
    main()
