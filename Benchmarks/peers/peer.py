#!/usr/bin/env python3
"""The peer side of `make bench` (issue 8): the same units of work as Sources/hbbench/main.swift, on the same input
files, with numpy / scipy / scikit-learn / QuantLib.

  python peer.py serve <dir>                 line protocol used by bench.py ("<task> <size> <reps> <outfile>")
  python peer.py <task> <size> [reps] [dir]  one task alone
"""
import datetime as dt
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import ALPHA1, ALPHA2, ALPHA3, Q, R, bs_price, dims, read, weyl, write  # noqa: E402


def timed(reps, f):
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return times, out


def sample_and_sums(cols, n):
    step = max(1, n // 1000)
    out = []
    for c in cols:
        out.append(c[::step])
        out.append([c.sum()])
    return np.concatenate(out)


# ---------------------------------------------------------------------------------------------------------------
def t_dgemm(size, reps, d):
    n = int(size)
    a = read(f"{d}/dgemm_{n}_A.f64", (n, n))
    b = read(f"{d}/dgemm_{n}_B.f64", (n, n))
    return timed(reps, lambda: a @ b) + ({},)


def ewma_weights(n, lam):
    w = (1 - lam) * lam ** np.arange(n - 1, -1, -1, dtype=float)
    w[0] = lam ** (n - 1)
    return w


def t_cov(task, size, reps, d):
    n, t = dims(size)
    x = read(f"{d}/returns_{n}x{t}.f64", (t, n))
    info = {}
    if task == "correlation":
        f = lambda: np.corrcoef(x, rowvar=False)  # noqa: E731
    elif task == "ewma":
        def f():
            xs = x * np.sqrt(ewma_weights(t, 0.94))[:, None]
            return xs.T @ xs
    else:
        from sklearn.covariance import LedoitWolf

        def f():
            lw = LedoitWolf().fit(x)
            info["shrinkage"] = str(lw.shrinkage_)
            return lw.covariance_
    times, out = timed(reps, f)
    return times, out, info


def t_lapack(task, size, reps, d):
    n = int(size)
    a = read(f"{d}/spd_{n}.f64", (n, n))
    if task == "cholesky":
        return timed(reps, lambda: np.linalg.cholesky(a)) + ({},)
    return timed(reps, lambda: np.linalg.eigh(a)[0]) + ({},)


def nearest_correlation(a, tol=1e-12, maxit=10_000):
    """Higham (2002) Alg. 3.3, W = I, Dykstra correction: step for step Sources/Risk/NearestCorrelation.swift."""
    n = a.shape[0]
    sym = 0.5 * (a + a.T)
    np.linalg.eigh(sym)  # input eigenvalues (reported by Hedgebook)
    ds = np.zeros_like(sym)
    y, x = sym.copy(), sym.copy()
    it, conv = 0, False
    nrm = np.linalg.norm
    while it < maxit:
        it += 1
        r = y - ds
        w, v = np.linalg.eigh(r)
        xn = (v * np.maximum(w, 0.0)) @ v.T
        xn = 0.5 * (xn + xn.T)
        ds = xn - r
        yn = xn.copy()
        np.fill_diagonal(yn, 1.0)
        rel_x = nrm(xn - x) / max(nrm(xn), 1e-300)
        rel_y = nrm(yn - y) / max(nrm(yn), 1e-300)
        rel_yx = nrm(yn - xn) / max(nrm(yn), 1e-300)
        x, y = xn, yn
        if max(rel_x, rel_y, rel_yx) <= tol:
            conv = True
            break
    np.linalg.eigh(y)  # output eigenvalues
    return y, it, conv


def t_nearcorr(size, reps, d):
    n = int(size)
    a = read(f"{d}/brokencorr_{n}.f64", (n, n))
    times, (y, it, conv) = timed(reps, lambda: nearest_correlation(a))
    return times, y, {"iterations": str(it), "converged": str(conv)}


def t_bs(size, reps, d):
    from scipy.special import ndtr
    n = int(size)
    i = np.arange(n)
    w = np.where(i % 2 == 0, 1.0, -1.0)
    k = 50 + 100 * weyl(n, ALPHA1)
    t = 0.02 + 2.98 * weyl(n, ALPHA2)
    v = 0.1 + 0.7 * weyl(n, ALPHA3)
    s = 100.0

    def f():
        sqrt_t = np.sqrt(t)
        sd = v * sqrt_t
        sq = s * np.exp(-Q * t)
        kd = k * np.exp(-R * t)
        d1 = (np.log(s / k) + (R - Q) * t) / sd + 0.5 * sd
        d2 = d1 - sd
        n1 = ndtr(w * d1)
        n2 = ndtr(w * d2)
        pdf = np.exp(-0.5 * d1 * d1) * 0.3989422804014327
        a = sq * n1
        b = kd * n2
        sqpdf = sq * pdf
        price = w * (a - b)
        delta = w * np.exp(-Q * t) * n1
        gamma = np.exp(-Q * t) * pdf / (s * sd)
        vega = sqpdf * sqrt_t
        theta = -0.5 * sqpdf * v / sqrt_t + w * (Q * a - R * b)
        rho = w * t * b
        drho = -w * t * a
        return sample_and_sums([price, delta, gamma, vega, theta, rho, drho], n)
    return timed(reps, f) + ({},)


def implied_vol(price, w, s, k, t, r, q, vmax=20.0):
    """Vectorised safeguarded Newton, the algorithm of ImpliedVolatility.european (Manaster-Koehler start, bracket,
    bisection fallback, same stopping rule); returns NaN where it would throw."""
    from scipy.special import ndtr
    n = len(price)
    sq, kd = s * np.exp(-q * t), k * np.exp(-r * t)
    lower = np.where(w > 0, np.maximum(sq - kd, 0), np.maximum(kd - sq, 0))
    upper = np.where(w > 0, sq, kd)
    ok = (price > lower) & (price < upper) & (bs_price(w, s, k, t, r, q, vmax) > price)
    res = np.full(n, np.nan)
    logm = np.abs(np.log(s / k) + (r - q) * t)
    x = np.where(logm > 1e-8, np.sqrt(2 * logm / t), 0.4)
    x = np.clip(x, 1e-3, vmax / 2)
    idx = np.flatnonzero(ok)
    x, lo, hi = x[idx], np.zeros(len(idx)), np.full(len(idx), vmax)
    p_, w_, k_, t_ = price[idx], w[idx], k[idx], t[idx]
    for _ in range(200):
        if len(idx) == 0:
            break
        sd = x * np.sqrt(t_)
        d1 = (np.log(s / k_) + (r - q) * t_) / sd + 0.5 * sd
        d2 = d1 - sd
        sqi = s * np.exp(-q * t_)
        pv = w_ * (sqi * ndtr(w_ * d1) - k_ * np.exp(-r * t_) * ndtr(w_ * d2))
        vega = sqi * np.exp(-0.5 * d1 * d1) * 0.3989422804014327 * np.sqrt(t_)
        diff = pv - p_
        hi = np.where(diff > 0, x, hi)
        lo = np.where(diff > 0, lo, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            nxt = x - diff / vega
        bad = ~((nxt > lo) & (nxt < hi)) | ~(vega > 0)
        nxt = np.where(bad, 0.5 * (lo + hi), nxt)
        scale = np.maximum(1.0, x)
        exact = diff == 0
        conv = (np.abs(nxt - x) <= 1e-15 * scale) | (hi - lo <= 1e-15 * scale)
        res[idx[exact]] = x[exact]
        done = exact | conv
        res[idx[conv & ~exact]] = nxt[conv & ~exact]
        keep = ~done
        idx, x, lo, hi = idx[keep], nxt[keep], lo[keep], hi[keep]
        p_, w_, k_, t_ = p_[keep], w_[keep], k_[keep], t_[keep]
    return res


def t_iv(size, reps, d):
    n = int(size)
    price = read(f"{d}/ivprices_{n}.f64")
    i = np.arange(n)
    w = np.where(i % 2 == 0, 1.0, -1.0)
    k = 80 + 40 * weyl(n, ALPHA1)
    t = 0.1 + 1.9 * weyl(n, ALPHA2)
    times, out = timed(reps, lambda: implied_vol(price, w, 100.0, k, t, R, Q))
    return times, out, {"failures": str(int(np.isnan(out).sum()))}


def t_american(size, reps, d):
    import QuantLib as ql
    n, steps = dims(size)
    k = 80 + 40 * weyl(n, ALPHA1)
    days = np.floor(36.5 + 693.5 * weyl(n, ALPHA2)).astype(int)
    v = 0.15 + 0.45 * weyl(n, ALPHA3)
    today = ql.Date(2, 1, 2026)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    spot = ql.QuoteHandle(ql.SimpleQuote(100.0))
    rts = ql.YieldTermStructureHandle(ql.FlatForward(today, R, dc))
    qts = ql.YieldTermStructureHandle(ql.FlatForward(today, Q, dc))

    def f():
        out = np.zeros(3 * n)
        for i in range(n):
            vol = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), float(v[i]), dc))
            proc = ql.BlackScholesMertonProcess(spot, qts, rts, vol)
            opt = ql.VanillaOption(ql.PlainVanillaPayoff(ql.Option.Put, float(k[i])),
                                   ql.AmericanExercise(today, today + int(days[i])))
            opt.setPricingEngine(ql.BinomialVanillaEngine(proc, "crr", steps))
            out[i], out[n + i], out[2 * n + i] = opt.NPV(), opt.delta(), opt.gamma()
        return out
    return timed(reps, f) + ({},)


