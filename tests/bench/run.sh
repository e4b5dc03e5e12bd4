#!/usr/bin/env bash
# Benchmarks diagnose (release build) against its peers on the same inputs, in one run,
# and prints a Markdown report with ratios (see BENCHMARKS.md for the last results).
#
#   tests/bench/run.sh                 # everything (about 10 minutes on 2 cores)
#   Every diagnose row is also compared with the parse floor (tests/bench/floor.rs).
#   BENCH_RUNS=3 tests/bench/run.sh    # fewer timed runs per command (default 5)
#   BENCH_SKIP_ONE_STACK=1 ...   # skip the 20x corpus checked as one stack (3.5 GB)
#
# Inputs: the shared corpus (<repo>/../shared/corpus, or BENCH_CORPUS) and its subsets,
# the corpus replicated 1/5/10/20x in a temporary folder, and bench/stack10 (a 10-file
# stack, as a pre-commit hook sees it). Peers: promtool (Debian `prometheus`), dclint
# (npm), compose-lint and yamllint (PyPI). The script installs what is missing: Debian
# packages with apt-get, the npm and PyPI peers into a cache folder
# (${XDG_CACHE_HOME:-~/.cache}/diagnose-bench). Times come from hyperfine (mean of
# BENCH_RUNS runs after a warm-up), peak memory from GNU time (`/usr/bin/time -v`).
set -euo pipefail

# shellcheck source=tests/bench/common.sh
. "$(dirname "$0")/common.sh"
# The second shared folder: "the whole shared corpus" is both (rows skipped when absent).
more="${BENCH_CORPUS_MORE:-$repo/../shared/corpus-more}"
runs="${BENCH_RUNS:-5}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/diagnose-bench"
diagnose="$target/release/diagnose"
require_corpus bench

log() { echo "bench: $*" >&2; }

# --- tools -----------------------------------------------------------------------------
install_debian() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
install_debian prometheus time hyperfine
mkdir -p "$cache"
if [ ! -x "$cache/venv/bin/yamllint" ] || [ ! -x "$cache/venv/bin/compose-lint" ]; then
    log "installing yamllint and compose-lint (PyPI) into $cache/venv"
    python3 -m venv "$cache/venv"
    "$cache/venv/bin/pip" install -q --disable-pip-version-check yamllint compose-lint
fi
if [ ! -x "$cache/npm/node_modules/.bin/dclint" ]; then
    log "installing dclint (npm) into $cache/npm"
    npm install -s --no-audit --no-fund --prefix "$cache/npm" dclint >/dev/null
fi
yamllint="$cache/venv/bin/yamllint"
composelint="$cache/venv/bin/compose-lint"
dclint="$cache/npm/node_modules/.bin/dclint"
promtool="$(command -v promtool)"

log "building diagnose (release)"
build_release

# --- inputs ----------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/diagnose-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Copies the files listed on stdin (paths relative to the corpus) into $1, keeping paths.
subset() {
    local dest="$1"
    mkdir -p "$dest"
    (cd "$corpus" && xargs -0 -r cp --parents -t "$dest")
}
cd "$corpus"
find . -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | sort -z >"$work/yaml.lst"
xargs -0 -r grep -lZ -E '^kind: *[A-Za-z]' <"$work/yaml.lst" |
    xargs -0 -r grep -lZ -E '^apiVersion: *[a-z0-9]' >"$work/k8s.lst" || true
find . -type f \( -name 'prometheus.yml' -o -name 'prometheus.yaml' \) -print0 | sort -z \
    >"$work/prom.lst"
# The names diagnose reads as compose files (workspace::is_compose_name).
find . -type f \( -iname 'compose.y*ml' -o -iname 'compose.*.y*ml' -o -iname 'docker-compose*.y*ml' \
    -o -iname '*-compose.y*ml' -o -iname '*.compose.y*ml' -o -iname 'docker-stack.y*ml' \
    -o -iname '*-stack.y*ml' \) -print0 | sort -z >"$work/compose.lst"
