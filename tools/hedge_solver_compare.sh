#!/usr/bin/env bash
# Times GLPK (glpsol, Debian glpk-utils) against COIN-OR CLP (clp, Debian coinor-clp) on one exported hedge LP
# (`hedgebook hedge … --export-lp FILE.mps`), each with its simplex variants, and scipy/HiGHS for reference
# (tools/hedge_lp_reference.py). Prints the solver's own reported time where it gives one, the process's user CPU
# time, and the optimum. Issue 17's solver choice (Benchmarks/README.md, "Hedge optimiser") was made with this.
#   tools/hedge_solver_compare.sh FILE.mps
set -euo pipefail
f="$1"
command -v glpsol >/dev/null || { echo "glpsol missing: apt-get install glpk-utils"; exit 1; }
command -v clp >/dev/null || { echo "clp missing: apt-get install coinor-clp"; exit 1; }
run() {  # label, command...
  local label="$1"; shift
  local out; out=$( { /usr/bin/time -f "USER %U" "$@" 2>&1; } 2>&1 )
  local obj; obj=$(echo "$out" | grep -Eo "(Optimal objective|obj =) +[-0-9.e+]+" | tail -1 | grep -Eo "[-0-9.e+]+$" || true)
  echo "$label: user $(echo "$out" | grep -Eo 'USER [0-9.]+' | cut -d' ' -f2) s, objective ${obj:-?}"
}
run "clp dual simplex" clp "$f" -dualsimplex
run "clp primal simplex" clp "$f" -primalsimplex
run "glpsol primal simplex" glpsol --freemps "$f" --primal
run "glpsol dual simplex" glpsol --freemps "$f" --dual
python3 "$(dirname "$0")/hedge_lp_reference.py" "$f" >/dev/null
