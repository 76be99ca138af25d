#!/usr/bin/env bash
# Spark local-mode test (issue 20), run by `swift test` (EndToEndTests/SparkTests) and by hand:
#   tools/spark/test_spark.sh [HEDGEBOOK_BINARY]
# 1. a synthetic workspace (30 assets + 10 European options, tools/spark/make_workspace.py) in a temporary folder;
# 2. Monte Carlo, 100,000 paths in 4 shards, through Spark local[2] (tools/spark/hedgebook_spark.py: RDD.pipe to
#    `hedgebook worker`, `hedgebook merge`);
# 3. the same run as one job in one process (`hedgebook worker --workers 2`, `hedgebook merge`): the two merged
#    documents must be identical byte for byte, and their VaR/ES equal `hedgebook risk`'s Monte Carlo bit for bit.
# Exit 0 = passed, 77 = skipped (the reason on stdout: no pyspark, no Java), anything else = failed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
HB="${1:-${HEDGEBOOK_BIN:-$ROOT/.build/debug/hedgebook}}"
VENV="${HEDGEBOOK_SPARK_VENV:-$HOME/.cache/hedgebook/venv-spark}"
export OPENBLAS_NUM_THREADS=1

if ! command -v java >/dev/null 2>&1; then echo "SKIPPED: no java on PATH (Spark needs Java 17)"; exit 77; fi
if ! "$VENV/bin/python" -c "import pyspark, numpy" >/dev/null 2>&1; then
  echo "SKIPPED: pyspark/numpy not installed in $VENV (make spark-deps)"; exit 77
fi
if [ ! -x "$HB" ]; then echo "FAILED: no hedgebook binary at $HB"; exit 1; fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/hedgebook-spark-test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
"$VENV/bin/python" "$HERE/make_workspace.py" "$TMP/ws" --assets 30 --options 10 >/dev/null
WS="$TMP/ws/hedgebook.yaml"

"$VENV/bin/python" "$HERE/hedgebook_spark.py" --hedgebook "$HB" --master 'local[2]' --out "$TMP/spark.json" \
  -- monte-carlo --workspace "$WS" --shards 4 --paths 100000 2> "$TMP/spark.err" || { cat "$TMP/spark.err"; echo "FAILED: Spark run"; exit 1; }
grep '^timing:' "$TMP/spark.err" || true

"$HB" jobs monte-carlo --workspace "$WS" --shards 1 --paths 100000 --quiet > "$TMP/one.jobs"
"$HB" worker --workers 2 < "$TMP/one.jobs" > "$TMP/one.results"
"$HB" merge "$TMP/one.results" --quiet > "$TMP/one.json"
if ! cmp -s "$TMP/spark.json" "$TMP/one.json"; then
  diff "$TMP/spark.json" "$TMP/one.json" | head -20
  echo "FAILED: Spark local[2] merged document differs from the single-process one"; exit 1
fi

"$HB" risk --workspace "$WS" --paths 100000 --format json --quiet > "$TMP/risk.json"
"$VENV/bin/python" - "$TMP/spark.json" "$TMP/risk.json" <<'EOF'
import json, sys
merged = json.load(open(sys.argv[1]))["monteCarlo"][0]["measures"]
risk = json.load(open(sys.argv[2]))["portfolio"]
for m in merged:
    key = repr(m["confidence"])
    # Python's float() of the shortest digits is exact: equality here is equality of the bits.
    assert m["var"] == risk["var"]["monteCarlo"][key], (key, m["var"], risk["var"]["monteCarlo"][key])
    assert m["es"] == risk["es"]["monteCarlo"][key], (key, m["es"], risk["es"]["monteCarlo"][key])
print("VaR/ES (Spark local[2], 4 shards) == hedgebook risk, bit for bit:",
      ", ".join(f"{m['confidence']}: {m['var']!r}/{m['es']!r}" for m in merged))
EOF
echo "PASSED"
