#!/usr/bin/env python3
"""Which Prometheus release first accepted each configuration key (and which removed one).

Reads the Go structs that Prometheus unmarshals its configuration into, at every release
tag of a git clone of prometheus/prometheus (and of prometheus/common, for the HTTP
client settings), follows the field types from `config.Config` down to each section that
`crates/diagnose-rules/src/prometheus/schema.rs` describes, and writes
`crates/diagnose-rules/src/prometheus/versions.rs`: the keys that did not exist in
Prometheus 2.0.0, with the first release that accepts them, and the keys a later release
removed.

Usage:
    tests/tools/prometheus_versions.py PROMETHEUS_GIT_DIR COMMON_GIT_DIR [--check]

With `--check` it writes nothing and exits 1 when the committed table differs (for a
maintainer with both clones; CI has neither, so the table is committed).
It also prints, for review, the keys Go accepts that the schema lacks.
"""

import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "crates/diagnose-rules/src/prometheus/schema.rs"
OUT = ROOT / "crates/diagnose-rules/src/prometheus/versions.rs"

PROM, COMMON = sys.argv[1], sys.argv[2]
CHECK = "--check" in sys.argv


def git(repo, *args):
    return subprocess.run(
        ["git", "--git-dir", repo, *args], capture_output=True, text=True
    ).stdout


def release_tags():
    tags = [t for t in git(PROM, "tag").split() if re.fullmatch(r"v[23]\.\d+\.0", t)]
    tags = sorted(tags, key=lambda t: tuple(int(x) for x in t[1:].split(".")))
    # The clone's newest commit stands for the next release (keys not yet released).
    return tags + ["HEAD"]


@lru_cache(maxsize=None)
def ls(repo, rev, d):
    out = git(repo, "ls-tree", "--name-only", f"{rev}:{d}") if d else ""
    return [
        f"{d}/{n}"
        for n in out.split()
        if n.endswith(".go") and not n.endswith("_test.go")
    ]


@lru_cache(maxsize=None)
def show(repo, rev, path):
    return git(repo, "show", f"{rev}:{path}")


@lru_cache(maxsize=None)
def common_version(rev):
    for line in show(PROM, rev, "go.mod").splitlines():
        m = re.match(r"\s*github\.com/prometheus/common (v\S+)", line)
        if m:
            # A pseudo-version (`v0.49.1-0.20240306132007-4199f18c3e92`) names a commit.
            pseudo = re.search(r"-([0-9a-f]{12})$", m.group(1))
            return pseudo.group(1) if pseudo else m.group(1)
    return None


def resolve_import(rev, path):
    """An import path → (repo, rev, dir) whose Go files can be read, or None."""
    if path.startswith("github.com/prometheus/prometheus/"):
        return (PROM, rev, path[len("github.com/prometheus/prometheus/") :])
    if path.startswith("github.com/prometheus/common/"):
        vendored = "vendor/" + path
        if ls(PROM, rev, vendored):
            return (PROM, rev, vendored)
        v = common_version(rev)
        if v:
            return (COMMON, v, path[len("github.com/prometheus/common/") :])
    return None


STRUCT = re.compile(r"^type (\w+) struct \{\s*$")
# `type KumaSDConfig = SDConfig`, `type AlertmanagerConfigs []*AlertmanagerConfig`.
DEFINED = re.compile(r"^type (\w+) =? ?((?:\[\])?\*?[\w.]+)\s*$")
METHOD = re.compile(r"^func \(\w+ \*?(\w+)\) \w+\(", re.M)
NAME_FN = re.compile(r'func \((?:\w+ )?\*?(\w+)\) Name\(\) string \{\s*return "(\w+)"')


@lru_cache(maxsize=None)
def package(repo, rev, d):  # noqa: C901
    """Structs of one Go package: name → (fields, imports); and Name() registrations."""
    structs, names, defined, methods = {}, {}, {}, {}
    for f in ls(repo, rev, d):
        text = show(repo, rev, f)
        imports = {}
        for m in re.finditer(r'^\s*(?:import\s+)?(\w+\s+)?"([\w./-]+)"\s*$', text, re.M):
            alias = (m.group(1) or "").strip() or m.group(2).rsplit("/", 1)[-1]
            imports[alias] = m.group(2)
        for m in NAME_FN.finditer(text):
            names[m.group(1)] = m.group(2)
        for m in METHOD.finditer(text):
            # The brace that ends the signature (`interface{}` may come before it).
            start = text.find("{\n", m.end())
            depth, i = 0, start
            while i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                if depth == 0:
                    break
                i += 1
            methods[m.group(1)] = methods.get(m.group(1), "") + text[start : i + 1]
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            d_ = DEFINED.match(lines[i])
            if d_:
                defined[d_.group(1)] = (d_.group(2), imports)
            m = STRUCT.match(lines[i])
            if not m:
                i += 1
                continue
            fields, depth = [], 1
            i += 1
            while i < len(lines) and depth > 0:
                line = lines[i].split("//")[0] if "`" not in lines[i] else lines[i]
                depth += line.count("{") - line.count("}")
                tag = re.search(r"`([^`]*)`", line)
                if depth == 1 and tag:
                    head = line[: tag.start()].split()
                    y = re.search(r'yaml:"([^"]*)"', tag.group(1))
                    if y and head:
                        typ = head[-1]
                        fields.append((y.group(1), typ, ""))
                i += 1
            structs[m.group(1)] = (fields, imports)
    for name, (typ, imports) in defined.items():
        if name not in structs:
            structs[name] = ([("", typ, "alias")], imports)
    package.methods[(repo, rev, d)] = methods
    return structs, names


