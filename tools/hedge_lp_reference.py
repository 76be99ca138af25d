#!/usr/bin/env python3
"""Independent reference for the hedge optimiser's LP (issue 17).

Reads a free-format MPS file written by Hedgebook (`hedgebook hedge --export-lp FILE`, or the test fixture
Tests/HedgingTests/Golden/hedge-lp.mps), solves it with scipy.optimize.linprog (HiGHS), and prints / writes JSON:
{"objective": ..., "status": ..., "x": {column: value, ...}, "seconds": ...} with every column whose name starts with
"x:" (the candidate units), plus "zeta".

    python3 tools/hedge_lp_reference.py FILE.mps [--out FILE.json] [--method highs|highs-ds|highs-ipm]

The MPS subset read: ROWS (N/G/L/E), COLUMNS, RHS, BOUNDS (UP, FR, MI, LO), one entry per line (the writer's form).
"""
import argparse
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def read_mps(path):
    rows, senses, obj_row = [], {}, None
    row_index = {}
    cols, col_index = [], {}
    entries_r, entries_c, entries_v = [], [], []
    cost = {}
    rhs = {}
    lower, upper = {}, {}
    section = None
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            if not line.startswith(" "):
                section = line.split()[0]
                continue
            parts = line.split()
            if section == "ROWS":
                s, name = parts
                if s == "N":
                    obj_row = name
                else:
                    row_index[name] = len(rows)
                    rows.append(name)
                    senses[name] = s
            elif section == "COLUMNS":
                c, r, v = parts[0], parts[1], float(parts[2])
                if c not in col_index:
                    col_index[c] = len(cols)
                    cols.append(c)
                if r == obj_row:
                    cost[c] = v
                else:
                    entries_r.append(row_index[r])
                    entries_c.append(col_index[c])
                    entries_v.append(v)
            elif section == "RHS":
                rhs[parts[1]] = float(parts[2])
            elif section == "BOUNDS":
                kind, c = parts[0], parts[2]
                if kind == "UP":
                    upper[c] = float(parts[3])
                elif kind == "LO":
                    lower[c] = float(parts[3])
                elif kind == "FR":
                    lower[c], upper[c] = None, None
                elif kind == "MI":
                    lower[c] = None
                else:
                    raise ValueError(f"bound type {kind} not supported")
    m, n = len(rows), len(cols)
    a = sp.csr_matrix((entries_v, (entries_r, entries_c)), shape=(m, n))
    c = np.array([cost.get(name, 0.0) for name in cols])
    b = np.array([rhs.get(name, 0.0) for name in rows])
    sense = np.array([senses[name] for name in rows])
    bounds = [(lower.get(name, 0.0), upper.get(name, None)) for name in cols]
    return cols, c, a, b, sense, bounds


def solve(path, method="highs"):
    cols, c, a, b, sense, bounds = read_mps(path)
    ge, le, eq = sense == "G", sense == "L", sense == "E"
    a_ub = sp.vstack([-a[ge], a[le]]).tocsr()
    b_ub = np.concatenate([-b[ge], b[le]])
    a_eq = a[eq] if eq.any() else None
    b_eq = b[eq] if eq.any() else None
    t = time.perf_counter()
    r = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method=method)
    seconds = time.perf_counter() - t
    x = {name: float(v) for name, v in zip(cols, r.x)} if r.x is not None else {}
    kept = {k: v for k, v in x.items() if k.startswith("x:") or k == "zeta"}
    return {"file": path.split("/")[-1], "solver": f"scipy {__import__('scipy').__version__} linprog {method}",
            "status": int(r.status), "message": r.message, "objective": float(r.fun) if r.fun is not None else None,
            "seconds": seconds, "x": kept}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mps")
    p.add_argument("--out")
    p.add_argument("--method", default="highs")
    args = p.parse_args()
    res = solve(args.mps, args.method)
    text = json.dumps({k: v for k, v in res.items() if k != "seconds" or not args.out}, indent=1, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    print(f"objective {res['objective']!r} in {res['seconds']:.3f} s ({res['solver']})", file=sys.stderr)


if __name__ == "__main__":
    main()
