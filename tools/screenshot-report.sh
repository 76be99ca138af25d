#!/usr/bin/env bash
# Regenerates Documentation/report-first-screen.png: the first screen of the thesis report, rendered by headless
# Chromium (Debian package `chromium`). Run `make demo` first so that reports/ai-infra-thesis/index.html exists.
set -euo pipefail
cd "$(dirname "$0")/.."
report=${1:-reports/ai-infra-thesis/index.html}
[ -f "$report" ] || { echo "no $report; run make demo first" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 \
  --screenshot="$PWD/Documentation/report-first-screen.png" "file://$PWD/$report" 2>/dev/null
echo "wrote Documentation/report-first-screen.png"
