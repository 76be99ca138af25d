#!/usr/bin/env python3
"""Hedgebook shard jobs on Apache Spark (issue 20).

The driver plans the jobs with `hedgebook jobs` (or reads a file of job lines), sends one job per partition through
`RDD.pipe` to `hedgebook worker` on the executors, collects the result lines and merges them with `hedgebook merge`
(exact: Monte Carlo VaR/ES equal the single-process run's to the last bit). Run it with `spark-submit` (any master) or
with plain `python` (then `--master`, default local[2]):

    spark-submit --master local[2] tools/spark/hedgebook_spark.py --hedgebook .build/release/hedgebook \\
        --out merged.json -- monte-carlo --workspace hedgebook.yaml --shards 8 --paths 1000000

Arguments after `--` go to `hedgebook jobs`. `--worker` is the binary as the executors see it: by default the absolute
path of `--hedgebook` (local mode, a shared file system, or an image that has it there); `./hedgebook` when the binary
is shipped with `spark-submit --files` (YARN and standalone put such files in the executor's working directory).
Executors need the OpenBLAS/LAPACKE runtime (Debian: libopenblas0, liblapacke) and the inputs the jobs name at the same
paths; every job checks its inputs' SHA-256 and is refused (an error result line) when a file differs.

Timings (plan, Spark, merge; seconds) go to standard error as one JSON line prefixed with `timing:`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def parse_args(argv):
    if "--" in argv:
        i = argv.index("--")
        own, plan = argv[:i], argv[i + 1:]
    else:
        own, plan = argv, []
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hedgebook", required=True, help="hedgebook binary on the driver (plans and merges)")
    ap.add_argument("--worker", help="hedgebook binary as executors see it (default: absolute path of --hedgebook)")
    ap.add_argument("--master", help="Spark master when not set by spark-submit (default local[2])")
    ap.add_argument("--jobs", help="a file of job lines instead of planning (arguments after -- are then not used)")
    ap.add_argument("--partitions", type=int, help="partitions (default: one per job)")
    ap.add_argument("--results", help="also write the collected result lines to this file")
    ap.add_argument("--out", help="write the merged document here (default: standard output)")
    ap.add_argument("--force", action="store_true", help="replace existing --results / --out files")
    a = ap.parse_args(own)
    if not a.jobs and not plan:
        ap.error("give the `hedgebook jobs` arguments after --, or --jobs FILE")
    for f in (a.results, a.out):
        if f and os.path.exists(f) and not a.force:
            ap.error(f"{f} exists (use --force to replace it)")
    return a, plan


def main(argv):
    a, plan = parse_args(argv)
    hb = os.path.abspath(a.hedgebook)
    worker = a.worker or hb
    t0 = time.perf_counter()
    if a.jobs:
        with open(a.jobs, encoding="utf-8") as f:
            jobs = [line.rstrip("\n") for line in f if line.strip()]
    else:
        p = subprocess.run([hb, "jobs", *plan, "--quiet"], capture_output=True, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            return p.returncode
        jobs = [line for line in p.stdout.split("\n") if line.strip()]
    t1 = time.perf_counter()

    from pyspark import SparkConf, SparkContext  # imported late: planning errors need no JVM

    conf = SparkConf().setAppName("hedgebook-jobs")
    if not conf.contains("spark.master"):
        conf.setMaster(a.master or "local[2]")
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("WARN")
    try:
        t2 = time.perf_counter()
        rdd = sc.parallelize(jobs, a.partitions or len(jobs))
        # One worker process per partition; its stdout is nothing but result lines.
        results = rdd.pipe(f"{worker} worker", env={"OPENBLAS_NUM_THREADS": "1"}, checkCode=True).collect()
        t3 = time.perf_counter()
        master = sc.master
    finally:
        sc.stop()
    if len(results) != len(jobs):
        sys.stderr.write(f"error: {len(jobs)} jobs gave {len(results)} result lines\n")
        return 1
    # Results go to a temporary file (next to --results when given, renamed into place once complete).
    fd, path = tempfile.mkstemp(prefix=".hedgebook-results-", suffix=".jsonl",
                                dir=os.path.dirname(os.path.abspath(a.results)) if a.results else None)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for line in results:
            out.write(line + "\n")
    if a.results:
        os.chmod(path, 0o644)
        os.replace(path, a.results)
        path = a.results
    t4 = time.perf_counter()
    merge = [hb, "merge", path, "--quiet"] + (["--output", a.out] if a.out else [])
    code = subprocess.run(merge).returncode
    t5 = time.perf_counter()
    if not a.results:
        os.unlink(path)
    sys.stderr.write("timing: " + json.dumps({
        "master": master, "jobs": len(jobs), "plan_s": round(t1 - t0, 3), "spark_context_s": round(t2 - t1, 3),
        "spark_pipe_s": round(t3 - t2, 3), "merge_s": round(t5 - t4, 3), "total_s": round(t5 - t0, 3),
        "result_bytes": sum(len(r) + 1 for r in results)}) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
