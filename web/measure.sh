#!/usr/bin/env bash
# Measures the web app's budgets and prints them (nothing is asserted):
#   transfer size of wasm + JS + CSS (raw, gzip, brotli), the French texts' share of it,
#   navigation to first diagnostics on each seed example, re-lint time after a keystroke.
#   web/measure.sh                         # builds dist/ first
#   DIAGNOSE_WEB_SKIP_BUILD=1 web/measure.sh
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
if [ "${DIAGNOSE_WEB_SKIP_BUILD:-0}" != "1" ]; then
  ./build.sh
fi
(cd tests && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent)
FRENCH_JSON=$(mktemp)
trap 'rm -f "$FRENCH_JSON"' EXIT
cargo run -q --example french_texts > "$FRENCH_JSON"
cd tests && FRENCH_JSON="$FRENCH_JSON" node measure.mjs
