#!/usr/bin/env python3
"""Metric types of widely used exporters, for `rate-on-non-counter` and `counter-without-rate`.

Reads the type of every metric from the exporters' own sources or test data, in git clones
of their repositories, and writes
`crates/diagnose-model/src/promql/exporter_metric_types.rs`: a sorted table
`(metric name, type, source)` where the source names the repository, commit and file the
entry comes from. Only typed metrics are kept (`untyped` ones say nothing).

| exporter | repository | what is read |
|---|---|---|
| node_exporter (and the `go_`/`process_` metrics of client_golang it exposes) | prometheus/node_exporter | `# TYPE` lines of `collector/fixtures/e2e-output*.txt`, the end-to-end test's expected `/metrics` |
| cAdvisor | google/cadvisor | `# TYPE` lines of `lib/metrics/testdata/prometheus_metrics` (or `metrics/testdata/…` in older trees) |
| kube-state-metrics | kubernetes/kube-state-metrics | the `Metric name | Metric type` tables of `docs/metrics/**/*.md` |
| blackbox_exporter | prometheus/blackbox_exporter | `prometheus.{Counter,Gauge,Histogram,Summary}Opts{Name: "probe_…"}` in `prober/*.go` |
| Prometheus | prometheus/prometheus | the same `…Opts{Namespace, Subsystem, Name}` literals in its Go sources (not tests), names starting with `prometheus_` |
| Kubernetes components (workqueue, REST client, …) | kubernetes/component-base | the same literals in `metrics/**/*.go` (not tests) |

One prefix entry is read from code rather than listed: node_exporter's `collector/meminfo.go`
emits every `/proc/meminfo` field as `node_memory_<field>` with `GaugeValue` unless the name ends
in `_total` (the script checks that the code still says so), so `node_memory_` names without
`_total` are gauges even when the test fixture lacks the field (`MemAvailable`).

Usage:
    tests/tools/exporter_metric_types.py NODE_EXPORTER_GIT CADVISOR_GIT KSM_GIT BLACKBOX_GIT PROMETHEUS_GIT COMPONENT_BASE_GIT [--check]

Each argument is a git directory (a clone's `.git`, or a bare clone); HEAD is read. With
`--check` it writes nothing and exits 1 when the committed table differs. CI has none of the
clones, so the table is committed; a maintainer reruns the script to refresh it.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/diagnose-model/src/promql/exporter_metric_types.rs"

args = [a for a in sys.argv[1:] if not a.startswith("--")]
CHECK = "--check" in sys.argv
if len(args) != 6:
    sys.exit(__doc__)
NODE, CADVISOR, KSM, BLACKBOX, PROM, COMPONENT_BASE = args


def git(repo, *a):
    r = subprocess.run(["git", "--git-dir", repo, *a], capture_output=True, text=True)
    return r.stdout


def files(repo, pattern):
    return [p for p in git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines() if re.fullmatch(pattern, p)]


def show(repo, path):
    return git(repo, "show", "HEAD:" + path)


def head(repo):
    return git(repo, "rev-parse", "HEAD").strip()


TYPES = {"counter", "gauge", "histogram", "summary"}
# name -> (type, source index)
table = {}
sources = []  # (repository, commit, path)
conflicts = []


def add(name, typ, repo_name, repo, path):
    typ = typ.lower()
    if typ not in TYPES or not re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", name):
        return
    src = (repo_name, head(repo)[:12], path)
    if src not in sources:
        sources.append(src)
    idx = sources.index(src)
    if name in table and table[name][0] != typ:
        conflicts.append((name, table[name][0], typ, path))
        return
    table.setdefault(name, (typ, idx))


TYPE_LINE = re.compile(r"^# TYPE (\S+) (\S+)\s*$", re.M)


def type_lines(repo_name, repo, paths):
    for p in paths:
        for name, typ in TYPE_LINE.findall(show(repo, p)):
            add(name, typ, repo_name, repo, p)


# node_exporter: the Linux end-to-end output first, then the other systems'.
node_paths = sorted(files(NODE, r"collector/fixtures/e2e-.*output.*\.txt"), key=lambda p: (p != "collector/fixtures/e2e-output.txt", p))
type_lines("prometheus/node_exporter", NODE, node_paths)

type_lines("google/cadvisor", CADVISOR, files(CADVISOR, r"(lib/)?metrics/testdata/prometheus_metrics"))

# kube-state-metrics: `| kube_x | Gauge | …` rows.
KSM_ROW = re.compile(r"^\|\s*(kube_[a-z0-9_]+)\s*\|\s*(Gauge|Counter|Histogram|Summary)\s*\|", re.M | re.I)
for p in files(KSM, r"docs/metrics/.*\.md"):
    for name, typ in KSM_ROW.findall(show(KSM, p)):
        add(name, typ, "kubernetes/kube-state-metrics", KSM, p)

# Go `prometheus.XOpts{...}` literals.
OPTS = re.compile(r"\b(Counter|Gauge|Histogram|Summary)(?:Vec)?Opts\s*\{")
FIELD = re.compile(r"\b(Namespace|Subsystem|Name)\s*:\s*(\"[^\"]*\"|`[^`]*`|[A-Za-z_][A-Za-z0-9_.]*)")
CONST = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:string\s*)?=\s*\"([^\"]*)\"")


def block(text, start):
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i]
    return text[start:]


def go_opts(repo_name, repo, paths, prefix):
    by_dir = {}
    for p in paths:
        by_dir.setdefault(p.rsplit("/", 1)[0], []).append(p)
    for d, ps in sorted(by_dir.items()):
        texts = {p: show(repo, p) for p in ps}
        consts = {}
        for t in texts.values():
            for k, v in CONST.findall(t):
                consts.setdefault(k, v)
        for p, t in sorted(texts.items()):
            for m in OPTS.finditer(t):
                body = block(t, m.end() - 1)
                fields = {}
                for k, v in FIELD.findall(body):
                    if k in fields:
                        continue
                    if v[0] in "\"`":
                        fields[k] = v[1:-1]
                    elif v in consts:
                        fields[k] = consts[v]
                    else:
                        fields[k] = None
                if not fields.get("Name") or None in fields.values():
                    continue
                name = "_".join(x for x in (fields.get("Namespace"), fields.get("Subsystem"), fields["Name"]) if x)
                if name.startswith(prefix):
                    add(name, m.group(1), repo_name, repo, p)


go_opts("prometheus/blackbox_exporter", BLACKBOX, files(BLACKBOX, r"prober/[^/]*(?<!_test)\.go"), "probe_")
go_opts(
    "prometheus/prometheus",
    PROM,
    [p for p in files(PROM, r".*(?<!_test)\.go") if not p.startswith(("vendor/", "documentation/", "web/ui/")) and "/testdata/" not in p],
    "prometheus_",
)

go_opts(
    "kubernetes/component-base",
    COMPONENT_BASE,
    [p for p in files(COMPONENT_BASE, r"metrics/.*(?<!_test)\.go") if "/testutil/" not in p],
    "",
)

# Prefix entries: (prefix, type of the names without `_total`, source index).
prefixes = []
meminfo = show(NODE, "collector/meminfo.go")
if 'strings.HasSuffix(k, "_total")' in meminfo and "prometheus.GaugeValue" in meminfo and 'memInfoSubsystem = "memory"' in meminfo:
    sources.append(("prometheus/node_exporter", head(NODE)[:12], "collector/meminfo.go"))
    prefixes.append(("node_memory_", "gauge", len(sources) - 1))
else:
    print("collector/meminfo.go changed: node_memory_ prefix entry dropped, review", file=sys.stderr)

RUST_TYPE = {"counter": "Counter", "gauge": "Gauge", "histogram": "Histogram", "summary": "Summary"}
lines = [
    "//! Metric types of widely used exporters. Generated by `tests/tools/exporter_metric_types.py`",
    "//! from their sources and test data (see the script for what is read); every entry names",
    "//! its source. Do not edit by hand.",
    "",
    "use super::metric_type::MetricType;",
    "",
    "/// `(repository, commit, file)` an entry was read from.",
    "pub static SOURCES: &[(&str, &str, &str)] = &[",
]
for s in sources:
    lines.append(f'    ("{s[0]}", "{s[1]}", "{s[2]}"),')
lines += [
    "];",
    "",
    "/// One line per metric, sorted by name: `name type source`, the type's first letter",
    "/// (`c`ounter, `g`auge, `h`istogram, `s`ummary) and the index in SOURCES. One string",
    "/// rather than a slice of tuples: no pointer per entry (web engine: 10 KB raw, 7 KB gzip less).",
    'pub static TYPES: &str = "\\',
]
assert len(sources) < 256
for name in sorted(table):
    typ, idx = table[name]
    assert " " not in name and '"' not in name and "\\" not in name
    lines.append(f"{name} {typ[0]} {idx}")
lines += [
    '";',
    "",
    "/// `(prefix, type, index in SOURCES)`: every name with the prefix that does not end in",
    "/// `_total` has the type (see the generating script for how each is read).",
    "pub static PREFIXES: &[(&str, MetricType, u8)] = &[",
]
for prefix, typ, idx in prefixes:
    lines.append(f'    ("{prefix}", MetricType::{RUST_TYPE[typ]}, {idx}),')
lines += ["];", ""]
text = "\n".join(lines)

for c in conflicts:
    print("conflict (first kept):", *c, file=sys.stderr)
print(f"{len(table)} metrics from {len(sources)} files", file=sys.stderr)
if CHECK:
    sys.exit(0 if OUT.exists() and OUT.read_text() == text else 1)
OUT.write_text(text)