def t_stress(size, reps, d):
    total, a, o = dims(size)
    block = min(total, 10_000)
    spot, qty, vol = read(f"{d}/st_stock_{a}.f64", (3, a))
    und, right, strike, days, oq = read(f"{d}/st_opt_{o}.f64", (5, o))
    und = und.astype(int)
    rets = read(f"{d}/st_returns_{block}x{a}.f64", (block, a))
    vols = read(f"{d}/st_vols_{block}x{o}.f64", (block, o))
    w = np.where(right == 1, 1.0, -1.0)
    t0 = days / 365.0
    h = 30.0 / 365.0
    e = qty * spot                       # linear lines: V0 = quantity x spot (fx 1)
    scale = oq * 100.0                   # options: quantity x multiplier x fx
    v0 = scale * bs_price(w, spot[und], strike, t0, R, Q, vol[und])

    def f():
        pnl = None
        for _ in range(total // block):
            pnl = rets @ e
            s = spot[und][None, :] * (1 + rets[:, und])
            pnl += (scale[None, :] * bs_price(w[None, :], s, strike[None, :], t0[None, :] - h, R, Q, vols)
                    - v0[None, :]).sum(axis=1)
        return pnl
    return timed(reps, f) + ({},)


def t_hedge(size, reps, d):
    """The same LP as hbbench's hedge task: numpy P&L matrix (book dgemv + vectorised BSM per candidate), the
    Rockafellar–Uryasev LP (min CVaR 95% s.t. premium ≤ 2% NAV, caps 10% NAV notional) built as scipy sparse
    matrices, solved by scipy.optimize.linprog (HiGHS)."""
    import scipy.sparse as sparse
    from scipy.optimize import linprog
    s, o = dims(size)
    a = 20
    spot, qty, vol = read(f"{d}/hg_stock_{a}.f64", (3, a))
    und, strike, days = read(f"{d}/hg_opt_{o}.f64", (3, o))
    und = und.astype(int)
    rets = read(f"{d}/hg_returns_{s}x{a}.f64", (s, a))
    nav, alpha, budget = 1e8, 0.95, 2.0
    t0, h = days / 365.0, 30.0 / 365.0

    def f():
        k = 100 / nav
        book = rets @ (qty * spot) * k
        c0 = 100 * bs_price(-1.0, spot[und], strike, t0, R, Q, vol[und])
        p = (100 * bs_price(-1.0, spot[und][None, :] * (1 + rets[:, und]), strike[None, :], t0[None, :] - h, R, Q,
                            vol[und][None, :]) - c0[None, :]) * k
        prem = c0 * k
        caps = 0.1 * nav / (100 * spot[und])
        q = 1 / ((1 - alpha) * s)
        cost = np.concatenate([np.zeros(o), [1.0], np.full(s, q)])
        a_ub = sparse.vstack([sparse.hstack([sparse.csr_matrix(-p), sparse.csr_matrix(-np.ones((s, 1))), -sparse.identity(s)]),
                              sparse.csr_matrix(np.concatenate([prem, [0.0], np.zeros(s)])[None, :])]).tocsr()
        b_ub = np.concatenate([book, [budget]])
        bounds = [(0, c) for c in caps] + [(None, None)] + [(0, None)] * s
        r = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        return np.array([r.fun, float(prem @ r.x[:o])])
    return timed(reps, f) + ({},)


def t_mcvar(size, reps, d):
    paths, n, o = dims(size)
    cov = read(f"{d}/mc_cov_{n}.f64", (n, n))
    mean = read(f"{d}/mc_mean_{n}.f64")
    wts = read(f"{d}/mc_w_{n}.f64")
    opt = read(f"{d}/mc_opt_{o}.f64", (4, o))
    legs = [(1.0 if opt[0, j] == 1 else -1.0, opt[1, j], int(opt[2, j]), opt[3, j]) for j in range(o)]
    p0 = [bs_price(w, 100.0, k, 0.5, R, Q, 0.35) for (w, k, _, _) in legs]
    g = np.random.default_rng(9)

    def f():
        lc = np.linalg.cholesky(cov)
        z = g.standard_normal((paths, n))
        x = z @ lc.T + mean
        pnl = (np.exp(x) - 1) @ wts
        for (w, k, fac, sc), v0 in zip(legs, p0):
            pnl += sc * (bs_price(w, 100.0 * np.exp(x[:, fac]), k, 0.5 - 1 / 252, R, Q, 0.35) - v0)
        qs = np.quantile(pnl, [0.05, 0.025, 0.01], method="linear")
        es = [-pnl[pnl <= q].mean() for q in qs]
        return np.concatenate([-qs, es])
    return timed(reps, f) + ({},)


def t_backtest(size, reps, d):
    sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
    from backtest_reference import run_vectorised_monthly
    n, t = dims(size)
    p = read(f"{d}/bt_prices_{n}x{t}.f64", (t, n))
    w = read(f"{d}/bt_weights_{n}.f64")
    dates, day = [], dt.date(2006, 1, 2)
    while len(dates) < t:
        if day.weekday() < 5:
            dates.append(day)
        day += dt.timedelta(days=1)
    cfg = dict(initialNav=1e6, commissionBps=7.0, slippageBps=3.0, borrowRate=0.03)
    def f():
        r = run_vectorised_monthly(p, dates, w, cfg)  # dict (NAV, exposures, attribution) or, before a8b303e, a tuple
        return r["nav"] if isinstance(r, dict) else r[0]
    return timed(reps, f) + ({},)


def t_factormodel(size, reps, d):
    """OLS of every name on [1, F] (np.linalg.lstsq, one call), residual variances (ddof K + 1), np.cov of the factors,
    Sigma = B F B' + D, and the Euler decomposition of the book (the same outputs as hbbench, same normalisation)."""
    n, k, t = dims(size)
    f = read(f"{d}/fm_factors_{k}x{t}.f64", (t, k))
    y = read(f"{d}/fm_returns_{n}x{t}.f64", (t, n))
    w = read(f"{d}/fm_weights_{n}.f64")

    def run():
        x = np.column_stack([np.ones(t), f])
        coef = np.linalg.lstsq(x, y, rcond=None)[0]
        e = y - x @ coef
        dvar = (e * e).sum(axis=0) / (t - k - 1)
        fc = np.cov(f, rowvar=False)
        b = coef[1:, :].T
        sigma = b @ fc @ b.T + np.diag(dvar)
        xw = b.T @ w
        fx = fc @ xw
        tv = xw @ fx + (w * w * dvar).sum()
        pos = w * (b @ fx) + w * w * dvar
        return np.concatenate([coef.T.ravel(), dvar / dvar.mean(), xw * fx / tv, pos / tv, [w @ sigma @ w / tv]])
    return timed(reps, run) + ({},)


def run_task(task, size, reps, d):
    if task == "dgemm":
        return t_dgemm(size, reps, d)
    if task in ("correlation", "ewma", "ledoitwolf"):
        return t_cov(task, size, reps, d)
    if task in ("cholesky", "syevd"):
        return t_lapack(task, size, reps, d)
    fn = {"nearcorr": t_nearcorr, "bs": t_bs, "iv": t_iv, "american": t_american, "stress": t_stress,
          "hedge": t_hedge, "mcvar": t_mcvar, "backtest": t_backtest, "factormodel": t_factormodel}.get(task)
    if fn is None:
        raise ValueError(f"unknown task {task}")
    return fn(size, reps, d)


def versions():
    v = {"numpy": np.__version__}
    for m in ("scipy", "sklearn", "QuantLib"):
        try:
            v[m] = __import__(m).__version__
        except Exception:  # noqa: BLE001
            pass
    try:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        v["numpy_blas"] = f"{cfg.get('name')} {cfg.get('version')}"
    except Exception:  # noqa: BLE001
        pass
    return v


def main():
    a = sys.argv[1:]
    if a and a[0] == "serve":
        d = a[1]
        print(json.dumps(versions()), flush=True)
        for line in sys.stdin:
            f = line.split()
            if not f:
                continue
            if f[0] == "quit":
                break
            try:
                times, out, info = run_task(f[0], f[1], int(f[2]), d)
                if len(f) > 3 and f[3] != "-":
                    write(f[3], np.asarray(out, dtype=float))
                print(json.dumps({"times": times, "info": info}), flush=True)
            except Exception as e:  # noqa: BLE001
                print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
    elif len(a) >= 2:
        reps = int(a[2]) if len(a) > 2 else 5
        d = a[3] if len(a) > 3 else os.environ.get("HEDGEBOOK_BENCH_INPUTS", "/tmp/hedgebook-bench-inputs")
        from common import ensure_inputs
        ensure_inputs(a[0], a[1], d)
        times, _, info = run_task(a[0], a[1], reps, d)
        print(f"{a[0]} {a[1]}: median {sorted(times)[len(times) // 2]:.4f} s over {reps} reps {info}")
    else:
        print(__doc__)


if __name__ == "__main__":
    main()