def methods_of(loc):
    repo, rev, d, name = loc
    package(repo, rev, d)
    return package.methods.get((repo, rev, d), {}).get(name, "")


package.methods = {}


def find_struct(ctx, typ):
    """(repo, rev, dir, name) of the struct a Go type names, in the context of a package."""
    repo, rev, d, imports = ctx
    typ = typ.lstrip("*")
    while typ.startswith("[]"):
        typ = typ[2:].lstrip("*")
    if typ.startswith("map["):
        return None
    if "." in typ:
        alias, name = typ.split(".", 1)
        target = imports.get(alias)
        loc = resolve_import(rev, target) if target else None
        if not loc:
            return None
        repo, rev, d = loc
    else:
        name = typ
    structs = package(repo, rev, d)[0]
    if name not in structs:
        return None
    return (repo, rev, d, name)


def sd_registry(rev):
    """New-style SD registration: name → struct location, from `Name()` methods."""
    out = {}
    dirs = [
        l for l in git(PROM, "ls-tree", "-r", "-d", "--name-only", rev, "discovery").split()
    ]
    for d in ["discovery", *dirs]:
        structs, names = package(PROM, rev, d)
        for recv, n in names.items():
            if recv in structs:
                out[n] = (PROM, rev, d, recv)
    return out


def follow(loc):
    """The struct behind a defined type (`type A = B`, `type A []*B`)."""
    for _ in range(5):
        if loc is None:
            return None
        repo, r, d, name = loc
        fields, imports = package(repo, r, d)[0][name]
        if not (len(fields) == 1 and fields[0][2] == "alias"):
            return loc
        loc = find_struct((repo, r, d, imports), fields[0][1])
    return loc


def keys_of(loc, rev, http=False):
    """yaml key → struct location (or None for a plain value) of a struct, inlines merged.
    The inlined HTTP client settings are left out unless `http`."""
    loc = follow(loc)
    if loc is None:
        return {}
    repo, r, d, name = loc
    structs, _ = package(repo, r, d)
    fields, imports = structs[name]
    ctx = (repo, r, d, imports)
    out = {}
    for tag, typ, _ in fields:
        key, *opts = tag.split(",")
        if "inline" in opts:
            if typ.endswith("HTTPClientConfig") and not http:
                continue
            sub = find_struct(ctx, typ)
            if sub:
                out.update(keys_of(sub, rev, http))
            continue
        if key == "-":
            if typ.endswith("discovery.Configs"):
                for n, sloc in sd_registry(rev).items():
                    out[f"{n}_sd_configs"] = sloc
                out.pop("static_sd_configs", None)
                out["static_configs"] = None
            continue
        out[key or typ.lower()] = follow(find_struct(ctx, typ))
    return out


def http_keys(rev):
    """The keys of the HTTP client settings that scrape configs inline."""
    scrape = walk(rev, ["scrape_configs"])
    repo, r, d, name = scrape
    fields, imports = package(repo, r, d)[0][name]
    for tag, typ, _ in fields:
        if "inline" in tag and typ.endswith("HTTPClientConfig"):
            return follow(find_struct((repo, r, d, imports), typ))
    return None


def walk(rev, path):
    """The struct at a yaml path from the root (`@http`: the scrape config's HTTP settings)."""
    loc = find_struct((PROM, rev, "config", {}), "Config")
    for key in path:
        if key == "@http":
            loc = http_keys(rev)
            continue
        if loc is None:
            return None
        loc = keys_of(loc, rev, http=True).get(key)
    return loc


