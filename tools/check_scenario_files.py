#!/usr/bin/env python3
"""Sanity-check scenarios/** and fixtures/market/*.yaml with PyYAML (run from the repo root).

Checks: every file parses; scenario keys are the documented ones; every instrument named exists in the market
snapshot; probabilities are in [0, 1] and sum to 1 within each case set; relative spot shocks > -1.
Exit code 1 on any problem. The Swift loader (`hedgebook check`) is the authoritative validator.
"""
import collections
import glob
import sys

import yaml

TOP = {"version", "caseSet", "horizonDays", "scenarios", "id", "description", "probability", "propagation",
       "spot", "vol", "fx", "source"}
SC = {"id", "description", "probability", "propagation", "spot", "vol", "fx", "source", "caseSet", "horizonDays"}
TARGETS = {"instrument", "layer", "country", "currency", "exchange", "tag", "all"}
problems = []
snap = yaml.safe_load(open("fixtures/market/snapshot-2026-08-03.yaml"))
known = set(snap["instruments"])
sets = collections.defaultdict(float)
for f in sorted(glob.glob("scenarios/**/*.yaml", recursive=True)):
    d = yaml.safe_load(open(f))
    if d.get("version") != 1:
        problems.append(f"{f}: version must be 1")
    for k in set(d) - TOP:
        problems.append(f"{f}: unknown key {k}")
    for s in d.get("scenarios", [d]):
        for k in set(s) - SC - ({"version"} if s is d else set()):
            if s is not d:
                problems.append(f"{f}:{s.get('id')}: unknown key {k}")
        p = s.get("probability")
        if p is not None:
            if not 0 <= p <= 1:
                problems.append(f"{f}:{s['id']}: probability {p}")
            cs = s.get("caseSet", d.get("caseSet"))
            if cs:
                sets[cs] += p
        for kind in ("spot", "vol"):
            for line in s.get(kind) or []:
                tk = set(line) & TARGETS
                if len(tk) != 1 or len(set(line) & {"relative", "absolute"}) != 1:
                    problems.append(f"{f}:{s['id']}: bad {kind} line {line}")
                if "instrument" in line and line["instrument"] not in known:
                    problems.append(f"{f}:{s['id']}: instrument {line['instrument']} not in snapshot")
                if kind == "spot" and line.get("relative", 0) <= -1:
                    problems.append(f"{f}:{s['id']}: relative spot shock <= -100%")
for cs, tot in sorted(sets.items()):
    if abs(tot - 1) > 1e-9:
        problems.append(f"case set {cs}: probabilities sum to {tot}")
    print(f"case set {cs:14s} sum {tot:.6f}")
print("\n".join(problems) if problems else "all scenario files OK")
sys.exit(1 if problems else 0)
