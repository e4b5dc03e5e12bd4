#!/usr/bin/env bash
# Issue 14's measure: `diagnose check` against the parse floor, run by run.
#
#   tests/bench/ratio.sh                      # 30 rounds on ../shared/corpus
#   ROUNDS=50 tests/bench/ratio.sh            # more rounds
#   tests/bench/ratio.sh /tmp/diagnose-old    # also another build, alternated (A/B)
#
# Each round runs the floor (tests/bench/floor.rs, one thread), then `diagnose check
# <corpus> --format short` with each binary, one after the other, so that a change in the
# machine's load falls on all of them alike. Prints each one's median wall time, the ratio
# of the medians to the floor's, and the median and mean of the per-round ratios (each run
# over the floor run just before it). Under root the runs are SCHED_FIFO (`chrt -f 10`).
# The host moves these ratios between series, by up to half a point for the same build
# (BENCHMARKS.md, eighth sitting): stop other heavy work while it runs, and compare
# builds in one series rather than across series.
set -euo pipefail

# shellcheck source=tests/bench/common.sh
. "$(dirname "$0")/common.sh"
rounds="${ROUNDS:-30}"
require_corpus ratio
build_release
bins=("$target/release/diagnose" "$@")
fifo=()
if [ "$(id -u)" -eq 0 ] && command -v chrt >/dev/null; then fifo=(chrt -f 10); fi

times="$(mktemp)"
trap 'rm -f "$times"' EXIT
run() { # label, command...
    local label=$1 start end
    shift
    start=$(date +%s%N)
    "${fifo[@]}" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$label $(((end - start) / 1000))" >>"$times"
}
cd "$(dirname "$corpus")"
name="$(basename "$corpus")"
for _ in $(seq "$rounds"); do
    run floor "$floor" "$name"
    for i in "${!bins[@]}"; do
        run "b$i" "${bins[$i]}" check "$name" --format short
    done
done

python3 - "$times" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)" "${bins[@]}" <<'PY'
import statistics as st
import sys

path, rounds, load, bins = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
runs = {}
for line in open(path):
    label, micros = line.split()
    runs.setdefault(label, []).append(int(micros) / 1000)
floor = runs["floor"]
f = st.median(floor)
print(f"{rounds} rounds, load average at the end {load}")
print(f"floor: median {f:.1f} ms (min {min(floor):.1f}, max {max(floor):.1f})")
for i, b in enumerate(bins):
    x = runs[f"b{i}"]
    r = [a / c for a, c in zip(x, floor)]
    print(
        f"{b}: median {st.median(x):.1f} ms, {st.median(x) / f:.2f}x the floor's median; "
        f"per round {st.median(r):.2f}x (median), {st.mean(r):.2f}x (mean)"
    )
PY
