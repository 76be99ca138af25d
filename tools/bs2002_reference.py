#!/usr/bin/env python3
"""Golden values for Hedgebook's Bjerksund-Stensland (2002) American approximation (Sources/Pricing/BjerksundStensland.swift).

Writes Tests/PricingTests/Golden/bs2002.json. Run from the repository root:
    python3 tools/bs2002_reference.py            # needs QuantLib and mpmath (pip install QuantLib mpmath)
    python3 tools/bs2002_reference.py --check    # also verifies the psi closed form by 1-D integration (slow)

Why two references. QuantLib's BjerksundStenslandApproximationEngine (checked in QuantLib 1.44 and its current
source) implements the **1993** approximation: one flat exercise trigger I over [0, T] with
h = -(bT + 2 sigma sqrt T) B0 / (Binf - B0). The 2002 approximation (two flat triggers, I2 on [0, t1] and I1 on
[t1, T], t1 = (sqrt5 - 1)/2 T, h(t) = -(bt + 2 sigma sqrt t) K^2 / ((Binf - B0) B0), bivariate normal terms) is not
in QuantLib. So each case carries:
  - "quantlib1993": QuantLib's engine NPV (Hedgebook's one-step form must match it: it shares beta, Binf, B0, the
    phi function, the put-call transformation and the lower bounds with the 2002 pricer);
  - "mp1993": the same 1993 formula evaluated here in 45-digit arithmetic (shows where QuantLib itself is off:
    its normal distribution loses relative accuracy in the far tails);
  - "mp2002": the 2002 formula evaluated here in 45-digit arithmetic with mpmath, as given in Haug, "The Complete
    Guide to Option Pricing Formulas" (2nd ed., 2007), its psi function checked independently (--check), with the
    same documented conventions as the Swift code (trigger heuristic held at t = sigma^2/b^2 when b < 0; call with
    q <= 0 -> max(European, intrinsic); result floored at max(European, intrinsic)). Bivariate normal M(a, b; rho) by
    Plackett's integral N(a)N(b) + (1/2pi) int_0^asin(rho) exp(-(a^2 - 2ab sin t + b^2)/(2 cos^2 t)) dt, with the working
    precision raised by the number of digits the sum cancels.
With --check the psi function's closed form is compared, for a few cases, with an independent evaluation: the
conditional expectation given S(t1) (killed density of the first period times the phi function of the second),
integrated numerically.
Conventions: spot 100, time = days/365 (ACT/365F), flat continuously compounded r and q.
"""
import json
import os
import sys

import mpmath as mp
import QuantLib as ql

mp.mp.dps = 45
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "PricingTests", "Golden", "bs2002.json")
TODAY = ql.Date(3, 8, 2026)
SPOT = 100.0
MAX_LOG_IMAGE_FACTOR = 30  # as BjerksundStensland.maxLogImageFactor


# ---------------------------------------------------------------------------------------------------------------
# mpmath formulas
# ---------------------------------------------------------------------------------------------------------------
def N(x):
    return mp.ncdf(x)


def M(a, b, rho):
    """Bivariate normal P(X <= a, Y <= b; rho) by Plackett's integral; precision raised to cover the cancellation.
    Converged when two subdivisions agree to 32 digits or to 1e-50 absolute (enough: see below)."""
    a, b, rho = mp.mpf(a), mp.mpf(b), mp.mpf(rho)
    extra = 0
    for _ in range(6):
        with mp.workdps(mp.mp.dps + extra):
            f = lambda t: mp.exp(-(a * a - 2 * a * b * mp.sin(t) + b * b) / (2 * mp.cos(t) ** 2))
            base = N(a) * N(b)
            asr = mp.asin(rho)
            # Break points where the integrand can be sharply peaked for large |a|, |b|: near the ends, and around
            # the interior maximum at sin t = min(a/b, b/a) (when ab > 0), at multiples of the peak width 1/max|a|,|b|.
            lo, hi = min(0, asr), max(0, asr)
            pts = [asr * k / 4 for k in range(5)]
            w = 1 / max(abs(a), abs(b), 1)
            centres = [lo, hi]
            if a * b > 0:
                centres.append(mp.asin(min(a / b, b / a)))
            for c in centres:
                pts += [c + sgn * w * mp.mpf(2) ** j for j in (-1, 0, 1, 2, 3) for sgn in (-1, 1)]
            pts = sorted(set(x for x in pts if lo <= x <= hi))
            integral = mp.sign(asr) * mp.quad(f, pts)
            # convergence check: the same integral on a twice finer subdivision
            finer = sorted(set(pts + [(x + y) / 2 for x, y in zip(pts, pts[1:])]))
            err = integral - mp.sign(asr) * mp.quad(f, finer)
            val = base + integral / (2 * mp.pi)
            scale = max(abs(base), abs(integral) / (2 * mp.pi))
        # Accuracy needed: the prices multiply M by factors below e^30, so an absolute error of 1e-50 is ample
        # (values below that are returned as they are); above it, 32 correct digits after the cancellation.
        if scale < 1e-50:
            return max(+val, mp.mpf(0))
        if val > 0 and scale / val < mp.mpf(10) ** (mp.mp.dps + extra - 32) and \
                abs(err) / (2 * mp.pi) < max(1e-32 * abs(val), mp.mpf(10) ** -50):
            return +val
        lost = int(mp.log10(scale / abs(val))) if val != 0 else 300
        extra = max(extra + 40, lost + 60)
    raise RuntimeError("M(%s, %s, %s) did not converge" % (a, b, rho))


