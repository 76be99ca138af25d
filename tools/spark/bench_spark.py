#!/usr/bin/env python3
"""Spark benchmark rows (issue 20), run by `Benchmarks/run.sh --only spark` (and `make bench`) in the pyspark venv:

    python tools/spark/bench_spark.py --hedgebook .build/release/hedgebook --dir /tmp/hb-spark [--paths 10000000]
        [--shards 8] [--books 200] [--rounds 1]

Monte Carlo: a synthetic workspace of 30 assets + 10 European option legs (make_workspace.py), `paths` paths:
  - plain single process: `hedgebook risk --paths N` (its default 2 worker threads), and the same run as one job
    (`hedgebook jobs --shards 1 | hedgebook worker --workers 1 | hedgebook merge`, one thread);
  - Spark local[1] and local[2]: `hedgebook_spark.py` with `shards` jobs (JVM start, planning, RDD.pipe, merge).
  The check: every merged document identical byte for byte to the one-job run's, and its VaR/ES equal to
  `hedgebook risk`'s Monte Carlo bit for bit.
Stress: `books` variants of the bundled book (make_books.py) × every scenario file of the bundled workspace, one job
per book, in `--stress-partitions` partitions (8: one worker process per partition): plain (`hedgebook worker` on all
jobs in one process) against Spark local[1] and local[2]; the check is the merged documents identical. Skipped when ../shared/data (the bundled workspace's history root) is absent.

Prints one JSON line per row (prefixed `row:`) and a markdown table. Wall times are whole processes (start to exit).
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(argv, stdin=None, stdout=None):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdin=stdin, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"error: {' '.join(argv)} exited {p.returncode}: {p.stderr[-2000:]}")
    return el, p


def spark(hb, master, out, jobs=None, plan=None, partitions=None):
    argv = [sys.executable, os.path.join(HERE, "hedgebook_spark.py"), "--hedgebook", hb, "--master", master, "--out", out]
    argv += ["--partitions", str(partitions)] if partitions else []
    argv += ["--jobs", jobs] if jobs else ["--", *plan]
    if os.path.exists(out):
        os.unlink(out)
    el, p = timed(argv)
    timing = next((json.loads(line[len("timing: "):]) for line in p.stderr.splitlines() if line.startswith("timing: ")), {})
    return el, timing


def read(path):
    with open(path, "rb") as f:
        return f.read()


def mc_rows(hb, d, paths, shards, rounds):
    ws = os.path.join(d, "ws", "hedgebook.yaml")
    subprocess.run([sys.executable, os.path.join(HERE, "make_workspace.py"), os.path.join(d, "ws"), "--force"], check=True,
                   stdout=subprocess.DEVNULL)
    rows = []
    label = f"MC VaR {paths:,} paths × 30 assets + 10 option legs"
    # Plain single process: the risk command (2 worker threads) and one job on one thread.
    t_risk = []
    for _ in range(rounds):
        el, p = timed([hb, "risk", "--workspace", ws, "--paths", str(paths), "--format", "json", "--quiet"])
        t_risk.append(el)
    risk = json.loads(p.stdout)["portfolio"]
    one_jobs, one_res, one_out = (os.path.join(d, f) for f in ("one.jobs", "one.results", "one.json"))
    t_one = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        with open(one_jobs, "w") as f:
            timed([hb, "jobs", "monte-carlo", "--workspace", ws, "--shards", "1", "--paths", str(paths), "--quiet"], stdout=f)
        with open(one_jobs) as fi, open(one_res, "w") as fo:
            timed([hb, "worker", "--workers", "1"], stdin=fi, stdout=fo)
        with open(one_out, "w") as f:
            timed([hb, "merge", one_res, "--quiet"], stdout=f)
        t_one.append(time.perf_counter() - t0)
    reference = read(one_out)
    measures = json.loads(reference)["monteCarlo"][0]["measures"]
    same_as_risk = all(m["var"] == risk["var"]["monteCarlo"][repr(m["confidence"])]
                       and m["es"] == risk["es"]["monteCarlo"][repr(m["confidence"])] for m in measures)
    rows.append(dict(task="spark", label=label, how="hedgebook risk (one process, 2 worker threads)", seconds=min(t_risk),
                     times=t_risk, check="reference"))
    rows.append(dict(task="spark", label=label, how="jobs --shards 1 → worker --workers 1 → merge (one thread)",
                     seconds=min(t_one), times=t_one,
                     check=f"VaR/ES == hedgebook risk bit for bit: {same_as_risk}"))
    for master in ("local[1]", "local[2]"):
        out = os.path.join(d, f"spark-{master[6]}.json")
        ts, tims = [], []
        for _ in range(rounds):
            el, timing = spark(hb, master, out, plan=["monte-carlo", "--workspace", ws, "--shards", str(shards), "--paths", str(paths)])
            ts.append(el)
            tims.append(timing)
        same = read(out) == reference
        rows.append(dict(task="spark", label=label, how=f"Spark {master}, {shards} jobs (RDD.pipe → worker, merge)",
                         seconds=min(ts), times=ts, timing=tims[ts.index(min(ts))],
                         check=f"merged document == one-job run byte for byte: {same}; VaR/ES == risk: {same and same_as_risk}"))
    return rows, measures


def stress_rows(hb, d, books, rounds, partitions):
    if not os.path.isdir(os.path.join(ROOT, "..", "shared", "data", "adjclose_to_2026")):
        return []
    bdir = os.path.join(d, "books")
    subprocess.run([sys.executable, os.path.join(HERE, "make_books.py"), os.path.join(ROOT, "fixtures", "books", "ai-infra-thesis.yaml"),
                    bdir, "--count", str(books), "--force"], check=True, stdout=subprocess.DEVNULL)
    jobs = os.path.join(d, "stress.jobs")
    argv = [hb, "jobs", "stress", "--workspace", os.path.join(ROOT, "hedgebook.yaml"), "--shards", "1", "--quiet"]
    for k in range(books):
        argv += ["--book", os.path.join(bdir, f"book-{k:03d}.yaml")]
    with open(jobs, "w") as f:
        t_plan, _ = timed(argv, stdout=f)
    scen = json.loads(open(jobs).readline())["scenarios"][1]
    label = f"stress {books} books × {scen} scenarios (all scenario files)"
    res, ref = os.path.join(d, "stress.results"), os.path.join(d, "stress-plain.json")
    t_plain = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        with open(jobs) as fi, open(res, "w") as fo:
            timed([hb, "worker"], stdin=fi, stdout=fo)
        with open(ref, "w") as f:
            timed([hb, "merge", res, "--quiet"], stdout=f)
        t_plain.append(time.perf_counter() - t0)
    rows = [dict(task="spark", label=label, how=f"hedgebook worker, {books} jobs in one process, + merge", seconds=min(t_plain),
                 times=t_plain, check=f"reference (planning the {books} jobs: {t_plan:.1f} s, not included)")]
    reference = read(ref)
    for master in ("local[1]", "local[2]"):
        out = os.path.join(d, f"stress-spark-{master[6]}.json")
        ts, tims = [], []
        for _ in range(rounds):
            el, timing = spark(hb, master, out, jobs=jobs, partitions=partitions)
            ts.append(el)
            tims.append(timing)
        rows.append(dict(task="spark", label=label, how=f"Spark {master}, {books} jobs in {partitions} partitions", seconds=min(ts), times=ts,
                         timing=tims[ts.index(min(ts))], check=f"merged document == plain byte for byte: {read(out) == reference}"))
    return rows


def table(rows):
    lines = ["| job | how | wall time (best) | Spark breakdown | check |", "|---|---|---|---|---|"]
    for r in rows:
        t = r.get("timing") or {}
        br = (f"context {t['spark_context_s']:.1f} s, pipe {t['spark_pipe_s']:.1f} s, merge {t['merge_s']:.1f} s, "
              f"{t['result_bytes'] / 2**20:.0f} MiB of results") if t else "—"
        lines.append(f"| {r['label']} | {r['how']} | {r['seconds']:.1f} s | {br} | {r['check']} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hedgebook", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--paths", type=int, default=10_000_000)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--books", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--stress-partitions", type=int, default=8,
                    help="partitions of the stress jobs (one worker process each, so the 200 jobs share 8 process starts)")
    ap.add_argument("--only", default="mc,stress")
    a = ap.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.makedirs(a.dir, exist_ok=True)
    hb = os.path.abspath(a.hedgebook)
    rows = []
    if "mc" in a.only:
        r, _ = mc_rows(hb, a.dir, a.paths, a.shards, a.rounds)
        rows += r
        for x in r:
            print("row: " + json.dumps(x), flush=True)
    if "stress" in a.only:
        r = stress_rows(hb, a.dir, a.books, a.rounds, a.stress_partitions)
        rows += r
        for x in r:
            print("row: " + json.dumps(x), flush=True)
    print()
    print(table(rows))
    bad = [r for r in rows if "False" in r["check"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
