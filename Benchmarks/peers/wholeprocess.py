#!/usr/bin/env python3
"""Whole-process jobs of `make bench` (issue 13): the files a user runs `hedgebook` on, and a Python peer that reads
the same files and writes the same JSON (same keys and layout: 2-space indentation, arrays of numbers on one line,
shortest round-trip numbers via repr).

    wholeprocess.py gen DIR              writes the inputs (deterministic, fixed seeds; about 260 MB) into DIR once
    wholeprocess.py JOB DIR OUT          the peer: runs JOB on DIR's inputs, writes OUT (JSON)
    wholeprocess.py compare JOB A B      the two outputs agree (deterministic fields; Monte Carlo within sampling error)

Jobs (the argv of the Swift side is in ARGV below):
    price-euro    1,000,000 European cases (≈176 MB JSON) → price + 6 Greeks per case
    price-iv      100,000 European cases with a price → implied volatility + Greeks at it
    risk          500 assets × 2,521 days wide CSV, weights → sample covariance, correlation, VaR/ES four ways
                  (no Monte Carlo: `--paths 0`; the risk-mc job times it), Euler allocation
    backtest      500 assets × 5,041 days wide CSV, weights, monthly rebalancing, 10 bp costs, 3 % borrow
    risk-mc       30 assets × 2,521 days, 1,000,000 Monte Carlo paths
"""
import datetime as dt
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONF = (0.95, 0.975, 0.99)
CONF_KEYS = ("0.95", "0.975", "0.99")


def ARGV(job, d):
    """The `hedgebook` arguments of each job (output to stdout)."""
    p = lambda name: os.path.join(d, name)  # noqa: E731
    return {
        "price-euro": ["price", "--input", p("cases_euro_1m.json")],
        "price-iv": ["price", "--input", p("cases_iv_100k.json")],
        "risk": ["risk", "--prices", p("panel_500x2521.csv"), "--weights", p("weights_500.csv"), "--covariance", "sample",
                 "--paths", "0", "--format", "json"],
        "backtest": ["backtest", "--prices", p("panel_500x5041.csv"), "--weights", p("weights_500.csv"),
                     "--rebalance", "monthly", "--format", "json"],
        "risk-mc": ["risk", "--prices", p("panel_30x2521.csv"), "--weights", p("weights_30.csv"), "--paths", "1000000",
                    "--format", "json"],
    }[job]


JOBS = ["price-euro", "price-iv", "risk", "backtest", "risk-mc"]
LABELS = {
    "price-euro": "`price` 1,000,000 European cases (176 MB JSON) → JSON",
    "price-iv": "`price` 100,000 implied-vol cases (18 MB JSON) → JSON",
    "risk": "`risk` 500 × 2,521 wide CSV, sample covariance → JSON",
    "backtest": "`backtest` 500 × 5,041 wide CSV, monthly → JSON",
    "risk-mc": "`risk` Monte Carlo 1,000,000 paths × 30 assets → JSON",
}


# ---------------------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------------------
def business_days(n, start=dt.date(2006, 1, 2)):
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def write_panel(path, n, t, seed):
    g = np.random.default_rng(seed)
    m = g.standard_normal(t - 1)
    beta = g.uniform(0.5, 1.5, n)
    r = 0.01 * (0.6 * m[:, None] * beta[None, :] + g.standard_normal((t - 1, n))) + 0.0003
    p = np.vstack([g.uniform(20, 200, n)[None, :], np.zeros((t - 1, n))])
    p[1:] = p[0] * np.cumprod(1 + r, axis=0)
    dates = business_days(t)
    with open(path + ".tmp", "w") as f:
        f.write("Date," + ",".join(f"T{i:03d}" for i in range(n)) + "\n")
        for k in range(t):
            f.write(dates[k].isoformat() + "," + ",".join(f"{x:.6f}" for x in p[k]) + "\n")
    os.replace(path + ".tmp", path)


def write_weights(path, n, seed):
    g = np.random.default_rng(seed)
    w = g.uniform(-0.5, 1.0, n)
    w = w / np.abs(w).sum() * 1.3
    with open(path + ".tmp", "w") as f:
        f.write("ticker,weight\n" + "".join(f"T{i:03d},{x!r}\n" for i, x in enumerate(w.tolist())))
    os.replace(path + ".tmp", path)