def bs_call(S, K, T, r, q, v):
    sd = v * mp.sqrt(T)
    d1 = (mp.log(S / K) + (r - q) * T) / sd + sd / 2
    return S * mp.exp(-q * T) * N(d1) - K * mp.exp(-r * T) * N(d1 - sd)


def params(K, r, q, v):
    b = r - q
    v2 = v * v
    A = b / v2 - mp.mpf(1) / 2
    beta = -A + mp.sqrt(A * A + 2 * r / v2)
    Binf = beta / (beta - 1) * K
    B0 = max(K, r / q * K) if r > 0 else K
    return b, beta, Binf, B0


def kappa(g, b, v):
    return 2 * b / (v * v) + 2 * g - 1


def phi(S, t, g, H, I, r, b, v):
    lam = (-r + g * b + g * (g - 1) * v * v / 2) * t
    sd = v * mp.sqrt(t)
    m = (b + (g - mp.mpf(1) / 2) * v * v) * t
    d = (mp.log(S / H) + m) / sd
    d2 = (mp.log(I * I / (S * H)) + m) / sd
    return mp.exp(lam) * S ** g * (N(-d) - (I / S) ** kappa(g, b, v) * N(-d2))


def psi(S, T, g, H, I2, I1, t1, r, b, v):
    m = b + (g - mp.mpf(1) / 2) * v * v
    s1, s2 = v * mp.sqrt(t1), v * mp.sqrt(T)
    e1 = (mp.log(S / I1) + m * t1) / s1
    e2 = (mp.log(I2 * I2 / (S * I1)) + m * t1) / s1
    e3 = (mp.log(S / I1) - m * t1) / s1
    e4 = (mp.log(I2 * I2 / (S * I1)) - m * t1) / s1
    f1 = (mp.log(S / H) + m * T) / s2
    f2 = (mp.log(I2 * I2 / (S * H)) + m * T) / s2
    f3 = (mp.log(I1 * I1 / (S * H)) + m * T) / s2
    f4 = (mp.log(S * I1 * I1 / (H * I2 * I2)) + m * T) / s2
    rho = mp.sqrt(t1 / T)
    lam = -r + g * b + g * (g - 1) * v * v / 2
    k = kappa(g, b, v)
    return mp.exp(lam * T) * S ** g * (
        M(-e1, -f1, rho) - (I2 / S) ** k * M(-e2, -f2, rho)
        - (I1 / S) ** k * M(-e3, -f3, -rho) + (I1 / I2) ** k * M(-e4, -f4, -rho))


def flat_call(S, K, T, r, b, v, beta, I):
    """One flat trigger I over [0, T] (the 1993 form)."""
    alpha = (I - K) * I ** (-beta)
    P = lambda g, H: phi(S, T, g, H, I, r, b, v)
    return (alpha * S ** beta - alpha * P(beta, I) + P(1, I) - P(1, K) - K * P(0, I) + K * P(0, K))