# Schema section (its `name:` in schema.rs) → yaml path from the root of the file.
PATHS = {
    "": [],
    "global": ["global"],
    "runtime": ["runtime"],
    "scrape_configs": ["scrape_configs"],
    "http": None,  # the inlined HTTP client settings (schema.rs `HTTP`)
    "tls_config": ["@http", "tls_config"],
    "basic_auth": ["@http", "basic_auth"],
    "authorization": ["@http", "authorization"],
    "oauth2": ["@http", "oauth2"],
    "relabel_configs": ["scrape_configs", "relabel_configs"],
    "alerting": ["alerting"],
    "alertmanagers": ["alerting", "alertmanagers"],
    "remote_write": ["remote_write"],
    "queue_config": ["remote_write", "queue_config"],
    "metadata_config": ["remote_write", "metadata_config"],
    "remote_read": ["remote_read"],
    "storage": ["storage"],
    "tsdb": ["storage", "tsdb"],
    "exemplars": ["storage", "exemplars"],
    "retention": ["storage", "tsdb", "retention"],
    "chunk_encoding": ["storage", "tsdb", "chunk_encoding"],
    "tracing": ["tracing"],
    "otlp": ["otlp"],
    "namespaces": ["scrape_configs", "kubernetes_sd_configs", "namespaces"],
    "selectors": ["scrape_configs", "kubernetes_sd_configs", "selectors"],
    "attach_metadata": ["scrape_configs", "kubernetes_sd_configs", "attach_metadata"],
}


def schema_sections():
    """Section name → keys, read from schema.rs."""
    text = SCHEMA.read_text()
    secs = {}
    for m in re.finditer(r'pub static (\w+): Sec = Sec \{\s*name: "([^"]*)",\s*fields: &\[(.*?)\],\s*http', text, re.S):
        secs[m.group(2)] = re.findall(r'\(\s*"(\w+)",', m.group(3))
    http = re.search(r"pub static HTTP: &\[\(&str, Ty\)\] = &\[(.*?)\];", text, re.S)
    secs["http"] = re.findall(r'\(\s*"(\w+)",', http.group(1))
    sd = re.search(r"sd! \{(.*?)\n\}", text, re.S).group(1) + "\n"
    for m in re.finditer(r'"(\w+)" => \w+ \{ http: \w+, (.*?) \}\n', sd):
        secs[f"{m.group(1)}_sd_configs"] = re.findall(r'"(\w+)":', m.group(2))
    return secs


def relabel_actions(rev):
    for d in ["model/relabel", "pkg/relabel", "config"]:
        acts = set()
        for f in ls(PROM, rev, d):
            acts |= set(re.findall(r'^\s*\w+\s+(?:Relabel)?Action = "(\w+)"', show(PROM, rev, f), re.M))
        if acts:
            return acts
    return set()


# Load-time checks that diagnose makes and that appeared in a later release:
# (id, folder, text of Go's error message that marks the check).
MESSAGE_CHECKS = [
    ("queue-config-positive", "config", "remote write queue max_shards must be positive"),
]


def http_validated(rev, sec):
    """Whether a section's own methods validate its inlined HTTP settings."""
    loc = walk(rev, PATHS.get(sec) or ["scrape_configs", sec])
    if loc is None:
        return False
    body = methods_of(loc)
    if sec == "scrape_configs" and "HTTPClientConfig.Validate()" not in body:
        # Old releases validated scrape configs from `Config.UnmarshalYAML`.
        body += methods_of(walk(rev, []))
    return "HTTPClientConfig.Validate()" in body


def first_from(tags, ok):
    """The first tag from which `ok` holds at every later tag, or None."""
    first = None
    for t in tags:
        if ok(t):
            first = first or t
        else:
            first = None
    return first


