"""Shared by the peers and the orchestrator: deterministic inputs (numpy, fixed seeds) written once as raw
little-endian float64 files (matrices column-major, as Hedgebook stores them), and the Weyl sequence that the pricing
tasks compute identically in Swift and numpy (frac((i + 1) * alpha) in double precision)."""
import os

import numpy as np

ALPHA1, ALPHA2, ALPHA3 = 0.6180339887498949, 0.7548776662466927, 0.5698402909980532
R, Q = 0.04, 0.01


def weyl(n, a):
    x = np.arange(1, n + 1, dtype=np.float64) * a
    return x - np.floor(x)


def write(path, arr):
    np.asarray(arr, dtype="<f8").ravel(order="F").tofile(path)


def read(path, shape=None):
    x = np.fromfile(path, dtype="<f8")
    return x if shape is None else x.reshape(shape, order="F")


def dims(size):
    return [int(v) for v in size.split("x")]


def bs_price(w, s, k, t, r, q, v):
    from scipy.special import ndtr
    sd = v * np.sqrt(t)
    d1 = (np.log(s / k) + (r - q) * t) / sd + 0.5 * sd
    d2 = d1 - sd
    return w * (s * np.exp(-q * t) * ndtr(w * d1) - k * np.exp(-r * t) * ndtr(w * d2))


def _once(d, name, make):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        tmp = p + ".tmp"
        write(tmp, make())
        os.replace(tmp, p)


