#!/usr/bin/env python3
"""Independent reference values for Hedgebook's risk estimators and VaR/ES (issue 5).

Writes Tests/RiskTests/Golden/*.json. Uses numpy / scipy / scikit-learn only (no Hedgebook code):

* sample mean, covariance (np.cov, ddof=1), correlation (np.corrcoef)
* EWMA RiskMetrics covariance by the explicit recursion S1 = r1 r1', St = lam S(t-1) + (1-lam) rt rt' (lam = 0.94),
  and the normalised-weights form sum_t (1-lam) lam^(n-t) rt rt' / (1 - lam^n)
* Ledoit-Wolf: sklearn.covariance.LedoitWolf() with its defaults (covariance_, shrinkage_)
* parametric normal VaR/ES (scipy.stats.norm), historical VaR/ES (np.quantile method='linear'; k-th worst),
  Cornish-Fisher VaR (scipy.stats.skew/kurtosis defaults) and ES by numerical integration (scipy.integrate.quad)
* Higham (2002) nearest correlation by the same alternating projections in numpy (np.linalg.eigh), plus the
  published 4x4 result (Higham 2002, Section 4, A = tridiag(-1, 2, -1)).

Panels:
* synthetic: generated here with a fixed seed (Student-t returns, 6 assets, 400 days) and committed as
  Tests/RiskTests/Golden/synthetic_panel.csv (prices written with 17 significant digits) with synthetic_weights.csv;
* real: ../shared/data/adjclose_to_2026 (Date,Close adjusted closes), tickers below, 2021-01-04 .. 2026-08-03,
  intersection of dates. The data are read in place, never copied into the repository.

Usage: python3 tools/risk_reference.py   (from the repository root)
"""
import csv, json, math, os, sys
import numpy as np
import scipy, scipy.stats, scipy.integrate
import sklearn
from sklearn.covariance import LedoitWolf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "Tests", "RiskTests", "Golden")
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
CONF = [0.95, 0.975, 0.99]
LAM = 0.94
REAL_TICKERS = ["NVDA", "AVGO", "TSM", "MU", "AMAT", "ASML", "LITE", "SPY"]
REAL_WEIGHTS = [0.12, 0.08, 0.03, 0.02, 0.015, 0.015, -0.03, -0.05]
REAL_FROM, REAL_TO = "2021-01-04", "2026-08-03"


