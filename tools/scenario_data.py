"""Shared helpers for the scenario generators (tools/make_history_scenarios.py, tools/make_case_scenarios.py).

Reads the real daily data in ../shared/data (relative to the repository root) in place; nothing is copied.
Only the csv module and numpy are used, so the output is deterministic.
"""
from __future__ import annotations

import bisect
import csv
import math
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))

# Book instruments in ledger order, then the option underlying and hedge/benchmark ETFs.
BOOK = ["NVDA", "AVGO", "300308.SZ", "ORCL", "688256.SS", "BABA", "000660.KS", "VRT", "AMZN", "9660.HK",
        "TSM", "ASML", "AMAT", "0700.HK", "LITE", "0981.HK", "1347.HK", "MU"]
EXTRA = ["KWEB", "XLK", "SPY", "SOXX"]

LAYER = {
    "NVDA": "accelerators", "AVGO": "accelerators", "688256.SS": "accelerators",
    "ORCL": "cloud", "BABA": "cloud", "AMZN": "cloud", "0700.HK": "cloud",
    "300308.SZ": "optical", "LITE": "optical",
    "000660.KS": "hbm", "MU": "hbm",
    "VRT": "power-cooling", "9660.HK": "auto-edge",
    "TSM": "foundry", "0981.HK": "foundry", "1347.HK": "foundry",
    "ASML": "equipment", "AMAT": "equipment",
}

NAME = {
    "NVDA": "NVIDIA", "AVGO": "Broadcom", "300308.SZ": "Zhongji Innolight", "ORCL": "Oracle",
    "688256.SS": "Cambricon", "BABA": "Alibaba ADR", "000660.KS": "SK Hynix", "VRT": "Vertiv",
    "AMZN": "Amazon", "9660.HK": "Horizon Robotics", "TSM": "TSMC ADR", "ASML": "ASML ADR",
    "AMAT": "Applied Materials", "0700.HK": "Tencent", "LITE": "Lumentum", "0981.HK": "SMIC",
    "1347.HK": "Hua Hong", "MU": "Micron", "KWEB": "KraneShares China Internet ETF", "XLK": "Tech Select SPDR",
    "SPY": "SPDR S&P 500", "SOXX": "iShares Semiconductor ETF",
}


def us(t: str) -> str:
    return f"adjclose_to_2026/{t}.csv"


# Where each series lives (None: no usable series). Proxy tickers (ETFs, peers) are read from adjclose_to_2026.
FILES = {
    "000660.KS": "ohlcv_dividends_to_2026/000660.KS.csv",
    "9660.HK": "hk_2009_2025/9660.HK.csv",
    "0700.HK": "hk_2009_2025/0700.HK.csv",
    "0981.HK": "hk_2009_2025/0981.HK.csv",
    "1347.HK": "hk_2009_2025/1347.HK.csv",
    "300308.SZ": "ashare_to_2020/300308.SZ.csv",
    "688256.SS": None,
}


def file_for(t: str):
    return FILES.get(t, us(t))


_cache: dict[str, list[tuple[str, float]]] = {}


def series(rel: str) -> list[tuple[str, float]]:
    """Sorted (date, close) rows of one data file."""
    if rel not in _cache:
        with open(os.path.join(DATA, rel), newline="") as f:
            rdr = csv.DictReader(f)
            cols = rdr.fieldnames or []
            dc = "Date" if "Date" in cols else ("date" if "date" in cols else "DATE")
            cc = "Close" if "Close" in cols else ("close" if "close" in cols else "CLOSE")
            _cache[rel] = sorted((r[dc], float(r[cc])) for r in rdr if r[cc] not in ("", None))
    return _cache[rel]


def close_on_or_before(rows, day):
    ds = [d for d, _ in rows]
    i = bisect.bisect_right(ds, day) - 1
    return rows[i] if i >= 0 else None


def close_on_or_after(rows, day):
    ds = [d for d, _ in rows]
    i = bisect.bisect_left(ds, day)
    return rows[i] if i < len(rows) else None


