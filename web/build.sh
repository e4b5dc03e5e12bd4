#!/usr/bin/env bash
# Builds web/dist/: the static site (index.html, boot.js, CSS, and two wasm modules with
# their JS glue: the page, diagnose_web*, which carries no engine, and the engine,
# diagnose_engine*, which the page fetches the first time there is something to check; and
# the data files, fetched on first use:
# rule-pages.json, the rule pages, when one is shown; error-kb.json, the error knowledge base,
# when an error is first explained; examples.json, the seed stacks, when an example is chosen). Every URL in it is relative, so it runs
# from any sub-path of any static server.
#
#   web/build.sh            # release build (what is published and measured)
#
# Needs only crates.io and the npm registry: wasm-bindgen-cli is installed with cargo at
# the exact version the crate pins (no Trunk, no tool downloads); wasm-opt comes from the
# npm package `binaryen` (web/tools), and is skipped with a warning if it cannot run
# (DIAGNOSE_WASM_OPT=0 skips it on purpose).
set -euo pipefail
cd "$(dirname "$0")"
WEB=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$WEB/target}

# The wasm-bindgen version the lock file holds; the CLI must be the same version.
WBG=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
grep -q "wasm-bindgen = \"=$WBG\"" Cargo.toml || {
  echo "build.sh: Cargo.toml must pin wasm-bindgen = \"=$WBG\" (the version in Cargo.lock)" >&2
  exit 1
}

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WBG" ]; then
  echo "build.sh: installing wasm-bindgen-cli $WBG (a few minutes, once)" >&2
  # --locked can fail when a crate in the CLI's own lock file has been yanked; then let
  # cargo pick compatible versions.
  cargo install wasm-bindgen-cli --version "$WBG" --locked \
    || cargo install wasm-bindgen-cli --version "$WBG"
fi

# Both modules are built with a pinned nightly that rebuilds the standard library for size
# (`-Z build-std` with its `optimize_for_size` feature: smaller sorts and formatting) and with
# `panic = immediate-abort` (no panic messages, locations or formatting machinery): the engine
# 642.5 -> 560.0 KB gzip, the page 183.1 -> 164.8 KB gzip with its panic hook gone too
# (web/measure.sh, 2026-12-07; web/README.md, "On a pinned nightly"). A panic is then a trap
# with no message, as it was already for the engine (a panic under `panic = "abort"` printed
# nowhere in wasm32-unknown-unknown); boot.js shows the crash notice for a trap in either
# module (the page's Rust panic hook did before). If the nightly cannot be installed, both
# are built with the stable toolchain as before (same behaviour, about 100 KB gzip heavier)
# and a warning says so. DIAGNOSE_WEB_NIGHTLY=0 builds with stable on purpose.
# `-Z location-detail=none`: the file, line and column of `#[track_caller]` locations are not
# kept (nothing reads them once a panic is a bare trap): engine 1.5 KB gzip less (README,
# "Fifth step").
NIGHTLY=nightly-2026-05-20
nightly_ready() {
  [ "${DIAGNOSE_WEB_NIGHTLY:-1}" != "0" ] || return 1
  if ! rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 \
    || ! rustup component list --installed --toolchain "$NIGHTLY" 2>/dev/null | grep -q '^rust-src' \
    || ! rustup target list --installed --toolchain "$NIGHTLY" 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    echo "build.sh: installing $NIGHTLY (minimal, rust-src, wasm32) for the wasm modules (once)" >&2
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src \
      --target wasm32-unknown-unknown >&2 || return 1
  fi
}
if nightly_ready; then
  TOOLCHAIN=("+$NIGHTLY")
  SIZE_FLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  SIZE_ARGS=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
else
  echo "build.sh: warning: building the wasm modules with the stable toolchain (no $NIGHTLY): about 100 KB gzip heavier" >&2
  TOOLCHAIN=()
  SIZE_FLAGS=""
  SIZE_ARGS=()
fi
wasm_build() {
  cargo "${TOOLCHAIN[@]}" build --release --target wasm32-unknown-unknown "${SIZE_ARGS[@]}" "$@"
}
# The OUT_DIR of the last build script run for a package whose id matches the regular
# expression $1 and not $2 (when given), read from cargo's JSON messages on standard input.
out_dir_of() {
  node -e 'const [want, skip] = process.argv.slice(1).map((p) => (p ? new RegExp(p) : null));
    let s=""; process.stdin.on("data",(d)=>s+=d).on("end",()=>{for(const l of s.split("\n")){
      try{const m=JSON.parse(l);if(m.reason==="build-script-executed"&&want.test(m.package_id)&&!(skip&&skip.test(m.package_id)))console.log(m.out_dir);}catch{}}})' \
    "$1" "${2:-}" | tail -n 1
}

