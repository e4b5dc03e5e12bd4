#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need
# (Debian packages, the wasm32 target, wasm-bindgen-cli, npm and PyPI tools), then
# format, lint, the wasm32 build of the core, the Rust test suite, and the web app's
# browser tests. Used by CI (.ci/run) and by humans alike.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
step() { printf '\n==> %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
need_apt=()
command -v promtool >/dev/null || need_apt+=(prometheus)
# `diagnose probe` tests run a real Alertmanager (crates/diagnose-cli/tests/probe.rs).
command -v prometheus-alertmanager >/dev/null || need_apt+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq || true
  # Keep apt from starting the packages' services: the tests start their own on free ports.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null || echo "warning: could not install ${need_apt[*]}; tests that need them will skip"
  [ -z "$policy_added" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi

for mod in pre_commit jsonschema; do
  if ! python3 -c "import $mod" 2>/dev/null; then
    step "pip install ${mod/_/-}"
    python3 -m pip install -q "${mod/_/-}" || echo "warning: could not install ${mod/_/-}"
  fi
done
command -v pre-commit >/dev/null || export PATH="$(python3 -m site --user-base)/bin:$PATH"
# The pre-commit test builds the hook for real (cargo install): always on here.
export DIAGNOSE_TEST_PRECOMMIT=1

step "rustup target add wasm32-unknown-unknown"
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo build of the core crates for wasm32-unknown-unknown"
cargo build -p diagnose-syntax -p diagnose-text -p diagnose-model -p diagnose-rules -p diagnose-core --target wasm32-unknown-unknown

step "cargo test --workspace"
cargo test --workspace

for extra in tests/extra/*.sh; do
  [ -e "$extra" ] || continue
  step "$extra"
  bash "$extra"
done

if [ -x web/test.sh ]; then
  step "web: build, unit tests and browser tests"
  bash web/test.sh
fi
step "all tests passed"