subset "$work/k8s" <"$work/k8s.lst"
subset "$work/prom" <"$work/prom.lst"
subset "$work/compose" <"$work/compose.lst"
count() { tr -cd '\0' <"$1" | wc -c; }
all_files=$(find . -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' -o -name '*.rules' \
    -o -name '.env' \) | wc -l)
cd "$repo"

mapfile -d '' prom_files < <(cd "$work/prom" && find . -type f -print0 | sort -z)
mapfile -d '' compose_files < <(cd "$work/compose" && find . -type f -print0 | sort -z)

copies=(1 5 10 20)
for i in $(seq 1 20); do cp -r "$corpus" "$(printf '%s/x%02d' "$work" "$i")"; done

# --- measuring -------------------------------------------------------------------------
declare -A MEAN SD USER SYS MEM
# measure KEY RUNS DIR CMD...: hyperfine (mean/stddev/user/system) + peak RSS, in DIR.
measure() {
    local key="$1" n="$2" dir="$3"
    shift 3
    log "timing $key"
    (cd "$dir" && hyperfine -N -i -w 1 -r "$n" --export-csv "$work/$key.csv" -- \
        "$(printf '%q ' "$@")" >/dev/null 2>&1) || { log "$key failed"; return; }
    IFS=, read -r _ mean sd _ user sys _ < <(tail -n 1 "$work/$key.csv" | sed 's/^"[^"]*"/x/')
    MEAN[$key]=$mean SD[$key]=$sd USER[$key]=$user SYS[$key]=$sys
    local rss
    rss=$(cd "$dir" && { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -n 1)
    MEM[$key]=$((rss / 1024))
}
ms() { awk -v s="${MEAN[$1]:-nan}" 'BEGIN { if (s == "nan") print "n/a"; else printf "%.0f ms", s * 1000 }'; }
cpu() { awk -v u="${USER[$1]:-0}" -v s="${SYS[$1]:-0}" 'BEGIN { printf "%.0f ms", (u + s) * 1000 }'; }
ratio() { awk -v a="${MEAN[$1]:-0}" -v b="${MEAN[$2]:-0}" 'BEGIN { if (b > 0 && a > 0) printf "%.1fx", a / b; else print "n/a" }'; }

d="$diagnose"
measure diag_all "$runs" "$corpus" "$d" check . --format short --no-config
measure floor_all "$runs" "$corpus" "$floor" .
measure floor_k8s "$runs" "$work/k8s" "$floor" .
measure tree_all "$runs" "$corpus" "$floor" --tree .
if [ -d "$more" ]; then
    more="$(cd "$more" && pwd)"
    measure diag_both "$runs" "$repo" "$d" check "$corpus" "$more" --format short --no-config
    measure floor_both "$runs" "$repo" "$floor" "$corpus" "$more"
fi
measure diag_k8s "$runs" "$work/k8s" "$d" check . --format short --no-config
measure diag_prom "$runs" "$work/prom" "$d" check . --format short --no-config
measure diag_compose "$runs" "$work/compose" "$d" check . --format short --no-config
measure promtool "$runs" "$work/prom" "$promtool" check config "${prom_files[@]}"
measure dclint "$runs" "$work/compose" "$dclint" "${compose_files[@]}"
measure composelint "$runs" "$work/compose" "$composelint" "${compose_files[@]}"
measure yamllint_all 3 "$corpus" "$yamllint" -f parsable .
measure yamllint_k8s 3 "$work/k8s" "$yamllint" -f parsable .

for n in "${copies[@]}"; do
    dirs=()
    for i in $(seq 1 "$n"); do dirs+=("$(printf 'x%02d' "$i")"); done
    measure "diag_x$n" 3 "$work" "$d" check "${dirs[@]}" --format short --no-config
done
dirs=()
for i in $(seq 1 20); do dirs+=("$(printf 'x%02d' "$i")"); done
measure diag_x20_1t 3 "$work" env DIAGNOSE_THREADS=1 "$d" check "${dirs[@]}" --format short --no-config
if [ -z "${BENCH_SKIP_ONE_STACK:-}" ]; then
    mkdir -p "$work/one"
    for i in $(seq 1 20); do mv "$(printf '%s/x%02d' "$work" "$i")" "$work/one/"; done
    measure diag_x20_one 1 "$work" "$d" check one --format short --no-config
fi

cd "$repo/tests/bench/stack10"
mapfile -d '' stack_files < <(find . -type f -print0 | sort -z)
log "timing the 10-file stack"
hyperfine -N -i -w 5 -r 50 --export-csv "$work/s10.csv" -- "$d check . --no-config" >/dev/null 2>&1
IFS=, read -r _ mean sd _ user sys _ < <(tail -n 1 "$work/s10.csv" | sed 's/^"[^"]*"/x/')
MEAN[s10]=$mean USER[s10]=$user SYS[s10]=$sys
MEM[s10]=$(($({ /usr/bin/time -f '%M' "$d" check . --no-config 2>&1 >/dev/null || true; } | tail -n 1) / 1024))
hyperfine -N -i -w 5 -r 50 --export-csv "$work/s10f.csv" -- \
    "$(printf '%q ' "$d" check --no-config "${stack_files[@]}")" >/dev/null 2>&1
IFS=, read -r _ mean sd _ user sys _ < <(tail -n 1 "$work/s10f.csv" | sed 's/^"[^"]*"/x/')
MEAN[s10f]=$mean USER[s10f]=$user SYS[s10f]=$sys
cd "$repo"

# --- report ----------------------------------------------------------------------------
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem_total=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
ver() { "$@" 2>&1 | head -n 1; }
cat <<EOF
## Results of $(date -u +%Y-%m-%d) ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))

Machine: $cpu_model, $(nproc) cores, $mem_total, $(uname -sr); load average at the end: $load.
Tools: diagnose $(ver "$d" --version | cut -d' ' -f2), $(ver "$promtool" --version | cut -d' ' -f1-3),
dclint $(ver "$dclint" --version), $(ver "$composelint" --version), $(ver "$yamllint" --version),
hyperfine $(ver hyperfine --version | cut -d' ' -f2). Mean of $runs runs (3 for yamllint and the
replicated corpus, 1 for the one-stack 20x), after a warm-up; CPU = user + system.

| Input | Files | diagnose | peer | peer time | peer / diagnose |
|---|---:|---:|---|---:|---:|
| whole corpus vs all YAML | $all_files / $(count "$work/yaml.lst") | $(ms diag_all) | yamllint | $(ms yamllint_all) | $(ratio yamllint_all diag_all) |
| Kubernetes manifests | $(count "$work/k8s.lst") | $(ms diag_k8s) | yamllint | $(ms yamllint_k8s) | $(ratio yamllint_k8s diag_k8s) |
| every prometheus.yml | $(count "$work/prom.lst") | $(ms diag_prom) | promtool check config | $(ms promtool) | $(ratio promtool diag_prom) |
| compose files | $(count "$work/compose.lst") | $(ms diag_compose) | dclint | $(ms dclint) | $(ratio dclint diag_compose) |
| compose files | $(count "$work/compose.lst") | $(ms diag_compose) | compose-lint | $(ms composelint) | $(ratio composelint diag_compose) |
| whole corpus vs each peer's subset | $all_files | $(ms diag_all) | promtool / dclint / compose-lint / yamllint | $(ms promtool) / $(ms dclint) / $(ms composelint) / $(ms yamllint_all) | $(ratio promtool diag_all) / $(ratio dclint diag_all) / $(ratio composelint diag_all) / $(ratio yamllint_all diag_all) |

The parse floor (\`tests/bench/floor.rs\`: saphyr-parser's bare event stream over every YAML file and
our JSON parser over every JSON file, one thread, nothing built): whole corpus $(ms floor_all)
($(echo "${MEM[floor_all]:-?}") MB), Kubernetes manifests $(ms floor_k8s). diagnose / floor: whole corpus
$(ratio diag_all floor_all), Kubernetes manifests $(ratio diag_k8s floor_k8s).

The whole shared corpus (\`corpus\` and \`corpus-more\`, each its own stack): diagnose $(ms diag_both)
(CPU $(cpu diag_both), $(echo "${MEM[diag_both]:-?}") MB), floor $(ms floor_both): **$(ratio diag_both floor_both)** the floor.
The trees alone (\`parse-floor --tree\`: \`Workspace::new\` over the corpus, one thread, kept):
$(ms tree_all), $(echo "${MEM[tree_all]:-?}") MB.

Peak memory (max RSS): diagnose whole corpus $(echo "${MEM[diag_all]:-?}") MB; yamllint whole corpus $(echo "${MEM[yamllint_all]:-?}") MB; promtool $(echo "${MEM[promtool]:-?}") MB; dclint $(echo "${MEM[dclint]:-?}") MB; compose-lint $(echo "${MEM[composelint]:-?}") MB.

### Growth: the corpus replicated (each copy its own stack, one process)

| Copies | diagnose wall | CPU | CPU / wall | per copy | peak memory |
|---:|---:|---:|---:|---:|---:|
EOF
for n in "${copies[@]}"; do
    k="diag_x$n"
    awk -v n="$n" -v m="${MEAN[$k]:-0}" -v u="${USER[$k]:-0}" -v s="${SYS[$k]:-0}" -v mem="${MEM[$k]:-0}" \
        'BEGIN { printf "| %d | %.0f ms | %.0f ms | %.2f | %.0f ms | %d MB |\n", n, m*1000, (u+s)*1000, (u+s)/m, m*1000/n, mem }'
done
awk -v m="${MEAN[diag_x20_1t]:-0}" -v u="${USER[diag_x20_1t]:-0}" -v s="${SYS[diag_x20_1t]:-0}" -v mem="${MEM[diag_x20_1t]:-0}" \
    'BEGIN { printf "| 20, 1 thread | %.0f ms | %.0f ms | %.2f | %.0f ms | %d MB |\n", m*1000, (u+s)*1000, (u+s)/m, m*1000/20, mem }'
if [ -n "${MEAN[diag_x20_one]:-}" ]; then
    awk -v m="${MEAN[diag_x20_one]}" -v u="${USER[diag_x20_one]:-0}" -v s="${SYS[diag_x20_one]:-0}" -v mem="${MEM[diag_x20_one]:-0}" \
        'BEGIN { printf "| 20 as one stack | %.0f ms | %.0f ms | %.2f | %.0f ms | %d MB |\n", m*1000, (u+s)*1000, (u+s)/m, m*1000/20, mem }'
fi
cat <<EOF

### A 10-file stack end to end (tests/bench/stack10, process start included; 50 runs)

| Command | wall | CPU | peak memory |
|---|---:|---:|---:|
| \`diagnose check .\` (the folder) | $(ms s10) | $(cpu s10) | ${MEM[s10]:-?} MB |
| \`diagnose check FILE...\` (10 names, as pre-commit passes them) | $(ms s10f) | $(cpu s10f) | |
EOF