def write_cases(path, n, seed, implied):
    g = np.random.default_rng(seed)
    spot = np.round(g.uniform(20, 300, n), 2)
    # Implied-vol cases stay where the price carries time value (a price at its no-arbitrage bound has no root).
    strike = np.round(spot * (g.uniform(0.85, 1.2, n) if implied else g.uniform(0.6, 1.4, n)), 4)
    t = np.round(g.uniform(0.1 if implied else 0.02, 3.0, n), 6)
    r = np.round(g.uniform(-0.01, 0.06, n), 4)
    q = np.round(g.uniform(0.0, 0.04, n), 4)
    vol = np.round(g.uniform(0.15 if implied else 0.08, 0.9, n), 4)
    call = g.random(n) < 0.5
    if implied:
        from scipy.special import ndtr
        w = np.where(call, 1.0, -1.0)
        sd = vol * np.sqrt(t)
        d1 = (np.log(spot / strike) + (r - q) * t) / sd + 0.5 * sd
        price = w * (spot * np.exp(-q * t) * ndtr(w * d1) - strike * np.exp(-r * t) * ndtr(w * (d1 - sd)))
        last = ("price", price)
    else:
        last = ("volatility", vol)
    spot, strike, t, r, q, val = (x.tolist() for x in (spot, strike, t, r, q, last[1]))
    with open(path + ".tmp", "w") as f:
        f.write("[\n")
        for i in range(n):
            f.write(f'{{"id": "c{i}", "kind": "{"call" if call[i] else "put"}", "exercise": "european", '
                    f'"spot": {spot[i]!r}, "strike": {strike[i]!r}, "timeToExpiry": {t[i]!r}, "rate": {r[i]!r}, '
                    f'"dividendYield": {q[i]!r}, "{last[0]}": {val[i]!r}}}{"," if i + 1 < n else ""}\n')
        f.write("]\n")
    os.replace(path + ".tmp", path)


def gen(d):
    os.makedirs(d, exist_ok=True)
    todo = [
        ("cases_euro_1m.json", lambda p: write_cases(p, 1_000_000, 131, False)),
        ("cases_iv_100k.json", lambda p: write_cases(p, 100_000, 132, True)),
        ("panel_500x2521.csv", lambda p: write_panel(p, 500, 2521, 133)),
        ("panel_500x5041.csv", lambda p: write_panel(p, 500, 5041, 134)),
        ("panel_30x2521.csv", lambda p: write_panel(p, 30, 2521, 135)),
        ("weights_500.csv", lambda p: write_weights(p, 500, 136)),
        ("weights_30.csv", lambda p: write_weights(p, 30, 137)),
    ]
    for name, make in todo:
        p = os.path.join(d, name)
        if not os.path.exists(p):
            make(p)


# ---------------------------------------------------------------------------------------------------------------
# Writing JSON in Hedgebook's layout
# ---------------------------------------------------------------------------------------------------------------
def num(x):
    x = float(x)
    if not math.isfinite(x):
        return "null"
    if x == int(x) and abs(x) <= 2 ** 53:
        return str(int(x))
    return repr(x)


def nums(v):
    return "[" + ", ".join(map(num, v)) + "]"


def obj(pairs, ind):
    pad, close = "  " * (ind + 1), "  " * ind
    return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {v}" for k, v in pairs) + "\n" + close + "}"


def arr(items, ind):
    if not items:
        return "[]"
    pad, close = "  " * (ind + 1), "  " * ind
    return "[\n" + ",\n".join(pad + s for s in items) + "\n" + close + "]"


# ---------------------------------------------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------------------------------------------
def bs_greeks(w, s, k, t, r, q, v):
    from scipy.special import ndtr
    sqrt_t = np.sqrt(t)
    sd = v * sqrt_t
    dq, df = np.exp(-q * t), np.exp(-r * t)
    d1 = (np.log(s / k) + (r - q) * t) / sd + 0.5 * sd
    d2 = d1 - sd
    n1, n2 = ndtr(w * d1), ndtr(w * d2)
    pdf = np.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi)
    a, b = s * dq * n1, k * df * n2
    return dict(price=w * (a - b), delta=w * dq * n1, gamma=dq * pdf / (s * sd), vega=s * dq * pdf * sqrt_t,
                theta=-0.5 * s * dq * pdf * v / sqrt_t + w * (q * a - r * b), rho=w * t * b, dividendRho=-w * t * a)


def implied(w, s, k, t, r, q, p):
    """Vectorised safeguarded Newton (as Benchmarks/peers/peer.py's iv task)."""
    from scipy.special import ndtr
    lo, hi = np.full(len(p), 1e-9), np.full(len(p), 20.0)
    x = np.full(len(p), 0.3)
    for _ in range(100):
        g = bs_greeks(w, s, k, t, r, q, x)
        f = g["price"] - p
        lo = np.where(f < 0, x, lo)
        hi = np.where(f > 0, x, hi)
        step = np.where(g["vega"] > 1e-300, f / np.maximum(g["vega"], 1e-300), 0.0)
        nx = x - step
        bad = (nx <= lo) | (nx >= hi) | ~np.isfinite(nx)
        nx = np.where(bad, 0.5 * (lo + hi), nx)
        if np.all(np.abs(nx - x) <= 1e-12 * np.maximum(1, x)):
            x = nx
            break
        x = nx
    del ndtr
    return x