def call2002(S, K, T, r, q, v):
    S, K, T, r, q, v = (mp.mpf(x) for x in (S, K, T, r, q, v))
    floor = max(bs_call(S, K, T, r, q, v), S - K, 0)
    if q <= 0:
        return floor, "european"
    b, beta, Binf, B0 = params(K, r, q, v)
    t1 = (mp.sqrt(5) - 1) / 2 * T

    def trigger(t):
        te = min(t, v * v / (b * b)) if b < 0 else t
        h = -(b * te + 2 * v * mp.sqrt(te)) * K * K / ((Binf - B0) * B0)
        return B0 + (Binf - B0) * (1 - mp.exp(h))

    I1, I2 = trigger(t1), trigger(T)
    if S >= I2:
        return max(S - K, floor), "exercise"
    worst = max(kappa(g, b, v) * mp.log(x) for g in (0, 1, beta) for x in (I2 / S, I1 / S, I1 / I2))
    worst = max(worst, beta * mp.log(S / I1))
    if worst > MAX_LOG_IMAGE_FACTOR:
        return max(flat_call(S, K, T, r, b, v, beta, I2), floor), "one-step"
    a1 = (I1 - K) * I1 ** (-beta)
    a2 = (I2 - K) * I2 ** (-beta)
    P = lambda g, H, I: phi(S, t1, g, H, I, r, b, v)
    Q = lambda g, H: psi(S, T, g, H, I2, I1, t1, r, b, v)
    val = (a2 * S ** beta - a2 * P(beta, I2, I2) + P(1, I2, I2) - P(1, I1, I2) - K * P(0, I2, I2) + K * P(0, I1, I2)
           + a1 * P(beta, I1, I2) - a1 * Q(beta, I1) + Q(1, I1) - Q(1, K) - K * Q(0, I1) + K * Q(0, K))
    return max(val, floor), "two-step"


def call1993(S, K, T, r, q, v):
    S, K, T, r, q, v = (mp.mpf(x) for x in (S, K, T, r, q, v))
    floor = max(bs_call(S, K, T, r, q, v), S - K, 0)
    if q <= 0:
        return floor
    b, beta, Binf, B0 = params(K, r, q, v)
    h = -(b * T + 2 * v * mp.sqrt(T)) * B0 / (Binf - B0)
    I = B0 + (Binf - B0) * (1 - mp.exp(h))
    if S >= I:
        return max(S - K, floor)
    return max(flat_call(S, K, T, r, b, v, beta, I), floor)


def american(fn, kind, S, K, T, r, q, v):
    """Put-call transformation P(S, K, T, r, q, sigma) = C(K, S, T, q, r, sigma)."""
    return fn(S, K, T, r, q, v) if kind == "call" else fn(K, S, T, q, r, v)


# ---------------------------------------------------------------------------------------------------------------
# Independent check of psi: condition on S(t1)
# ---------------------------------------------------------------------------------------------------------------
def psi_by_integration(S, T, g, H, I2, I1, t1, r, b, v):
    """E[e^{-rT} S_T^g 1{S_T <= H} 1{max over [0,t1] < I2} 1{max over [t1,T] < I1}]: the killed density of log S(t1)
    (reflection principle for Brownian motion with drift) times phi over the second period, integrated."""
    mu = b - v * v / 2
    x0, u, sd = mp.log(S), mp.log(I2), v * mp.sqrt(t1)

    def density(y):
        z = (y - x0 - mu * t1) / sd
        zi = (y - 2 * u + x0 - mu * t1) / sd
        return (mp.npdf(z) - mp.exp(2 * mu * (u - x0) / (v * v)) * mp.npdf(zi)) / sd

    top = min(mp.log(I1), u)
    f = lambda y: density(y) * mp.exp(-r * t1) * phi(mp.exp(y), T - t1, g, H, I1, r, b, v)
    c = x0 + mu * t1
    pts = sorted(set(p for p in (c - 8 * sd, c - 3 * sd, c, top - sd) if p < top))
    return mp.quad(f, [c - 12 * sd] + pts + [top])


def check_psi():
    worst = mp.mpf(0)
    with mp.workdps(30):
        for (S, K, T, r, q, v) in [(100, 100, 1, 0.05, 0.03, 0.3), (80, 100, 0.5, 0.02, 0.07, 0.6),
                                   (125, 100, 2, 0.0, 0.045, 0.2), (100, 90, 0.1, 0.045, 0.02, 1.0)]:
            S, K, T, r, q, v = (mp.mpf(x) for x in (S, K, T, r, q, v))
            b, beta, Binf, B0 = params(K, r, q, v)
            t1 = (mp.sqrt(5) - 1) / 2 * T
            trig = lambda t: B0 + (Binf - B0) * (1 - mp.exp(-(b * t + 2 * v * mp.sqrt(t)) * K * K / ((Binf - B0) * B0)))
            I1, I2 = trig(t1), trig(T)
            for g, H in ((beta, I1), (1, I1), (1, K), (0, I1), (0, K)):
                a = psi(S, T, g, H, I2, I1, t1, r, b, v)
                c = psi_by_integration(S, T, g, H, I2, I1, t1, r, b, v)
                worst = max(worst, abs(a - c) / abs(c))
    print("psi closed form vs integration: worst relative difference %s" % mp.nstr(worst, 3), file=sys.stderr)
    assert worst < 1e-20


