#!/usr/bin/env bash
# Hedgebook benchmarks against peers (issue 8). `make bench` runs this; see Benchmarks/README.md.
#   Benchmarks/run.sh                  full run (~10-14 min from a fresh clone), rewrites results.json/.md and README table
#   Benchmarks/run.sh --only dgemm     one task (comma-separated list; task names: `hbbench list`, plus `cli`, `whole`, `snapshot`)
#   Benchmarks/run.sh --quick          smallest size of every task, 2 rounds (development)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
VENV="$HERE/.venv-bench"
INPUTS="${HEDGEBOOK_BENCH_INPUTS:-${TMPDIR:-/tmp}/hedgebook-bench-inputs}"

# 1. Peer environment (created once, reused): numpy, scipy, scikit-learn, QuantLib from PyPI.
if [ ! -f "$VENV/.installed" ]; then
  echo "== creating $VENV (numpy scipy scikit-learn QuantLib)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q numpy scipy scikit-learn QuantLib
  touch "$VENV/.installed"
fi

# 2. Hedgebook side: release build of the nested package (own scratch path, never the root .build).
echo "== building hbbench (release)"
swift build -c release --package-path "$HERE" --scratch-path "$HERE/.build" --product hbbench 2>&1 | grep -Ev "warning:|^\s*[0-9]+ \||^\s*\||note:" | tail -3
HBBENCH="$HERE/.build/release/hbbench"

# 3. The CLI for the end-to-end rows: the root build `make bench` just made, else build it here.
HEDGEBOOK="${HEDGEBOOK_BIN:-$ROOT/.build/release/hedgebook}"
if [ ! -x "$HEDGEBOOK" ]; then
  if swift build -c release --package-path "$HERE" --scratch-path "$HERE/.build" --product hedgebook >/dev/null 2>&1; then
    HEDGEBOOK="$HERE/.build/release/hedgebook"
  else
    echo "(no hedgebook binary: the CLI rows are skipped; run via \`make bench\` or set HEDGEBOOK_BIN)"
  fi
fi

echo "== running (OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, inputs in $INPUTS)"
exec "$VENV/bin/python" "$HERE/bench.py" --hbbench "$HBBENCH" --hedgebook "$HEDGEBOOK" --inputs "$INPUTS" "$@"