def job_price(d, out, implied_mode):
    name = "cases_iv_100k.json" if implied_mode else "cases_euro_1m.json"
    with open(os.path.join(d, name)) as f:
        cases = json.load(f)
    ids = [c["id"] for c in cases]
    w = np.array([1.0 if c["kind"] == "call" else -1.0 for c in cases])
    s = np.array([c["spot"] for c in cases], dtype=float)
    k = np.array([c["strike"] for c in cases], dtype=float)
    t = np.array([c["timeToExpiry"] for c in cases], dtype=float)
    r = np.array([c["rate"] for c in cases], dtype=float)
    q = np.array([c["dividendYield"] for c in cases], dtype=float)
    iv = None
    if implied_mode:
        iv = implied(w, s, k, t, r, q, np.array([c["price"] for c in cases], dtype=float))
        v = iv
    else:
        v = np.array([c["volatility"] for c in cases], dtype=float)
    g = bs_greeks(w, s, k, t, r, q, v)
    cols = [g[x].tolist() for x in ("price", "delta", "gamma", "vega", "theta", "rho", "dividendRho")]
    ivl = iv.tolist() if iv is not None else None
    with open(out, "w") as f:
        f.write("[\n")
        n = len(ids)
        for i in range(n):
            head = f'  {{\n    "id": {json.dumps(ids[i])},\n    "model": "black-scholes-merton",\n'
            if ivl is not None:
                head += f'    "impliedVolatility": {ivl[i]!r},\n'
            f.write(head + f'    "price": {cols[0][i]!r},\n    "delta": {cols[1][i]!r},\n    "gamma": {cols[2][i]!r},\n'
                    f'    "vega": {cols[3][i]!r},\n    "theta": {cols[4][i]!r},\n    "rho": {cols[5][i]!r},\n'
                    f'    "dividendRho": {cols[6][i]!r}\n  }}' + (",\n" if i + 1 < n else "\n"))
        f.write("]\n")


def read_panel(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")[1:]
    with open(path) as f:
        next(f)
        dates = [line[:line.index(",")] for line in f]
    p = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, len(header) + 1))
    return header, dates, p


def read_weights(path, tickers):
    w = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b = line.strip().split(",")
            w[a] = float(b)
    return np.array([w.get(x, 0.0) for x in tickers])


def cf_z(x, s, k):
    return x + (x * x - 1) * s / 6 + (x ** 3 - 3 * x) * k / 24 - (2 * x ** 3 - 5 * x) * s * s / 36


