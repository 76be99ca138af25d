#!/usr/bin/env python3
"""Independent cross-check of `hedgebook snapshot` (issue 14): the same market snapshot, computed with numpy.

The bundled fixtures/market/snapshot-2026-08-03.yaml is written by `hedgebook snapshot --as-of 2026-08-03`; this
script was its original generator and is kept as the reference the command is checked against: every data line
(everything but comments) of its output must equal the command's, character for character
(Tests/ApplicationTests/SnapshotTests.swift). Run from the repository root:

    python3 tools/make_market_snapshot.py                         # prints the 2026-08-03 snapshot
    python3 tools/make_market_snapshot.py --as-of 2024-06-28      # another date
    python3 tools/make_market_snapshot.py --out FILE              # writes FILE (refuses to replace an existing one)

The data files are read in place (../shared/data relative to the repo root) and never copied.
Output is deterministic: the same inputs always produce byte-identical YAML. The hard-coded assumptions below
(borrow, assumed dividend yields and quotes, rates, FX) are the workspace's marketAssumptions (hedgebook.yaml), kept
here on purpose: the check also catches a workspace that drifts from them.

Method
* spot: last close on or before the as-of date, in the trading currency; the quote's asOf is that close's date.
  Among a name's files (adjclose_to_2026 or hk/ohlcv first, then ohlcv_dividends_to_2026 and yahoo_ohlcv_2000_2024,
  whose Close is the traded, split-adjusted-only close) the latest close wins; on the same date a traded close wins
  over a dividend-adjusted one. Volatility and beta use the first file (adjusted closes) up to the spot date.
  - adjclose_to_2026/<T>.csv holds split- and dividend-adjusted closes downloaded on 2026-08-03, so the
    close ON 2026-08-03 is the actual (unadjusted) close; only earlier closes are scaled by later dividends.
    All of its series are on the post-split basis (NVDA 10:1 2024-06-10, AVGO 10:1 2024-07-15).
  - SK Hynix: ohlcv_dividends_to_2026/000660.KS.csv `Close` (split-adjusted, not dividend-adjusted),
    last row 2026-05-29.
  - HK names: hk_2009_2025/<code>.HK.csv (yfinance auto-adjusted, downloaded ~2026-01-04), last row 2025-10-30.
    None of the four HK names had an ex-dividend date between 2025-10-30 and the download, so that close is
    the actual close.
  - Zhongji Innolight (data end 2020-08-24) and Cambricon (no data): assumed, see ASSUMED below.
* volatility: std of the last 252 daily log returns (ddof=1) x sqrt(252), ending on the spot date
  (fewer returns when the listing is younger; stated in the source string).
* beta: OLS slope vs SPY. US listings: daily log returns over the same 252 days. Non-US listings
  (HK, KRX): non-overlapping weekly (5-trading-day) log returns over ~1 year, because their closes are
  asynchronous to SPY's and a daily beta would be biased towards zero.
* dividendYield: trailing-12-month cash dividends (ohlcv_dividends_to_2026/<T>_dividends.csv, window
  ending at the earlier of the as-of date and the last close of ohlcv_dividends_to_2026/<T>.csv = the data's end,
  2026-05-29) divided by the spot, converted to a continuous yield ln(1+q).
  Names without a dividend file: an assumed yield, commented.
* rates: USD from ^IRX (13-week T-bill discount yield) on the as-of date (the last value on or before it),
  converted to a continuous rate:
  P = 1 - d*91/360, r = -ln(P) / (91/365). Others assumed (commented).
"""
from __future__ import annotations

import csv
import math
import os
import sys
from datetime import date, timedelta

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
AS_OF = "2026-08-03"
WINDOW = 252
# Folders whose Close is the traded close (split-adjusted only), in the workspace's layout order.
RAW = ["ohlcv_dividends_to_2026", "yahoo_ohlcv_2000_2024"]


_CACHE: dict = {}