def episode_return(rel: str, start: str, end: str):
    """Simple return from the last close on/before `start` to the first close on/after `end`.

    Using the first close on/after `end` means a market that was shut on the end date (a holiday) contributes
    its reaction at the reopening. Returns (return, start_date, end_date) or None when the series does not
    cover the window (listing later than start, or data ending before end, or a gap of more than 7 days).
    """
    rows = series(rel)
    a = close_on_or_before(rows, start)
    b = close_on_or_after(rows, end)
    if a is None or b is None:
        return None
    from datetime import date
    if (date.fromisoformat(start) - date.fromisoformat(a[0])).days > 7:
        return None
    if (date.fromisoformat(b[0]) - date.fromisoformat(end)).days > 7:
        return None
    return b[1] / a[1] - 1.0, a[0], b[0]


def vix_close(day: str, after: bool = False) -> tuple[str, float]:
    rows = series("vix/vix-daily.csv")
    return close_on_or_after(rows, day) if after else close_on_or_before(rows, day)


# ----- vol betas: implied-vol points per VIX point -------------------------------------------------------
VOL_BETA_START = "2015-01-01"
VOL_BETA_END = "2026-07-23"   # last VIX close in vix/vix-daily.csv


def vol_beta(rel: str, start: str = VOL_BETA_START) -> tuple[float, int]:
    """Slope of a name's 21-day realised vol on the VIX level (both as fractions), sampled every 21 trading days.

    A proxy for how many implied-vol points a name moves per VIX point. Returns (slope, samples).
    """
    rows = [r for r in series(rel) if start <= r[0] <= VOL_BETA_END]
    vix = series("vix/vix-daily.csv")
    lr = np.diff(np.log([c for _, c in rows]))
    ys, xs = [], []
    for i in range(21, len(lr) + 1, 21):
        ys.append(float(np.std(lr[i - 21:i], ddof=1) * math.sqrt(252)))
        xs.append(close_on_or_before(vix, rows[i][0])[1] / 100.0)
    if len(ys) < 24:
        return float("nan"), len(ys)
    return float(np.polyfit(np.array(xs), np.array(ys), 1)[0]), len(ys)


# Names whose own history is too short or missing for a vol beta, and the proxy used.
VOL_BETA_PROXY = {
    "300308.SZ": ("KBA", "A-share ETF KBA (Zhongji has no data after 2020)"),
    "688256.SS": ("KBA", "A-share ETF KBA (no Cambricon data)"),
    "9660.HK": ("0700.HK+0981.HK+1347.HK", "mean of the HK book names (Horizon listed 2024-10, too short)"),
}
VOL_BETA_MIN, VOL_BETA_MAX = 0.4, 1.5


def vol_betas() -> dict[str, tuple[float, str]]:
    """Per-instrument vol beta (clipped to [0.4, 1.5]) and a note saying how it was obtained."""
    out: dict[str, tuple[float, str]] = {}
    raw: dict[str, float] = {}
    for t in BOOK + EXTRA + ["KBA"]:
        rel = file_for(t)
        if rel is None or t in VOL_BETA_PROXY:
            continue
        start = "2020-03-01" if t == "VRT" else VOL_BETA_START   # VRT before 2020-02 is a $10 SPAC
        b, n = vol_beta(rel, start)
        raw[t] = b
        out[t] = (min(max(b, VOL_BETA_MIN), VOL_BETA_MAX),
                  f"slope {b:.2f} of 21d realised vol on VIX, {n} samples {start[:4]}-{VOL_BETA_END[:4]}")
    for t, (proxy, why) in VOL_BETA_PROXY.items():
        parts = proxy.split("+")
        b = float(np.mean([raw[p] for p in parts]))
        out[t] = (min(max(b, VOL_BETA_MIN), VOL_BETA_MAX), f"proxy {why}: slope {b:.2f}")
    return out


def fmt(x: float, nd: int = 4) -> str:
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