def job_risk(d, out, panel, weights, paths):
    import scipy.integrate
    import scipy.stats
    tickers, dates, p = read_panel(os.path.join(d, panel))
    w = read_weights(os.path.join(d, weights), tickers)
    r = p[1:] / p[:-1] - 1.0
    mean = r.mean(axis=0)
    cov = np.cov(r, rowvar=False, ddof=1)
    sd_a = np.sqrt(np.diag(cov))
    corr = cov / sd_a[:, None] / sd_a[None, :]
    rp = r @ w
    mu, sig = float(w @ mean), float(np.sqrt(w @ cov @ w))
    m, sd = rp.mean(), rp.std(ddof=1)
    g1, g2 = float(scipy.stats.skew(rp)), float(scipy.stats.kurtosis(rp))
    res = {"parametric": {}, "historical": {}, "cornishFisher": {}}
    if paths:
        res["monteCarlo"] = {}
        rng = np.random.default_rng(1)
        L = np.linalg.cholesky(cov)
        pnl = np.empty(paths)
        block = 100_000
        for b0 in range(0, paths, block):
            z = rng.standard_normal((min(block, paths - b0), len(w)))
            pnl[b0:b0 + len(z)] = (z @ L.T + mean) @ w
    for c, key in zip(CONF, CONF_KEYS):
        z = scipy.stats.norm.ppf(c)
        e = scipy.stats.norm.pdf(z) / (1 - c)
        res["parametric"][key] = (sig * z - mu, sig * e - mu)
        qh = np.quantile(rp, 1 - c, method="linear")
        res["historical"][key] = (-float(qh), -float(rp[rp <= qh].mean()))
        xa = scipy.stats.norm.ppf(1 - c)
        zt = cf_z(xa, g1, g2)
        integral, _ = scipy.integrate.quad(lambda x: cf_z(x, g1, g2) * scipy.stats.norm.pdf(x), -np.inf, xa,
                                           epsabs=1e-15, epsrel=1e-13, limit=200)
        res["cornishFisher"][key] = (-(m + sd * zt), -(m + sd * integral / (1 - c)))
        if paths:
            qm = np.quantile(pnl, 1 - c, method="linear")
            res["monteCarlo"][key] = (-float(qm), -float(pnl[pnl <= qm].mean()))
    cw = cov @ w
    euler = []
    for c in CONF:
        marginal = cw / sig * scipy.stats.norm.ppf(c) - mean
        euler.append((marginal, w * marginal))

    def method_obj(i, ind):
        return obj([(mm, obj([(k, num(res[mm][k][i])) for k in CONF_KEYS], ind + 1)) for mm in res], ind)
    meta = [("estimator", '"sample"'), ("firstReturnDate", json.dumps(str(dates[1]))),
            ("lastReturnDate", json.dumps(str(dates[-1]))), ("returns", '"simple"'), ("horizonDays", "1"),
            ("weights", nums(w)), ("mean", nums(mean)), ("zeroMean", "false"), ("historicalDefinition", '"linear"'),
            ("monteCarlo", obj([("paths", num(paths)), ("seed", "1")], 2)),
            ("cornishFisherMoments", obj([("mean", num(m)), ("sd", num(sd)), ("skewness", num(g1)),
                                          ("excessKurtosis", num(g2))], 2)),
            ("marginalVaR", obj([(k, nums(e[0])) for k, e in zip(CONF_KEYS, euler)], 2)),
            ("componentVaR", obj([(k, nums(e[1])) for k, e in zip(CONF_KEYS, euler)], 2)),
            ("notes", "[]")]
    doc = obj([("assets", "[" + ", ".join(json.dumps(t) for t in tickers) + "]"),
               ("observations", num(len(r))),
               ("covariance", arr([nums(row) for row in cov], 1)),
               ("correlation", arr([nums(row) for row in corr], 1)),
               ("portfolio", obj([("volatilityDaily", num(sig)), ("volatilityAnnualized", num(sig * math.sqrt(252))),
                                  ("var", method_obj(0, 2)), ("es", method_obj(1, 2))], 1)),
               ("meta", obj(meta, 1))], 0)
    with open(out, "w") as f:
        f.write(doc + "\n")


def job_backtest(d, out):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from backtest_reference import metrics, run_vectorised_monthly
    tickers, dates_s, p = read_panel(os.path.join(d, "panel_500x5041.csv"))
    w = read_weights(os.path.join(d, "weights_500.csv"), tickers)
    dates = [dt.date.fromisoformat(x) for x in dates_s]
    cfg = {"commissionBps": 10.0, "borrowRate": 0.03, "initialNav": 1_000_000.0}
    res = run_vectorised_monthly(p, dates, w, cfg)
    mt = metrics(res["nav"], dates)
    nav = res["nav"]
    shares = w * 0  # final holdings are reported by value and weight
    last_v = np.zeros(len(w))
    ym = np.array([x.year * 12 + x.month for x in dates])
    last_reb = int(np.flatnonzero(np.r_[True, ym[1:] != ym[:-1]])[-1])
    nav_pre = nav[last_reb]
    shares = w * nav_pre / p[last_reb]
    last_v = shares * p[-1]
    attr = [obj([("group", json.dumps(t)), ("pnl", num(pp - c - b)), ("contribution", num((pp - c - b) / 1e6)),
                 ("pricePnl", num(pp)), ("costs", num(c)), ("borrowFees", num(b))], 3)
            for t, pp, c, b in zip(tickers, res["price_pnl"], res["cost_a"], res["borrow_a"])]

    def series(v):
        return arr([f'["{x}", {num(y)}]' for x, y in zip(dates_s, v)], 1)
    doc = obj([("mode", '"weights"'), ("from", json.dumps(str(dates_s[0]))), ("to", json.dumps(str(dates_s[-1]))),
               ("days", num(len(dates))),
               ("initialNav", "1000000"), ("finalNav", num(nav[-1])),
               ("totalReturn", num(mt["totalReturn"])), ("cagr", num(mt["cagr"])), ("volatility", num(mt["volatility"])),
               ("sharpe", num(mt["sharpe"])), ("sortino", num(mt["sortino"])), ("maxDrawdown", num(mt["maxDrawdown"])),
               ("calmar", num(mt["calmar"])), ("hitRate", num(mt["hitRate"])),
               ("totalCosts", num(res["cost_a"].sum())), ("totalBorrowFees", num(res["borrow_a"].sum())),
               ("positions", arr([obj([("ticker", json.dumps(t)), ("shares", num(s)), ("price", num(pr)),
                                       ("value", num(v)), ("weight", num(v / nav[-1]))], 2)
                                  for t, s, pr, v in zip(tickers, shares, p[-1], last_v)], 1)),
               ("attribution", obj([("ticker", arr(attr, 2))], 1)),
               ("nav", series(nav)), ("grossExposure", series(res["gross"])), ("netExposure", series(res["net"]))], 0)
    with open(out, "w") as f:
        f.write(doc + "\n")


