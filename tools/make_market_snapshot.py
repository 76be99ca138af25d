#!/usr/bin/env python3
"""Build fixtures/market/snapshot-2026-08-03.yaml from the real daily data in ../shared/data.

Run from the repository root:

    python3 tools/make_market_snapshot.py            # writes the fixture
    python3 tools/make_market_snapshot.py --stdout   # prints it instead

The data files are read in place (../shared/data relative to the repo root) and never copied.
Output is deterministic: the same inputs always produce byte-identical YAML.

Method
* spot: last close on or before the as-of date, in the trading currency.
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
  ending 2026-05-29 = the files' end) divided by the spot, converted to a continuous yield ln(1+q).
  Names without a dividend file: an assumed yield, commented.
* rates: USD from ^IRX (13-week T-bill discount yield) on the as-of date, converted to a continuous rate:
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
OUT = os.path.join(ROOT, "fixtures", "market", "snapshot-2026-08-03.yaml")
AS_OF = "2026-08-03"
WINDOW = 252


def read_close(rel: str, date_col: str = "Date", close_col: str = "Close") -> list[tuple[str, float]]:
    with open(os.path.join(DATA, rel), newline="") as f:
        rows = [(r[date_col], float(r[close_col])) for r in csv.DictReader(f) if r[close_col] not in ("", None)]
    rows.sort()
    return rows


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


def ttm_dividend_yield(ticker: str, spot: float, end: str = "2026-05-29") -> tuple[float, float]:
    path = os.path.join(DATA, "ohlcv_dividends_to_2026", f"{ticker}_dividends.csv")
    start = (date.fromisoformat(end) - timedelta(days=365)).isoformat()
    total = 0.0
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if start < r["Date"] <= end:
                total += float(r["Dividend"])
    return math.log(1 + total / spot), total


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
    w("# Market snapshot for the AI-infrastructure thesis book, generated by tools/make_market_snapshot.py")
    w("# from the real daily data in ../shared/data (files cited per instrument; the data are not copied here).")
    w("# Spots are closes in the trading currency on the as-of date, or on the last date the data hold")
    w("# (HK names 2025-10-30, SK Hynix 2026-05-29): the source string states the date.")
    w("# volatility = 252-day realised std of daily log returns x sqrt(252) ending at the spot date.")
    w("# beta = OLS vs SPY (daily for US listings; weekly for HK/KRX listings, which close asynchronously).")
    w("# dividendYield = trailing-12-month dividends to 2026-05-29 / spot (continuous), or assumed (commented).")
    w("# borrowRate = annual stock-borrow fee for shorts; all assumptions, commented per line.")
    w(f"asOf: {AS_OF}")
    w("baseCurrency: USD")

    # rates
    irx = dict(read_close("adjclose_to_2026/IRX_index.csv"))
    d = irx[AS_OF] / 100.0
    usd = -math.log(1 - d * 91 / 360) / (91 / 365)
    w("# Flat continuously-compounded risk-free rates (fraction per year).")
    w(f"# USD: ^IRX 13-week T-bill discount yield {irx[AS_OF]:.3f}% on {AS_OF} (adjclose_to_2026/IRX_index.csv);")
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
            w(f"    currency: {ccy}")
            w(f"    volatility: {fmt(a['volatility'], 4)}")
            w(f"    dividendYield: {fmt(q, 4)}")
            w(f"    borrowRate: {fmt(borrow, 4)}")
            w(f"    beta: {fmt(a['beta'], 2)}")
            w(f"    source: \"{reason}\"")
            w("    assumed: true")
            summary.append((iid, a["spot"], ccy, a["volatility"], a["beta"], "assumed"))
            continue
        rows = upto(read_close(rel), AS_OF)
        last_day, spot = rows[-1]
        vol, n = realised_vol(rows)
        non_us = ccy != "USD"
        beta = weekly_beta(rows, spy) if non_us else daily_beta(rows, spy)
        if iid in ASSUMED_DIV:
            q, qnote = ASSUMED_DIV[iid]
        else:
            q, paid = ttm_dividend_yield(iid.replace(".KS", ".KS"), spot)
            qnote = (f"trailing-12m dividends {fmt(paid, 4)} {ccy} to 2026-05-29 "
                     f"(ohlcv_dividends_to_2026/{iid}_dividends.csv) / spot")
        w(f"  #   dividendYield: {qnote}")
        if iid == "000660.KS":
            w("  #   Note: KRW 2.33m/share is the data's 2026-05-29 close (the series rose from ~KRW 0.56m in Oct-2025);")
            w("  #   ohlcv 'Close' is split-adjusted only, so it is the actual traded close.")
        if last_day != AS_OF:
            stale = f"; data end {last_day}, stale vs as-of {AS_OF}"
        else:
            stale = ""
        basis = "weekly" if non_us else "daily"
        window = f"{n} daily log returns" + (" (listing younger than a year)" if n < WINDOW else "")
        src = (f"{rel} close {last_day}{stale}; vol = realised over {window} to {last_day}; "
               f"beta = OLS vs SPY on {basis} log returns")
        w(f"  {iid}:")
        w(f"    spot: {fmt(spot, 4)}")
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
    text, summary = build()
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    for iid, spot, ccy, vol, beta, day in summary:
        print(f"{iid:10s} {spot:>14.4f} {ccy}  vol {vol:.4f}  beta {beta:5.2f}  {day}")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