def read_close(rel: str, date_col: str = "Date", close_col: str = "Close") -> list[tuple[str, float]]:
    key = (rel, date_col, close_col)
    if key not in _CACHE:
        with open(os.path.join(DATA, rel), newline="") as f:
            rows = [(r[date_col], float(r[close_col])) for r in csv.DictReader(f) if r[close_col] not in ("", None)]
        rows.sort()
        _CACHE[key] = rows
    return _CACHE[key]


def spot_choice(rel: str, ticker: str):
    """(file, rows up to the as-of date) of the spot: the latest close over the name's files, a traded close winning a tie."""
    cands = [(rel, False)] + [(f"{d}/{ticker}.csv", True) for d in RAW
                              if f"{d}/{ticker}.csv" != rel and os.path.exists(os.path.join(DATA, d, f"{ticker}.csv"))]
    if rel.split("/")[0] in RAW:
        cands[0] = (rel, True)
    best = None
    for f, raw in cands:
        rows = upto(read_close(f), AS_OF)
        if not rows:
            continue
        if best is None or rows[-1][0] > best[2] or (rows[-1][0] == best[2] and raw and not best[1]):
            best = (f, raw, rows[-1][0], rows)
    return best


def upto(rows, day):
    return [r for r in rows if r[0] <= day]


def realised_vol(rows) -> tuple[float, int]:
    closes = np.array([c for _, c in rows[-(WINDOW + 1):]])
    lr = np.diff(np.log(closes))
    return float(np.std(lr, ddof=1) * math.sqrt(252)), len(lr)


def daily_beta(rows, spy_rows) -> float:
    s = dict(spy_rows)
    common = [(d, c) for d, c in rows if d in s][-(WINDOW + 1):]
    x = np.diff(np.log([s[d] for d, _ in common]))
    y = np.diff(np.log([c for _, c in common]))
    return float(np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1))


def weekly_beta(rows, spy_rows) -> float:
    """Beta from non-overlapping 5-trading-day returns over the last ~252 common dates.

    Dates are aligned on the stock's calendar; SPY's close for a date is its last close on or before it.
    """
    sd = [d for d, _ in spy_rows]
    sc = [c for _, c in spy_rows]
    import bisect

    def spy_at(d):
        i = bisect.bisect_right(sd, d) - 1
        return sc[i]

    r = rows[-(WINDOW + 1):]
    idx = list(range(len(r) - 1, -1, -5))[::-1]
    y = np.diff(np.log([r[i][1] for i in idx]))
    x = np.diff(np.log([spy_at(r[i][0]) for i in idx]))
    return float(np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1))


def ttm_dividend_yield(ticker: str, spot: float) -> tuple[float, float, str]:
    path = os.path.join(DATA, "ohlcv_dividends_to_2026", f"{ticker}_dividends.csv")
    end = min(AS_OF, read_close(f"ohlcv_dividends_to_2026/{ticker}.csv")[-1][0])
    start = (date.fromisoformat(end) - timedelta(days=365)).isoformat()
    total = 0.0
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if start < r["Date"] <= end:
                total += float(r["Dividend"])
    return math.log(1 + total / spot), total, end