def read_wide(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    tickers = rows[0][1:]
    dates = [r[0] for r in rows[1:]]
    prices = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    return dates, tickers, prices


def read_folder(folder, tickers, lo, hi):
    series = []
    for t in tickers:
        with open(os.path.join(folder, t + ".csv")) as f:
            rows = list(csv.reader(f))
        col = rows[0].index("Close")
        series.append({r[0]: float(r[col]) for r in rows[1:] if lo <= r[0] <= hi})
    common = sorted(set.intersection(*[set(s) for s in series]))
    return common, np.array([[s[d] for s in series] for d in common])


def ewma(r, lam, normalized):
    n, p = r.shape
    if normalized:
        w = (1 - lam) * lam ** np.arange(n - 1, -1, -1) / (1 - lam ** n)
        return (r * w[:, None]).T @ r
    s = np.outer(r[0], r[0])
    for t in range(1, n):
        s = lam * s + (1 - lam) * np.outer(r[t], r[t])
    return s


def cf_z(x, s, k):
    return x + (x * x - 1) * s / 6 + (x ** 3 - 3 * x) * k / 24 - (2 * x ** 3 - 5 * x) * s * s / 36


def var_block(rp, cov, mean, w, h):
    """VaR/ES (positive losses, fractions of NAV) for portfolio returns rp at horizon h days."""
    mu = float(w @ mean)
    sig = float(np.sqrt(w @ cov @ w))
    out = {"parametric": {}, "parametricZeroMean": {}, "historical": {}, "historicalKthWorst": {}, "cornishFisher": {}}
    x = np.convolve(rp, np.ones(h), mode="valid") if h > 1 else rp  # overlapping h-day sums
    xs = np.sort(x)
    m, sd = rp.mean(), rp.std(ddof=1)
    g1 = scipy.stats.skew(rp)                   # bias=True: m3 / m2^1.5
    g2 = scipy.stats.kurtosis(rp)               # fisher=True, bias=True: m4 / m2^2 - 3
    sh, kh = g1 / math.sqrt(h), g2 / h
    for c in CONF:
        key = repr(c)
        z = scipy.stats.norm.ppf(c)
        e = scipy.stats.norm.pdf(z) / (1 - c)
        out["parametric"][key] = {"var": sig * math.sqrt(h) * z - mu * h, "es": sig * math.sqrt(h) * e - mu * h}
        out["parametricZeroMean"][key] = {"var": sig * math.sqrt(h) * z, "es": sig * math.sqrt(h) * e}
        q = np.quantile(x, 1 - c, method="linear")
        out["historical"][key] = {"var": -float(q), "es": -float(x[x <= q].mean())}
        k = math.ceil(len(x) * (1 - c) - 1e-9)
        out["historicalKthWorst"][key] = {"var": -float(xs[k - 1]), "es": -float(xs[:k].mean())}
        xa = scipy.stats.norm.ppf(1 - c)
        zt = cf_z(xa, sh, kh)
        integral, _ = scipy.integrate.quad(lambda t: cf_z(t, sh, kh) * scipy.stats.norm.pdf(t), -np.inf, xa,
                                           epsabs=1e-15, epsrel=1e-13, limit=200)
        out["cornishFisher"][key] = {"var": -(m * h + sd * math.sqrt(h) * zt),
                                     "es": -(m * h + sd * math.sqrt(h) * integral / (1 - c))}
    out["portfolio"] = {"mean": mu, "volatilityDaily": sig, "skewness": float(g1), "excessKurtosis": float(g2),
                        "sampleSd": float(sd)}
    return out


def golden_for(name, dates, tickers, prices, weights, source):
    r = prices[1:] / prices[:-1] - 1.0
    w = np.array(weights)
    mean = r.mean(axis=0)
    cov = np.cov(r, rowvar=False, ddof=1)
    corr = np.corrcoef(r, rowvar=False)
    lw = LedoitWolf().fit(r)
    rp = r @ w
    doc = {
        "source": source,
        "generator": "tools/risk_reference.py (numpy %s, scipy %s, scikit-learn %s)" % (np.__version__, scipy.__version__, sklearn.__version__),
        "returns": "simple, close to close",
        "tickers": tickers, "weights": weights, "firstDate": dates[0], "lastDate": dates[-1],
        "observations": int(r.shape[0]),
        "mean": mean.tolist(), "sampleCovariance": cov.tolist(), "correlation": corr.tolist(),
        "ewmaLambda": LAM,
        "ewmaCovariance": ewma(r, LAM, False).tolist(),
        "ewmaNormalizedCovariance": ewma(r, LAM, True).tolist(),
        "ledoitWolfCovariance": lw.covariance_.tolist(), "ledoitWolfShrinkage": float(lw.shrinkage_),
        "horizon1": var_block(rp, cov, mean, w, 1),
        "horizon10": var_block(rp, cov, mean, w, 10),
        "ewmaParametric": var_block(rp, ewma(r, LAM, False), np.zeros_like(mean), w, 1)["parametric"],
        "ledoitWolfParametric": var_block(rp, lw.covariance_, mean, w, 1)["parametric"],
    }
    with open(os.path.join(GOLDEN, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", name, r.shape, "LW shrinkage", lw.shrinkage_)


def higham(a, tol=1e-13, maxit=100000):
    ds = np.zeros_like(a); y = a.copy(); x = a.copy()
    for it in range(1, maxit + 1):
        rr = y - ds
        lam, q = np.linalg.eigh(rr)
        xn = (q * np.maximum(lam, 0)) @ q.T
        xn = (xn + xn.T) / 2
        ds = xn - rr
        yn = xn.copy(); np.fill_diagonal(yn, 1.0)
        crit = max(np.linalg.norm(xn - x) / np.linalg.norm(xn), np.linalg.norm(yn - y) / np.linalg.norm(yn),
                   np.linalg.norm(yn - xn) / np.linalg.norm(yn))
        x, y = xn, yn
        if crit <= tol:
            break
    return y, it


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    # Synthetic panel: 6 assets, 401 prices, Student-t(4) shocks with a fixed correlation, seed 20261124.
    rng = np.random.default_rng(20261124)
    p, n = 6, 400
    base = np.array([[1.0, .6, .4, .2, .1, -.2], [.6, 1, .5, .3, .1, -.1], [.4, .5, 1, .4, .2, 0],
                     [.2, .3, .4, 1, .3, .1], [.1, .1, .2, .3, 1, .2], [-.2, -.1, 0, .1, .2, 1]])
    lchol = np.linalg.cholesky(base)
    vols = np.array([.02, .025, .015, .03, .01, .018])
    shocks = rng.standard_t(4, size=(n, p)) / math.sqrt(2)
    rets = 0.0004 + (shocks @ lchol.T) * vols
    prices = 100 * np.vstack([np.ones(p), np.cumprod(1 + rets, axis=0)])
    dates = [str(np.datetime64("2024-01-01") + np.timedelta64(i, "D")) for i in range(n + 1)]
    tick = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]
    with open(os.path.join(GOLDEN, "synthetic_panel.csv"), "w") as f:
        f.write("Date," + ",".join(tick) + "\n")
        for d, row in zip(dates, prices):
            f.write(d + "," + ",".join("%.17g" % v for v in row) + "\n")
    wts = [0.3, 0.25, -0.1, 0.2, 0.15, -0.05]
    with open(os.path.join(GOLDEN, "synthetic_weights.csv"), "w") as f:
        f.write("ticker,weight\n" + "".join("%s,%r\n" % (t, v) for t, v in zip(tick, wts)))
    d2, t2, p2 = read_wide(os.path.join(GOLDEN, "synthetic_panel.csv"))  # re-read: exactly what Swift reads
    golden_for("synthetic", d2, t2, p2, wts, "Tests/RiskTests/Golden/synthetic_panel.csv")

    folder = os.path.join(SHARED, "adjclose_to_2026")
    if os.path.isdir(folder):
        dates, pr = read_folder(folder, REAL_TICKERS, REAL_FROM, REAL_TO)
        golden_for("real_adjclose", dates, REAL_TICKERS, pr, REAL_WEIGHTS,
                   "../shared/data/adjclose_to_2026 (Date,Close) %s..%s, intersection" % (REAL_FROM, REAL_TO))
    else:
        print("skipping real panel: %s absent" % folder, file=sys.stderr)

    # Higham (2002) 4x4 example.
    a = np.array([[2., -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]])
    y, it = higham(a)
    doc = {"source": "Higham, IMA J. Numer. Anal. 22 (2002) 329-343, Section 4: A = tridiag(-1, 2, -1), W = I",
           "input": a.tolist(),
           "published4dp": [[1.0000, -0.8084, 0.1916, 0.1068], [-0.8084, 1.0000, -0.6562, 0.1916],
                            [0.1916, -0.6562, 1.0000, -0.8084], [0.1068, 0.1916, -0.8084, 1.0000]],
           "numpyResult": y.tolist(), "numpyIterations": it,
           "frobeniusDistance": float(np.linalg.norm(a - y)),
           "outputEigenvalues": np.linalg.eigvalsh(y).tolist(), "inputEigenvalues": np.linalg.eigvalsh(a).tolist()}
    with open(os.path.join(GOLDEN, "higham4.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("higham iterations", it, "distance", doc["frobeniusDistance"])


if __name__ == "__main__":
    main()