# Two invocations, not one: each module is its own cdylib, built with its own features.
# The page's build script also writes the data files (DATA) in its OUT_DIR, which cargo
# names in its JSON messages.
DATA="rule-pages.json error-kb.json examples.json texts-en.json texts-fr.json metric-types.json"
# `erase_components`: Leptos erases each component's view type (one instance of the view code
# instead of one per component type): 29 KB gzip less on the page's module (2026-12-06).
OUT_DIR=$(RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components $SIZE_FLAGS" \
  wasm_build -p diagnose-web --message-format=json-render-diagnostics \
  | out_dir_of 'diagnose-web[@#]|diagnose-web\)|\/web#' engine)
for f in $DATA; do
  [ -f "$OUT_DIR/$f" ] || { echo "build.sh: no $f in '$OUT_DIR'" >&2; exit 1; }
done
# `diagnose_external_texts`: the engine's message catalogue keeps no entries (its texts were
# a fifth of the module's gzip): they are the data files texts-en.json and texts-fr.json,
# which boot.js fetches with the module for the language shown (diagnose_text::external).
# `diagnose_external_metric_types`: the exporters' metric types table (PQL003, PQL004; 11 KB
# gzip of the module) is the data file metric-types.json, which boot.js fetches with the
# module and gives before the first analysis (diagnose_model::promql::exporter_table).
# `diagnose_external_grammar`: promql-parser's LR tables (the grammar and the state table,
# about 17 KB gzip of the module) are the data file promql-tables.json, which lrpar
# (web/lrpar-tables/, patched) writes beside the parser it generates, in promql-parser's
# OUT_DIR; boot.js fetches it with the module and gives it before the first analysis. The
# same cfg leaves lrpar's CPCT+ error recoverer out (promql-parser asks for none): 10 KB
# gzip (web/README.md, "Seventh step").
TABLES_DIR=$(RUSTFLAGS="${RUSTFLAGS:-} --cfg diagnose_external_texts --cfg diagnose_external_metric_types --cfg diagnose_external_grammar $SIZE_FLAGS" \
  wasm_build -p diagnose-web-engine --message-format=json-render-diagnostics \
  | out_dir_of promql-parser)
[ -f "$TABLES_DIR/lrpar-tables.json" ] || { echo "build.sh: no lrpar-tables.json in '$TABLES_DIR'" >&2; exit 1; }

rm -rf dist
mkdir -p dist
wasm-bindgen --target web --no-typescript --out-dir dist \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/diagnose_web.wasm"
wasm-bindgen --target web --no-typescript --out-dir dist --out-name diagnose_engine \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/diagnose_web_engine.wasm"

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/esbuild ]; then
  if command -v npm >/dev/null; then
    (cd tools && npm ci --no-audit --no-fund --silent) || true
  fi
fi
if [ "${DIAGNOSE_WASM_OPT:-1}" != "0" ]; then
  for m in diagnose_web diagnose_engine; do
    # For the page's module (the first load): --converge repeats -Oz while it still
    # shrinks the module; --low-memory-unused lets it fold constant offsets into loads and
    # stores, sound because Rust's wasm32 layout puts the 1 MB stack first (growing down
    # from 1 MB) and the data above it, so the lowest 1 KB is touched only by a stack that
    # is already overflowing (3 KB gzip less, 2026-12-06). The same for the engine since
    # its `regex` is regex-lite: 4.9 KB gzip less, for 88 s instead of 42 s of wasm-opt on
    # a loaded 2-core machine (2026-12-07).
    # -ocimfs (--one-caller-inline-max-function-size) 10: wasm-opt inlines a function
    # called from one place only when it is that small (by default, at any size). The
    # module grows a little (calls kept), but it compresses much better (engine about 30 KB
    # gzip less, page about 17; README, "Fifth step"). Why is a guess, not checked: large
    # functions made of many inlined ones have many locals with large indices, small ones
    # reuse the same few.
    more="-ocimfs 10 --converge --low-memory-unused"
    # shellcheck disable=SC2086
    if [ -x tools/node_modules/.bin/wasm-opt ] && tools/node_modules/.bin/wasm-opt -Oz $more \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "dist/${m}_bg.wasm" -o "dist/${m}_bg.opt.wasm"; then
      mv "dist/${m}_bg.opt.wasm" "dist/${m}_bg.wasm"
    else
      rm -f "dist/${m}_bg.opt.wasm"
      echo "build.sh: warning: wasm-opt unavailable or failed; dist/${m}_bg.wasm is unoptimised" >&2
    fi
  done
fi

cp static/index.html static/boot.js static/style.css dist/
# The JS (boot.js and both modules' glue) and the CSS minified with esbuild (npm, web/tools):
# 5 KB gzip less on the first load (2026-12-06). Names the wasm imports and the modules'
# exports are kept (esbuild renames local names only).
if [ -x tools/node_modules/.bin/esbuild ]; then
  for f in boot.js diagnose_web.js diagnose_engine.js style.css; do
    tools/node_modules/.bin/esbuild "dist/$f" --minify --log-level=warning \
      $(case $f in *.js) echo --format=esm --target=es2022 ;; esac) --outfile="dist/$f.min"
    mv "dist/$f.min" "dist/$f"
  done
else
  echo "build.sh: warning: esbuild unavailable; dist/ keeps its JS and CSS as written" >&2
fi
for f in $DATA; do cp "$OUT_DIR/$f" dist/; done
cp "$TABLES_DIR/lrpar-tables.json" dist/promql-tables.json
ls -l dist >&2
echo "build.sh: built $WEB/dist" >&2