# ---------------------------------------------------------------------------------------------------------
# Instrument table: id -> (data file, currency, kind, borrow rate, borrow comment, assumed dividend yield or None)
# Borrow assumptions (annual fee for shorts; fraction):
#   US mega/large caps 0.25% (general collateral); mid caps / crowded names 0.50%; ETFs 0.30%;
#   LITE 2.5% (thesis: "LITE borrow about 2-3% a year"); SMIC 0.5% (thesis: SMIC borrow "low");
#   other HK names 1.0%; A-shares 7% (thesis: A-share securities lending 6-8% a year; the book holds no
#   A-share shorts, the number only prices the constraint).
US = "adjclose_to_2026/{}.csv"
TABLE = [
    # id,          file,                                   ccy,  borrow, borrow note
    ("NVDA", US.format("NVDA"), "USD", 0.0025, "US mega cap, general collateral"),
    ("AVGO", US.format("AVGO"), "USD", 0.0025, "US mega cap, general collateral"),
    ("300308.SZ", None, "CNY", 0.07, "A-share securities lending 6-8%/yr per thesis; longs only"),
    ("ORCL", US.format("ORCL"), "USD", 0.0025, "US mega cap, general collateral"),
    ("688256.SS", None, "CNY", 0.07, "A-share (STAR) securities lending 6-8%/yr per thesis; longs only"),
    ("BABA", US.format("BABA"), "USD", 0.005, "large China ADR, easy to borrow"),
    ("000660.KS", "ohlcv_dividends_to_2026/000660.KS.csv", "KRW", 0.01, "KRX stock borrow assumed 1%"),
    ("VRT", US.format("VRT"), "USD", 0.005, "US large cap, crowded (thesis: yellow zone)"),
    ("AMZN", US.format("AMZN"), "USD", 0.0025, "US mega cap, general collateral"),
    ("9660.HK", "hk_2009_2025/9660.HK.csv", "HKD", 0.01, "HK name, ~1% assumed"),
    ("TSM", US.format("TSM"), "USD", 0.0025, "US-listed mega-cap ADR, general collateral"),
    ("ASML", US.format("ASML"), "USD", 0.0025, "US-listed mega-cap ADR, general collateral"),
    ("AMAT", US.format("AMAT"), "USD", 0.0025, "US large cap, general collateral"),
    ("0700.HK", "hk_2009_2025/0700.HK.csv", "HKD", 0.01, "HK mega cap, ~1% assumed"),
    ("LITE", US.format("LITE"), "USD", 0.025, "thesis: LITE borrow about 2-3% a year"),
    ("0981.HK", "hk_2009_2025/0981.HK.csv", "HKD", 0.005, "thesis: SMIC borrow 'low'"),
    ("1347.HK", "hk_2009_2025/1347.HK.csv", "HKD", 0.01, "HK name, ~1% assumed"),
    ("MU", US.format("MU"), "USD", 0.0025, "US large cap, general collateral"),
    ("KWEB", US.format("KWEB"), "USD", 0.003, "ETF, ~0.3% assumed"),
    ("XLK", US.format("XLK"), "USD", 0.003, "ETF, ~0.3% assumed"),
    ("SPY", US.format("SPY"), "USD", 0.003, "ETF, ~0.3% assumed"),
    ("SOXX", US.format("SOXX"), "USD", 0.003, "ETF, ~0.3% assumed"),
]

# Dividend yields for names without a dividend file (continuous, fraction/yr), with reasons.
ASSUMED_DIV = {
    "300308.SZ": (0.004, "assumed: A-share optical name, small cash dividend (thesis: 'A-share dividend low')"),
    "688256.SS": (0.0, "assumed: Cambricon pays no dividend"),
    "9660.HK": (0.0, "assumed: Horizon Robotics pays no dividend"),
    "0700.HK": (0.007, "assumed: Tencent ~HK$4.5 annual dividend / HK$651"),
    "0981.HK": (0.0, "assumed: SMIC pays no dividend"),
    "1347.HK": (0.0, "assumed: Hua Hong has paid no recent dividend"),
    "ASML": (0.009, "assumed: ASML ADR ~0.9% (thesis: ASML and AMAT dividends about 1% together); no dividend file"),
    "KWEB": (0.01, "assumed: KWEB distributes ~1%/yr; no dividend file"),
    "SOXX": (0.006, "assumed: SOXX distributes ~0.6%/yr; no dividend file"),
}

# Names with no usable current price: assumed values with reasons.
ASSUMED = {
    "300308.SZ": dict(
        spot=450.0, volatility=0.65, beta=0.6,
        reason=("assumed: no Zhongji price after 2020-08-24 in ../shared/data (ashare_to_2020/300308.SZ.csv, "
                "last forward-adjusted close CNY {last:.2f}, a 6-year-stale level before the 2023-25 AI re-rating). "
                "Spot CNY 450 is an assumed mid-2026 order of magnitude after the 2025 AI-optics re-rating (the thesis's ~US$20B "
                "market cap, SS3, is a dated figure, about CNY 130/share); the level only converts %NAV to quantities; "
                "vol 0.65 assumed (its own 252-day realised vol to 2020-08-24 was {vol20:.2f}; AI optics names "
                "ran higher since); beta 0.6 assumed (A-shares trade asynchronously to SPY)"),
    ),
    "688256.SS": dict(
        spot=1300.0, volatility=0.75, beta=0.6,
        reason=("assumed: no Cambricon (688256, STAR) series in ../shared/data. Spot CNY 1,300 is an assumed "
                "order of magnitude (2025 trading range roughly CNY 500-1,600); vol 0.75 assumed for a STAR-market "
                "AI-chip name (+/-20% daily limit); beta 0.6 assumed"),
    ),
}

