#!/usr/bin/env bash
# Fuzzes the core for a set time: `tests/fuzz/run.sh [SECONDS] [TARGET...]`.
#
# SECONDS (default 60) is per target. Targets: `kinds` (arbitrary bytes as each kind of
# file) and `stack` (several files at once). The fuzz corpora are seeded at run time from
# the real configurations in ../shared/corpus (never committed) and from the seed stacks
# in tests/fixtures. Limits: no input may take over 1 s (-timeout=1) or make the process
# exceed 1 GB (-rss_limit_mb=1024; with AddressSanitizer a run peaks near 550 MB, and
# the core's own limits keep a 256 KB input far below). Any crash, timeout or memory
# blow-up fails the run; its input is left in fuzz/artifacts/<target>/ — add it to tests/fixtures/fuzz/<target>/ (run by
# tests/fuzz_regressions.rs) and fix the core.
set -euo pipefail

secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(kinds stack)

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="$repo/../shared/corpus"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
# cargo-fuzz needs nightly flags; the stable toolchain accepts them with RUSTC_BOOTSTRAP.
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

max_len=262144

# Index in NAMES (fuzz_targets/common.rs) of the name to give a real file.
name_index() {
    case "$1" in
        *.json) echo 5 ;;
        *.env | */.env) echo 8 ;;
        *.ini) echo 9 ;;
        *.rules) echo 6 ;;
        *compose*.y*ml | *stack*.y*ml) echo 0 ;;
        *prometheus*.y*ml) echo 1 ;;
        *datasource*) echo 2 ;;
        *dashboard*.y*ml | *provider*) echo 3 ;;
        *alertmanager*) echo 7 ;;
        *manifests/* | *k8s/* | *kubernetes/* | *deploy/*) echo 4 ;;
        *) echo 4 ;;
    esac
}

seed() {
    local kinds="$here/corpus/kinds" stack="$here/corpus/stack"
    mkdir -p "$kinds" "$stack"
    local n=0
    if [ -d "$shared" ]; then
        while IFS= read -r -d '' f; do
            [ "$(stat -c %s "$f")" -lt "$max_len" ] || continue
            n=$((n + 1))
            { printf "\\$(printf '%03o' "$(name_index "$f")")"; cat "$f"; } >"$kinds/real-$n"
        done < <(find "$shared" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' \
            -o -name '*.rules' -o -name '.env' -o -name '*.ini' \) -print0 | sort -z)
        # One stack seed per repository folder: its small files, NUL-separated.
        for dir in "$shared"/*/; do
            local out="$stack/$(basename "$dir")"
            : >"$out"
            while IFS= read -r -d '' f; do
                local size
                size=$(stat -c %s "$f")
                [ "$size" -lt 32768 ] || continue
                [ $(( $(stat -c %s "$out") + size )) -lt "$max_len" ] || break
                { printf '%s\n' "${f#"$dir"}"; cat "$f"; printf '\0'; } >>"$out"
            done < <(find "$dir" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' \
                -o -name '*.rules' -o -name '.env' \) -print0 | sort -z)
        done
    else
        echo "note: $shared not found: seeding from tests/fixtures only" >&2
    fi
    for dir in "$repo"/tests/fixtures/seeds/*/*/; do
        [ -d "$dir" ] || continue
        local out="$stack/fixture-$(basename "$(dirname "$dir")")-$(basename "$dir")"
        : >"$out"
        while IFS= read -r -d '' f; do
            { printf '%s\n' "${f#"$dir"}"; cat "$f"; printf '\0'; } >>"$out"
            n=$((n + 1))
            { printf "\\$(printf '%03o' "$(name_index "$f")")"; cat "$f"; } >"$kinds/fixture-$n"
        done < <(find "$dir" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' \
            -o -name '*.rules' -o -name '.env' \) -print0 | sort -z)
    done
    echo "seeded: $(ls "$kinds" | wc -l) kinds inputs, $(ls "$stack" | wc -l) stack inputs" >&2
}

cd "$here"
seed
cargo fuzz build -O -a
failed=()
for t in "${targets[@]}"; do
    echo "== fuzzing $t for ${secs}s" >&2
    mkdir -p "artifacts/$t"
    if ! cargo fuzz run -O -a "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=1 -rss_limit_mb=1024 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" 2>"artifacts/$t.log"; then
        failed+=("$t")
        grep -E "ERROR|panicked|SUMMARY|Test unit written" "artifacts/$t.log" | head -20 >&2 || true
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|stat::slowest_unit_time_sec" \
        "artifacts/$t.log" >&2 || true
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: clean (${targets[*]}, ${secs}s each)" >&2
