# Sourced by the bench scripts (run.sh, ratio.sh): where the repository, the shared corpus
# and the release binaries are, and how to build them.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${BENCH_CORPUS:-$repo/../shared/corpus}"
target="${CARGO_TARGET_DIR:-$repo/target}"
floor="$target/release/parse-floor"

# Ends the script cleanly when the corpus is absent (`$1` names the script in the message);
# otherwise makes `corpus` absolute.
require_corpus() {
    if [ ! -d "$corpus" ]; then
        echo "$1: no corpus at $corpus (set BENCH_CORPUS): nothing to measure" >&2
        exit 0
    fi
    corpus="$(cd "$corpus" && pwd)"
}

# Builds diagnose and the parse floor (tests/bench/floor.rs), release.
build_release() {
    (cd "$repo" && cargo build -q --release -p diagnose-cli && cargo build -q --release -p diagnose-tests --bin parse-floor)
}