# ---------------------------------------------------------------------------------------------------------------
# QuantLib
# ---------------------------------------------------------------------------------------------------------------
def quantlib_bs1993(kind, strike, days, r, q, vol):
    ql.Settings.instance().evaluationDate = TODAY
    dc = ql.Actual365Fixed()
    proc = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(SPOT)),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, q, dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, r, dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), vol, dc)))
    payoff = ql.PlainVanillaPayoff(ql.Option.Call if kind == "call" else ql.Option.Put, strike)
    opt = ql.VanillaOption(payoff, ql.AmericanExercise(TODAY, TODAY + days))
    opt.setPricingEngine(ql.BjerksundStenslandApproximationEngine(proc))
    return opt.NPV()


def cases():
    """A deterministic grid: 2 rights x 3 strikes x 3 maturities x 2 vols x 2 carry pairs = 72, plus 34 cases at the
    edges of the usual domain (short and long maturities, 5% and 150% vol, negative rate, r = q, q > r, deep
    in/out of the money, a 10-year low-vol put where the trigger heuristic is held, a low-vol case on the one-step
    form)."""
    out = []
    for days in (36, 365, 1095):
        for vol in (0.15, 0.45):
            for (r, q) in ((0.05, 0.02), (0.03, 0.06)):
                for strike in (80.0, 100.0, 125.0):
                    for kind in ("call", "put"):
                        out.append((kind, strike, days, r, q, vol))
    extra = [
        (1, 0.3, 0.045, 0.02, 100.0), (1, 0.3, 0.045, 0.02, 90.0), (7, 0.6, 0.045, 0.0, 110.0),
        (3650, 0.2, 0.045, 0.0, 100.0), (3650, 0.25, 0.02, 0.05, 100.0), (1825, 0.35, 0.05, 0.01, 120.0),
        (182, 0.05, 0.05, 0.02, 100.0), (182, 0.05, 0.02, 0.05, 102.0), (182, 1.5, 0.045, 0.0, 100.0),
        (730, 1.5, 0.045, 0.02, 60.0), (365, 0.3, -0.01, 0.02, 100.0), (365, 0.3, 0.04, 0.04, 100.0),
        (365, 0.3, 0.0, 0.03, 100.0), (91, 0.25, 0.08, 0.0, 60.0), (91, 0.25, 0.08, 0.0, 150.0),
        # the trigger heuristic held at t = sigma^2/b^2 (put: b = q - r = -0.06, sigma^2/b^2 = 2.8 years < 10 years)
        (3650, 0.1, 0.06, 0.0, 100.0),
        # low vol relative to the carry: the one-step form (image factors beyond e^30)
        (182, 0.03, 0.05, 0.02, 120.0),
    ]
    for (days, vol, r, q, strike) in extra:
        for kind in ("call", "put"):
            out.append((kind, strike, days, r, q, vol))
    return out


def main():
    if "--check" in sys.argv:
        check_psi()
    rows = []
    for (kind, strike, days, r, q, vol) in cases():
        T = mp.mpf(days) / 365
        if kind == "call":
            v2002, branch = call2002(SPOT, strike, T, r, q, vol)
        else:
            v2002, branch = call2002(strike, SPOT, T, q, r, vol)
        v1993 = american(call1993, kind, SPOT, strike, T, r, q, vol)
        try:
            qlv = quantlib_bs1993(kind, strike, days, r, q, vol)
        except RuntimeError as e:  # QuantLib refuses some parameter sets (e.g. trigger below strike)
            qlv = None
            print("QuantLib refused %s: %s" % ((kind, strike, days, r, q, vol), e), file=sys.stderr)
        rows.append({
            "kind": kind, "spot": SPOT, "strike": strike, "timeToExpiry": days / 365.0, "rate": r,
            "dividendYield": q, "volatility": vol,
            "mp2002": float(v2002), "branch2002": branch, "mp1993": float(v1993), "quantlib1993": qlv,
        })
        print("%-4s K=%6.1f %5dd r=%6.3f q=%5.3f vol=%4.2f  2002 %.12f (%s)  1993 %.12f  QL %s"
              % (kind, strike, days, r, q, vol, rows[-1]["mp2002"], branch, rows[-1]["mp1993"], qlv), file=sys.stderr)
    meta = {"source": "tools/bs2002_reference.py: mpmath %s (%d digits) and QuantLib %s (Python), "
                      "BjerksundStenslandApproximationEngine (the 1993 approximation)"
                      % (mp.__version__, mp.mp.dps, ql.__version__)}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": rows}, f, indent=1)
        f.write("\n")
    print("wrote %s (%d cases)" % (OUT, len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main()
