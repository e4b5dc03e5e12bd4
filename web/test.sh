#!/usr/bin/env bash
# Browser tests of the web app, as CI runs them:
#   web/test.sh                      # build dist/ and the CLI, then run the tests
#   DIAGNOSE_WEB_SKIP_BUILD=1 web/test.sh   # reuse an existing dist/
# Needs Debian's chromium (installed here if missing) and the npm registry for playwright-core.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if [ "${DIAGNOSE_WEB_SKIP_BUILD:-0}" != "1" ]; then
  ./build.sh
fi
(cd tests && npm ci --no-audit --no-fund --silent)
# The native unit tests of the web crate (share links, routes, rule-page parsing, texts,
# the engine module's answers), then of the engine module (each on its own: see Cargo.toml).
cargo test -q --lib -p diagnose-web
cargo test -q --lib -p diagnose-web-engine
# The engine's `regex` (regex-lite behind `regex`'s API) against the real `regex`, on tricky
# patterns and the shared corpus's label matchers; its own workspace, so run from its folder.
(cd regex-lite-shim && cargo test -q)
cd tests && exec node --test --test-concurrency=1 app.test.mjs