RATES = [
    ("USD", None, "from ^IRX (adjclose_to_2026/IRX_index.csv) on the as-of date, converted to continuous"),
    ("HKD", 0.035, "assumed: HIBOR tracks USD under the peg, a little lower"),
    ("CNY", 0.014, "assumed: ~1.4% (1y CGB / Shibor area)"),
    ("KRW", 0.025, "assumed: BoK base rate area"),
    ("EUR", 0.02, "assumed: ECB deposit rate area (no EUR position; kept for EUR-listed variants)"),
]

FX = [
    ("HKD", 0.1276, "assumed: USD/HKD 7.837 (inside the 7.75-7.85 peg band)"),
    ("CNY", 0.1395, "assumed: USD/CNY 7.17"),
    ("KRW", 0.00072, "assumed: USD/KRW ~1,389"),
]


def fmt(x: float, nd: int = 4) -> str:
    s = f"{x:.{nd}f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def build() -> str:
    spy = read_close(US.format("SPY"))
    spy = upto(spy, AS_OF)
    lines: list[str] = []
    w = lines.append
    w("version: 1")
    w("# Market snapshot for the AI-infrastructure thesis book, computed by tools/make_market_snapshot.py (the")
    w("# cross-check of `hedgebook snapshot`) from the real daily data in ../shared/data (files cited per instrument).")
    w("# Spots are closes in the trading currency on the as-of date, or on the last date the data hold:")
    w("# each quote's asOf and source state the date.")
    w("# volatility = 252-day realised std of daily log returns x sqrt(252) ending at the spot date.")
    w("# beta = OLS vs SPY (daily for US listings; weekly for HK/KRX listings, which close asynchronously).")
    w("# dividendYield = trailing-12-month dividends to the dividend data's end / spot (continuous), or assumed (commented).")
    w("# borrowRate = annual stock-borrow fee for shorts; all assumptions, commented per line.")
    w(f"asOf: {AS_OF}")
    w("baseCurrency: USD")

    # rates
    irx_day, irx_value = upto(read_close("adjclose_to_2026/IRX_index.csv"), AS_OF)[-1]
    d = irx_value / 100.0
    usd = -math.log(1 - d * 91 / 360) / (91 / 365)
    w("# Flat continuously-compounded risk-free rates (fraction per year).")
    w(f"# USD: ^IRX 13-week T-bill discount yield {irx_value:.3f}% on {irx_day} (adjclose_to_2026/IRX_index.csv);")
    w("#      P = 1 - d*91/360, r = -ln(P)/(91/365). Other currencies: no rate data in ../shared/data, assumed.")
    w("rates:")
    for ccy, val, note in RATES:
        v = usd if val is None else val
        w(f"  {ccy}: {fmt(v, 4)}   # {note}")
    w("# FX: value of one unit of the currency in USD. ../shared/data holds no FX series, so all three are assumed.")
    w("fx:")
    for ccy, val, note in FX:
        w(f"  {ccy}: {val}   # {note}")
    w("instruments:")

    summary = []
    for iid, rel, ccy, borrow, bnote in TABLE:
        w(f"  # {iid}: borrow {fmt(borrow * 100, 2)}% ({bnote})")
        if iid in ASSUMED:
            a = ASSUMED[iid]
            extra = {}
            if iid == "300308.SZ":
                z = read_close("ashare_to_2020/300308.SZ.csv", "date", "close")
                extra = dict(last=z[-1][1], vol20=realised_vol(z)[0])
            reason = a["reason"].format(**extra)
            q, qnote = ASSUMED_DIV[iid]
            w(f"  #   dividendYield: {qnote}")
            w(f"  {iid}:")
            w(f"    spot: {fmt(a['spot'], 2)}")
            w(f"    asOf: {AS_OF}")
            w(f"    currency: {ccy}")
            w(f"    volatility: {fmt(a['volatility'], 4)}")
            w(f"    dividendYield: {fmt(q, 4)}")
            w(f"    borrowRate: {fmt(borrow, 4)}")
            w(f"    beta: {fmt(a['beta'], 2)}")
            w(f"    source: \"{reason}\"")
            w("    assumed: true")
            summary.append((iid, a["spot"], ccy, a["volatility"], a["beta"], "assumed"))
            continue
        choice = spot_choice(rel, iid)
        if choice is None:  # the listing starts after the as-of date: left out, said in a comment
            w(f"  # {iid}: not quoted: {rel} starts {read_close(rel)[0][0]}, after the as-of date {AS_OF}")
            continue
        spot_file, spot_raw, last_day, spot_rows = choice
        spot = spot_rows[-1][1]
        rows = upto(read_close(rel), last_day)
        vol, n = realised_vol(rows)
        non_us = ccy != "USD"
        beta = weekly_beta(rows, spy) if non_us else daily_beta(rows, spy)
        if iid in ASSUMED_DIV:
            q, qnote = ASSUMED_DIV[iid]
        else:
            q, paid, div_end = ttm_dividend_yield(iid, spot)
            qnote = (f"trailing-12m dividends {fmt(paid, 4)} {ccy} to {div_end} "
                     f"(ohlcv_dividends_to_2026/{iid}_dividends.csv) / spot")
        w(f"  #   dividendYield: {qnote}")
        if last_day != AS_OF:
            stale = f"; data end {last_day}, stale vs as-of {AS_OF}"
        else:
            stale = ""
        if not spot_raw and last_day < read_close(spot_file)[-1][0]:
            stale += "; dividend-adjusted close (the data hold no unadjusted close on that date)"
        basis = "weekly" if non_us else "daily"
        window = f"{n} daily log returns" + (" (listing younger than a year)" if n < WINDOW else "")
        of = "" if spot_file == rel else f" of {rel}"
        src = (f"{spot_file} close {last_day}{stale}; vol = realised over {window}{of} to {rows[-1][0]}; "
               f"beta = OLS vs SPY on {basis} log returns")
        w(f"  {iid}:")
        w(f"    spot: {fmt(spot, 4)}")
        w(f"    asOf: {last_day}")
        w(f"    currency: {ccy}")
        w(f"    volatility: {fmt(vol, 4)}")
        w(f"    dividendYield: {fmt(q, 4)}")
        w(f"    borrowRate: {fmt(borrow, 4)}")
        w(f"    beta: {fmt(beta, 2)}")
        w(f"    source: \"{src}\"")
        w("    assumed: false")
        summary.append((iid, spot, ccy, vol, beta, last_day))
    return "\n".join(lines) + "\n", summary


def main() -> None:
    global AS_OF
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--as-of", default=AS_OF, help="snapshot date YYYY-MM-DD (default 2026-08-03)")
    ap.add_argument("--out", help="write this file (never replacing an existing one) instead of printing")
    ap.add_argument("--stdout", action="store_true", help="print (the default; kept for old command lines)")
    ap.add_argument("--summary", action="store_true", help="print one line per instrument on stderr")
    a = ap.parse_args()
    AS_OF = date.fromisoformat(a.as_of).isoformat()
    text, summary = build()
    if a.summary:
        for iid, spot, ccy, vol, beta, day in summary:
            print(f"{iid:10s} {spot:>14.4f} {ccy}  vol {vol:.4f}  beta {beta:5.2f}  {day}", file=sys.stderr)
    if not a.out:
        sys.stdout.write(text)
        return
    with open(a.out, "x") as f:
        f.write(text)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