def run_job(job, d, out):
    if job == "price-euro":
        job_price(d, out, False)
    elif job == "price-iv":
        job_price(d, out, True)
    elif job == "risk":
        job_risk(d, out, "panel_500x2521.csv", "weights_500.csv", 0)
    elif job == "risk-mc":
        job_risk(d, out, "panel_30x2521.csv", "weights_30.csv", 1_000_000)
    elif job == "backtest":
        job_backtest(d, out)
    else:
        raise SystemExit(f"unknown job {job}")


# ---------------------------------------------------------------------------------------------------------------
# Comparing the two sides' outputs
# ---------------------------------------------------------------------------------------------------------------
def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-300))


def compare(job, hb_path, peer_path):
    """(ok, text): the deterministic numbers agree; Monte Carlo within sampling error."""
    with open(hb_path) as f:
        a = json.load(f)
    with open(peer_path) as f:
        b = json.load(f)
    if job.startswith("price"):
        if len(a) != len(b) or any(x.get("id") != y.get("id") for x, y in zip(a, b)):
            return False, "ids differ"
        if any("error" in x for x in a):
            return False, "hedgebook reported case errors"
        keys = ["price", "delta", "gamma", "vega", "theta", "rho", "dividendRho"]
        if job == "price-iv":
            d = max(abs(x["impliedVolatility"] - y["impliedVolatility"]) for x, y in zip(a, b))
            ok = d <= 1e-7
            return ok, f"{len(a):,} cases; max|Δσ| {d:.1e}"
        d = max(rel([x[k] for x in a], [y[k] for y in b]) for k in keys)
        return d <= 1e-11, f"{len(a):,} cases; max|Δ|/max|x| {d:.1e} over price and Greeks"
    if job in ("risk", "risk-mc"):
        d = max(rel(a["covariance"], b["covariance"]), rel(a["correlation"], b["correlation"]),
                rel([a["portfolio"]["var"]["parametric"][k] for k in CONF_KEYS],
                    [b["portfolio"]["var"]["parametric"][k] for k in CONF_KEYS]),
                rel([a["portfolio"]["var"]["historical"][k] for k in CONF_KEYS],
                    [b["portfolio"]["var"]["historical"][k] for k in CONF_KEYS]))
        if "monteCarlo" not in a["portfolio"]["var"]:
            return d <= 1e-10, f"covariance, correlation, parametric and historical VaR max|Δ|/max|x| {d:.1e}"
        mc = max(abs(a["portfolio"][m]["monteCarlo"][k] / b["portfolio"][m]["monteCarlo"][k] - 1)
                 for m in ("var", "es") for k in CONF_KEYS)
        tol = 0.02 if job == "risk-mc" else 0.05
        return d <= 1e-10 and mc <= tol, (f"covariance, correlation, VaR max|Δ|/max|x| {d:.1e}; Monte Carlo VaR/ES "
                                          f"{mc:.1%} (sampling error, tol {tol:.0%})")
    if job == "backtest":
        d = max(rel([x[1] for x in a["nav"]], [x[1] for x in b["nav"]]),
                rel([x[1] for x in a["grossExposure"]], [x[1] for x in b["grossExposure"]]),
                rel([a[k] for k in ("sharpe", "maxDrawdown", "totalCosts", "totalBorrowFees")],
                    [b[k] for k in ("sharpe", "maxDrawdown", "totalCosts", "totalBorrowFees")]))
        return d <= 1e-9, f"NAV, gross, metrics max|Δ|/max|x| {d:.1e}"
    return False, "unknown job"


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "gen":
        gen(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        ok, text = compare(sys.argv[2], sys.argv[3], sys.argv[4])
        print(("agree" if ok else "DISAGREE") + f" ({text})")
        sys.exit(0 if ok else 1)
    elif len(sys.argv) == 4 and sys.argv[1] in JOBS:
        run_job(sys.argv[1], sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        sys.exit(2)