def main():
    tags = release_tags()
    secs = schema_sections()
    present = {}  # (section, key) → set of tags
    extra = {}  # keys Go has at the newest tag that the schema lacks
    for t in tags:
        for sec in secs:
            if sec == "http":
                loc = http_keys(t)
            elif sec in PATHS:
                loc = walk(t, PATHS[sec])
            elif sec.endswith("_sd_configs"):
                loc = walk(t, ["scrape_configs", sec])
            else:
                continue
            # With the inlined HTTP settings: a key that moved into them (kubernetes'
            # `tls_config` in 2.8) was never unavailable.
            keys = keys_of(loc, t, http=True) if loc else {}
            for k in keys:
                present.setdefault((sec, k), set()).add(t)
            if t == tags[-1]:
                missing = sorted(
                    k
                    for k in keys
                    if k not in secs[sec]
                    and (sec == "http" or k not in secs["http"])
                    and not k.endswith("_sd_configs")
                    and k != "static_configs"
                )
                if missing:
                    extra[sec] = missing
        print(f"read {t}", file=sys.stderr)

    def ver(t):
        if t == "HEAD":
            major, minor, _ = tags[-2][1:].split(".")
            minor = int(minor) + 1
        else:
            major, minor, _ = t[1:].split(".")
        return f"({major}, {minor})"

    h = http_keys(tags[-1])
    http_now = set(keys_of(h, tags[-1], http=True)) if h else set()
    rows, removed = [], []
    for (sec, key), seen in sorted(present.items()):
        if sec != "http" and key in http_now:
            continue  # governed by the rows of section `http`
        first = next(i for i, t in enumerate(tags) if t in seen)
        last = max(i for i, t in enumerate(tags) if t in seen)
        gaps = [t for t in tags[first : last + 1] if t not in seen]
        if gaps:
            print(f"note: {sec}.{key} absent in {gaps}", file=sys.stderr)
        until = None if last == len(tags) - 1 else tags[last + 1]
        if until:
            removed.append((sec, key, tags[first], until))
        elif first > 0:
            rows.append((sec, key, tags[first]))
    # A key as old as its service discovery section needs no row of its own.
    sd_since = {k: t for s, k, t in rows if s == "scrape_configs" and k.endswith("_sd_configs")}
    rows = [(s, k, t) for s, k, t in rows if sd_since.get(s) != t]
    for sec, keys in secs.items():
        for k in keys:
            if (sec, k) not in present and sec in PATHS | {"http": 1} or (
                sec.endswith("_sd_configs") and (sec, k) not in present
            ):
                print(f"warning: schema key {sec or '<root>'}.{k} not found in Go", file=sys.stderr)
    for sec, keys in extra.items():
        print(f"warning: Go accepts {sec or '<root>'}.{{{', '.join(keys)}}} but schema.rs lacks it", file=sys.stderr)

    head = git(PROM, "rev-parse", "--short=7", "HEAD").strip()
    lines = [
        "//! Which Prometheus release first accepted a configuration key, and which removed one.",
        "//! Generated by `tests/tools/prometheus_versions.py` from the Go structs of every",
        f"//! release tag of prometheus/prometheus ({tags[0]} … {tags[-2]}, then {head}) and of",
        "//! prometheus/common at the version each release's go.mod names. Do not edit by hand.",
        "",
        "/// A release as `(major, minor)`.",
        "pub type Release = (u32, u32);",
        "",
        "/// `(section, key, first release that accepts it)` for keys that Prometheus 2.0 did not",
        "/// know. `section` is the `name` of a `schema::Sec` (`\"\"` for the top level, `\"http\"`",
        "/// for the inlined HTTP client settings).",
        "pub static SINCE: &[(&str, &str, Release)] = &[",
    ]
    lines += [f'    ("{s}", "{k}", {ver(t)}),' for s, k, t in rows]
    lines += [
        "];",
        "",
        "/// `(section, key, first release, first release without it)` for keys a release removed.",
        "pub static REMOVED: &[(&str, &str, Release, Release)] = &[",
    ]
    lines += [f'    ("{s}", "{k}", {ver(a)}, {ver(b)}),' for s, k, a, b in removed]
    lines += ["];", ""]

    acts = {}
    for t in tags:
        for a in relabel_actions(t):
            acts.setdefault(a, t)
    lines += [
        "/// Relabel actions, with the first release that knows each.",
        "pub static RELABEL_ACTIONS: &[(&str, Release)] = &[",
    ]
    lines += [f'    ("{a}", {ver(t)}),' for a, t in sorted(acts.items())]
    lines += ["];", ""]

    http_secs = [sec for sec in secs if sec.endswith("_sd_configs")] + [
        "scrape_configs", "alertmanagers", "remote_write", "remote_read"
    ]
    lines += [
        "/// Sections whose inlined HTTP settings Prometheus validates when it loads the file",
        "/// (`HTTPClientConfig.Validate`: at most one of the credentials), from which release.",
        "/// A section that is missing is not validated by the newest release either.",
        "pub static HTTP_VALIDATED: &[(&str, Release)] = &[",
    ]
    for sec in sorted(http_secs):
        f = first_from(tags, lambda t: http_validated(t, sec))
        if f:
            lines.append(f'    ("{sec}", {ver(f)}),')
    lines += ["];", ""]

    lines += [
        "/// Other load-time checks, from the release whose source first holds their message.",
        "pub static CHECKS: &[(&str, Release)] = &[",
    ]
    for cid, d, text in MESSAGE_CHECKS:
        f = first_from(tags, lambda t: any(text in show(PROM, t, x) for x in ls(PROM, t, d)))
        lines.append(f'    ("{cid}", {ver(f)}),')
    lines += ["];", ""]
    # Formatted as `cargo fmt` would, so that the committed file and the output compare.
    text = subprocess.run(
        ["rustfmt", "--edition", "2021", "--emit", "stdout"],
        input="\n".join(lines), capture_output=True, text=True, check=True,
    ).stdout
    if CHECK:
        if OUT.read_text() != text:
            print(f"{OUT} is out of date", file=sys.stderr)
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f"wrote {OUT}: {len(rows)} added keys, {len(removed)} removed", file=sys.stderr)


main()