def ensure_inputs(task, size, d):
    """Creates (once) the input files of one task/size in directory d."""
    os.makedirs(d, exist_ok=True)
    if task == "dgemm":
        n = int(size)
        _once(d, f"dgemm_{n}_A.f64", lambda: np.random.default_rng(1).standard_normal((n, n)))
        _once(d, f"dgemm_{n}_B.f64", lambda: np.random.default_rng(2).standard_normal((n, n)))
    elif task in ("correlation", "ewma", "ledoitwolf"):
        n, t = dims(size)

        def make():
            g = np.random.default_rng(11)
            m = g.standard_normal(t)
            beta = g.uniform(0.5, 1.5, n)
            return 0.01 * (0.6 * m[:, None] * beta[None, :] + g.standard_normal((t, n))) + 0.0003
        _once(d, f"returns_{n}x{t}.f64", make)
    elif task in ("cholesky", "syevd"):
        n = int(size)

        def make():
            x = np.random.default_rng(12).standard_normal((2 * n, n))
            a = x.T @ x / (2 * n) + 0.1 * np.eye(n)
            return 0.5 * (a + a.T)
        _once(d, f"spd_{n}.f64", make)
    elif task == "nearcorr":
        n = int(size)

        def make():
            g = np.random.default_rng(13)
            b = g.uniform(-1, 1, (n, 3))
            c = b @ b.T + np.diag(g.uniform(0.2, 1.0, n))
            s = 1 / np.sqrt(np.diag(c))
            c = c * s[:, None] * s[None, :]
            e = g.uniform(-0.3, 0.3, (n, n))
            c = np.clip(c + 0.5 * (e + e.T), -0.99, 0.99)
            np.fill_diagonal(c, 1.0)
            assert np.linalg.eigvalsh(c)[0] < 0
            return c
        _once(d, f"brokencorr_{n}.f64", make)
    elif task == "iv":
        n = int(size)

        def make():
            i = np.arange(n)
            w = np.where(i % 2 == 0, 1.0, -1.0)
            k = 80 + 40 * weyl(n, ALPHA1)
            t = 0.1 + 1.9 * weyl(n, ALPHA2)
            v = 0.1 + 0.7 * weyl(n, ALPHA3)
            return bs_price(w, 100.0, k, t, R, Q, v)
        _once(d, f"ivprices_{n}.f64", make)
    elif task == "stress":
        total, a, o = dims(size)
        block = min(total, 10_000)
        g = np.random.default_rng(14)
        spot = g.uniform(50, 500, a)
        qty = g.normal(0, 1000, a)
        qty[qty == 0] = 1.0
        vol = g.uniform(0.2, 0.8, a)
        und = g.choice(a, o, replace=False)
        right = g.integers(0, 2, o).astype(float)
        strike = spot[und] * g.uniform(0.7, 1.3, o)
        days = g.integers(40, 730, o).astype(float)
        oq = g.normal(0, 100, o)
        oq[oq == 0] = 1.0
        _once(d, f"st_stock_{a}.f64", lambda: np.column_stack([spot, qty, vol]).T)  # per stock row, contiguous
        _once(d, f"st_opt_{o}.f64", lambda: np.column_stack([und.astype(float), right, strike, days, oq]).T)
        g2 = np.random.default_rng(15)
        _once(d, f"st_returns_{block}x{a}.f64", lambda: np.clip(g2.normal(0, 0.1, (block, a)), -0.9, 2.0))
        _once(d, f"st_vols_{block}x{o}.f64",
              lambda: np.maximum(vol[und][None, :] * (1 + np.random.default_rng(16).normal(0, 0.1, (block, o))), 0.01))
    elif task == "hedge":
        s, o = dims(size)
        a = 20
        g = np.random.default_rng(21)
        spot = g.uniform(50, 500, a)
        qty = 1e8 * g.uniform(0.02, 0.06, a) / spot          # long stocks, 2-6% of a 1e8 NAV each
        vol = g.uniform(0.25, 0.6, a)
        und = np.arange(o) // 3 % a
        strike = spot[und] * np.array([0.8, 0.9, 1.0])[np.arange(o) % 3]
        days = np.array([91.0, 182.0, 365.0])[(np.arange(o) // 3) % 3]
        _once(d, f"hg_stock_{a}.f64", lambda: np.column_stack([spot, qty, vol]).T)
        _once(d, f"hg_opt_{o}.f64", lambda: np.column_stack([und.astype(float), strike, days]).T)
        g2 = np.random.default_rng(22)
        beta = g2.uniform(0.8, 1.6, a)
        f = g2.normal(0, 0.06, s)
        _once(d, f"hg_returns_{s}x{a}.f64",
              lambda: np.clip(beta[None, :] * f[:, None] + g2.normal(0, 0.05, (s, a)), -0.9, 2.0))
    elif task == "mcvar":
        paths, n, o = dims(size)
        g = np.random.default_rng(17)
        m = g.standard_normal(1000)
        rr = 0.01 * (0.7 * m[:, None] + g.standard_normal((1000, n))) + 0.0003
        _once(d, f"mc_cov_{n}.f64", lambda: np.cov(rr, rowvar=False))
        _once(d, f"mc_mean_{n}.f64", lambda: rr.mean(axis=0))
        _once(d, f"mc_w_{n}.f64", lambda: np.array([-0.02 if j % 3 == 0 else 0.04 for j in range(n)]))
        _once(d, f"mc_opt_{o}.f64", lambda: np.array(
            [[0.0 if k % 2 == 0 else 1.0, 85.0 if k % 2 == 0 else 115.0, float((3 * k) % n), 0.001] for k in range(o)]).T)
    elif task == "backtest":
        n, t = dims(size)
        g = np.random.default_rng(18)
        _once(d, f"bt_prices_{n}x{t}.f64",
              lambda: 100 * np.exp(np.cumsum(0.0003 + 0.02 * g.standard_normal((t, n)), axis=0)))

        def weights():
            w = np.random.default_rng(19).uniform(-1, 1, n)
            return w / np.abs(w).sum() * 1.5
        _once(d, f"bt_weights_{n}.f64", weights)
    elif task == "factormodel":
        n, k, t = dims(size)
        g = np.random.default_rng(20)
        f = 0.02 * g.standard_normal((t, k))
        b = g.uniform(-0.5, 1.5, (n, k))
        _once(d, f"fm_factors_{k}x{t}.f64", lambda: f)
        _once(d, f"fm_returns_{n}x{t}.f64", lambda: 0.001 + f @ b.T + 0.03 * g.standard_normal((t, n)))
        _once(d, f"fm_weights_{n}.f64", lambda: np.random.default_rng(21).uniform(-0.5, 1.0, n) / n)
    # bs, american: inputs are the shared Weyl sequence, nothing to write
