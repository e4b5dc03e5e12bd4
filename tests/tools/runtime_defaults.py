#!/usr/bin/env python3
"""What the official images of the monitoring programs run when nothing overrides them,
and which command-line flags Prometheus and Alertmanager know, release by release.

Reads, at every release tag `vX.Y.0` of git clones of the projects:
- the image's `Dockerfile` (`ENTRYPOINT`, `CMD`, `VOLUME`, `WORKDIR`, and the files
  `COPY`'d under `/etc`), collapsing consecutive releases whose image is the same into one
  entry that applies from the first of them;
- for Prometheus and Alertmanager, the kingpin flags their `main.go` declares
  (`a.Flag("name"`, `kingpin.Flag("name"`, `serverOnlyFlag(a, "name"`), plus the flags of
  the libraries they call (`promlogflag.AddFlags`/`promslogflag.AddFlags`: `log.level`,
  `log.format`; exporter-toolkit `webflag.AddFlags`: `web.listen-address`,
  `web.systemd-socket`, `web.config.file`) and kingpin's own (`help`, `version`, ...);
and writes `crates/diagnose-model/src/runtime_table.rs`.

Usage:
    tests/tools/runtime_defaults.py NAME=GIT_DIR ... [--check]
NAME is one of: prometheus, alertmanager, node_exporter, blackbox_exporter, pushgateway,
loki (also gives promtail), cadvisor. A name not given keeps no entry.

Grafana is not read from a clone (the repository is too large to mirror here): its entry
below was read from grafana/grafana `Dockerfile` (the `GF_PATHS_*` environment and
`ENTRYPOINT`) and `packaging/docker/run.sh` (`exec grafana server --config=$GF_PATHS_CONFIG
... cfg:default.paths.data=$GF_PATHS_DATA ...`), and is kept here as data.

With `--check` it writes nothing and exits 1 when the committed table differs.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/diagnose-model/src/runtime_table.rs"
CHECK = "--check" in sys.argv
REPOS = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)

# program -> (repo name, GitHub repository, Dockerfile candidates, image repository bases)
PROGRAMS = [
    ("prometheus", "prometheus", "prometheus/prometheus", ["Dockerfile"], ["prometheus"]),
    ("alertmanager", "alertmanager", "prometheus/alertmanager", ["Dockerfile"], ["alertmanager"]),
    ("node-exporter", "node_exporter", "prometheus/node_exporter", ["Dockerfile"],
     ["node-exporter", "node_exporter"]),
    ("blackbox-exporter", "blackbox_exporter", "prometheus/blackbox_exporter", ["Dockerfile"],
     ["blackbox-exporter", "blackbox_exporter"]),
    ("pushgateway", "pushgateway", "prometheus/pushgateway", ["Dockerfile"], ["pushgateway"]),
    ("loki", "loki", "grafana/loki", ["cmd/loki/Dockerfile"], ["loki"]),
    ("promtail", "loki", "grafana/loki",
     ["clients/cmd/promtail/Dockerfile", "cmd/promtail/Dockerfile"], ["promtail"]),
    ("cadvisor", "cadvisor", "google/cadvisor", ["deploy/Dockerfile"], ["cadvisor"]),
]

GRAFANA = {
    "program": "grafana",
    "images": ["grafana", "grafana-oss", "grafana-enterprise"],
    "since": "",
    "entrypoint": ["/run.sh"],
    "cmd": [],
    # What run.sh adds (`exec grafana server --homepath=... --config=$GF_PATHS_CONFIG`).
    "config": ["/etc/grafana/grafana.ini"],
    "volumes": [],
    "data": ["/var/lib/grafana"],
    "workdir": "/usr/share/grafana",
    "source": "grafana/grafana Dockerfile and packaging/docker/run.sh",
}

# cAdvisor's entrypoint script runs `/usr/bin/cadvisor -logtostderr "$@"`.
WRAPPERS = {"/usr/bin/entrypoint.sh": ["/usr/bin/cadvisor", "-logtostderr"]}

LIB_FLAGS = {
    "AddFlags(a, &cfg.logLevel)": ["log.level", "log.format"],
    "promlogflag.AddFlags": ["log.level", "log.format"],
    "promslogflag.AddFlags": ["log.level", "log.format"],
    "webflag.AddFlags": ["web.listen-address", "web.systemd-socket", "web.config.file"],
}
KINGPIN_FLAGS = ["help", "help-long", "help-man", "version", "completion-script-bash",
                 "completion-script-zsh"]
FLAG_SOURCES = {"prometheus": "cmd/prometheus/main.go", "alertmanager": "cmd/alertmanager/main.go"}


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True,
                          text=True).stdout


def version_key(tag):
    return tuple(int(x) for x in tag[1:].split("."))


def release_tags(repo, program=None):
    tags = [t for t in git(repo, "tag").split() if re.fullmatch(r"v\d+\.\d+\.0", t)]
    if program == "prometheus":
        # Prometheus 3 also tags its Go module `v0.3xx.0`: not image releases.
        tags = [t for t in tags if not t.startswith("v0.")]
    return sorted(tags, key=version_key) + ["HEAD"]


def instruction(text, name):
    """The last `NAME` instruction of the final stage, joined over continuation lines."""
    stage = text.split("\nFROM ")[-1]
    joined = re.sub(r"\\\n", " ", stage)
    found = None
    for line in joined.splitlines():
        m = re.match(rf"\s*{name}\s+(.*)", line)
        if m:
            found = m.group(1).strip()
    return found


def words(value):
    if value is None:
        return []
    if value.startswith("["):
        return json.loads(value)
    return value.split()


def image_defaults(text):
    entry = words(instruction(text, "ENTRYPOINT"))
    if entry and entry[0] in WRAPPERS:
        entry = WRAPPERS[entry[0]] + entry[1:]
    cmd = words(instruction(text, "CMD"))
    if not entry and not cmd:
        return None
    # A healthcheck's CMD is not the image's: keep the CMD only when it is a JSON array of flags.
    if cmd and not all(c.startswith("-") for c in cmd):
        cmd = []
    stage = re.sub(r"\\\n", " ", text.split("\nFROM ")[-1])
    volumes = [v for line in re.findall(r"^\s*VOLUME\s+(.*)$", stage, re.M) for v in words(line)]
    workdir = instruction(text, "WORKDIR")
    # Config files the default command names (`--config.file=PATH`, `-config.file=PATH`).
    config = [c.split("=", 1)[1] for c in entry + cmd if re.match(r"-{1,2}config\.file=", c)]
    return entry, cmd, volumes, workdir, config


# The value kinds of the libraries' flags: prometheus/common `promslog` (and `promlog`
# before it) accept these levels and formats (`Level.Set`, `Format.Set`); the new `promslog`
# lowercases the level, the old `promlog` does not.
LIB_KINDS = {
    "log.level": ("Enum", ["debug", "info", "warn", "error"]),
    "log.format": ("Enum", ["logfmt", "json"]),
}
# kingpin's typed clauses (`.Duration()`, `.DurationVar(&x)`, ...): the kind each records.
KINGPIN_KINDS = {
    "Bool": "Bool", "Int": "Int", "Int64": "Int64", "Uint": "Uint", "Uint64": "Uint",
    "Float64": "Float", "Float": "Float", "Duration": "Duration", "Bytes": "Bytes",
    "Enum": "Enum", "Enums": "Enums", "String": "String", "Strings": "Strings",
    "URL": "Url", "URLList": "Url", "ExistingFile": "File", "ExistingFiles": "File",
    "ExistingDir": "File", "ExistingDirs": "File", "ExistingFileOrDir": "File",
    "StringMap": "String", "IP": "String", "TCP": "String", "TCPList": "String",
    "Regexp": "String", "Counter": "Bool",
}
# Types of the variables given to `.SetValue(&x)` (kingpin.Value implementations).
SET_VALUE_TYPES = {"model.Duration": "ModelDuration", "units.Base2Bytes": "Bytes"}


def balanced(src, i):
    """The index after the parenthesis that closes the one at `src[i]`."""
    depth = 0
    quote = None
    while i < len(src):
        c = src[i]
        if quote:
            if c == "\\" and quote != "`":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"`'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def chain(src, i):
    """The method calls chained after the call whose `(` is at `src[i]`: [(name, args)]."""
    out = []
    i = balanced(src, i)
    while True:
        m = re.match(r"\s*\.\s*([A-Za-z0-9_]+)\(", src[i:])
        if not m:
            return out
        start = i + m.end() - 1
        end = balanced(src, start)
        out.append((m.group(1), src[start + 1:end - 1]))
        i = end


def value_kind(src, calls):
    """The kind of value the chain declares: (kind, enum values)."""
    for name, args in reversed(calls):
        base = name[:-3] if name.endswith("Var") and name != "SetValue" else name
        if base in ("Enum", "Enums"):
            values = [a.strip() for a in args.split(",")]
            if name.endswith("Var"):
                values = values[1:]
            if values and all(re.fullmatch(r'"[^"]*"', v) for v in values):
                return base, [v[1:-1] for v in values]
            return "Unknown", []
        if base in KINGPIN_KINDS:
            return KINGPIN_KINDS[base], []
        if name == "SetValue":
            ident = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", args)
            if not ident:
                return "Unknown", []
            decl = re.search(rf"\b{ident[-1]}\b(?:\s*,\s*\w+)*\s+([\w.]+)\s*$", src, re.M)
            if decl and decl.group(1) in SET_VALUE_TYPES:
                return SET_VALUE_TYPES[decl.group(1)], []
            return "Unknown", []
    return "Unknown", []


def flags_at(repo, rev, path):
    """The flags `path` declares at `rev`: {name: (kind, enum values)}."""
    src = git(repo, "show", f"{rev}:{path}")
    if not src:
        return None
    names = {}
    for m in re.finditer(r'(\.Flag|OnlyFlag)\(\s*(?:a,\s*)?"([^"]+)"', src):
        names[m.group(2)] = value_kind(src, chain(src, m.start() + len(m.group(1))))
    if not names:
        # Before kingpin (Prometheus 1.x used Go's `flag` package): not covered.
        return None
    for call, extra in LIB_FLAGS.items():
        if call in src:
            names.update({n: LIB_KINDS.get(n, ("Unknown", [])) for n in extra})
    names.update({n: ("Unknown", []) for n in KINGPIN_FLAGS})
    return names


def main():
    entries = []
    flag_tables = {}
    sources = []
    for program, key, github, candidates, images in PROGRAMS:
        repo = REPOS.get(key)
        if not repo:
            continue
        head = git(repo, "rev-parse", "HEAD").strip()
        sources.append(f"{github} at {head[:12]} ({', '.join(candidates)})")
        previous = None
        for tag in release_tags(repo, program):
            text = next((t for t in (git(repo, "show", f"{tag}:{c}") for c in candidates) if t),
                        None)
            if not text:
                continue
            d = image_defaults(text)
            if d is None or d == previous:
                continue
            previous = d
            entry, cmd, volumes, workdir, copied = d
            entries.append({
                "program": program,
                "images": images,
                "since": "" if tag == "HEAD" else tag,
                "entrypoint": entry,
                "cmd": cmd,
                "config": copied,
                "volumes": volumes,
                "data": volumes,
                "workdir": workdir or "",
                "source": f"{github} {candidates[0]} at {tag}",
            })
        if program in FLAG_SOURCES:
            table = {}
            tags = release_tags(repo, program)
            for tag in tags:
                names = flags_at(repo, tag, FLAG_SOURCES[program])
                if names is None:
                    continue
                for n, kind in names.items():
                    row = table.setdefault(n, [tag, tag, kind])
                    # The kind of the latest release that declares the flag.
                    row[1], row[2] = tag, kind
            last = tags[-1]
            flag_tables[program] = sorted(
                (n, first, "" if end == last else end, kind)
                for n, (first, end, kind) in table.items())
            sources.append(f"{github} {FLAG_SOURCES[program]} at every vX.Y.0 tag")
    entries.append(GRAFANA)
    sources.append(GRAFANA["source"])

    def arr(xs):
        return "&[" + ", ".join(json.dumps(x) for x in xs) + "]"

    out = [
        "//! Generated by tests/tools/runtime_defaults.py; do not edit.",
        "//! What each official image runs when nothing overrides it, and the flags of",
        "//! Prometheus and Alertmanager per release. Sources (read by the script):",
    ]
    out += [f"//! - {s}" for s in sources]
    out += [
        "",
        "use crate::runtime_types::{FlagKind, ImageDefaults, ReleaseFlag};",
        "",
        "/// Per program, one entry per image change, oldest first (`since` is the first",
        "/// release tag with this image; empty: only the development branch).",
        "pub static IMAGE_DEFAULTS: &[ImageDefaults] = &[",
    ]
    for e in entries:
        out.append("    ImageDefaults {")
        out.append(f"        program: {json.dumps(e['program'])},")
        out.append(f"        images: {arr(e['images'])},")
        out.append(f"        since: {json.dumps(e['since'])},")
        out.append(f"        entrypoint: {arr(e['entrypoint'])},")
        out.append(f"        cmd: {arr(e['cmd'])},")
        out.append(f"        config: {arr(e['config'])},")
        out.append(f"        data: {arr(e['data'])},")
        out.append(f"        workdir: {json.dumps(e['workdir'])},")
        out.append(f"        source: {json.dumps(e['source'])},")
        out.append("    },")
    out.append("];")
    for program, rows in sorted(flag_tables.items()):
        out += [
            "",
            f"/// Flags of {program}: name, first release that has it, last release that has it",
            "/// (empty: still there), and the kind of value of the latest release that has it.",
            f"pub static {program.upper()}_FLAGS: &[ReleaseFlag] = &[",
        ]
        for n, first, end, (kind, values) in rows:
            if kind in ("Enum", "Enums"):
                kind = f"{kind}({arr(values)})"
            out.append(f"    ReleaseFlag {{ name: {json.dumps(n)}, first: {json.dumps(first)}, "
                       f"last: {json.dumps(end)}, kind: FlagKind::{kind} }},")
        out.append("];")
    text = "\n".join(out) + "\n"
    if CHECK:
        if OUT.read_text() != text:
            print(f"{OUT} is out of date", file=sys.stderr)
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f"wrote {OUT}: {len(entries)} image entries, "
          + ", ".join(f"{p}: {len(r)} flags" for p, r in flag_tables.items()))


main()
