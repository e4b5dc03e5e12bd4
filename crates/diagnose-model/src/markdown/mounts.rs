//! The bind mounts of a document's compose blocks, which put a block named by its path in
//! a container (`### /etc/grafana/provisioning/datasources/x.yaml`) at its host path.

use super::*;

/// Bind mounts of the compose blocks: (host folder or file, container path).
pub(super) fn compose_binds(cands: &[Candidate]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in cands.iter().filter(|c| c.kind == Some(Kind::Compose)) {
        let base = paths::parent(&c.file.path);
        let (docs, _) = parse_yaml(&c.file.text);
        for d in &docs {
            let Some(services) = d.root.get("services") else {
                continue;
            };
            for s in services.entries() {
                for v in s.value.get("volumes").map_or(&[][..], |v| v.items()) {
                    let (src, dst) = match v.as_str() {
                        Some(short) => {
                            let mut parts = short.splitn(3, ':');
                            match (parts.next(), parts.next()) {
                                (Some(a), Some(b)) => (a.to_string(), b.to_string()),
                                _ => continue,
                            }
                        }
                        None => match (v.get_str("source"), v.get_str("target")) {
                            (Some(a), Some(b)) => (a.to_string(), b.to_string()),
                            _ => continue,
                        },
                    };
                    // A folder of the project (`./provisioning`), not a named volume.
                    if (src.starts_with("./") || src.starts_with("../") || src == ".")
                        && dst.starts_with('/')
                    {
                        out.push((paths::join(base, &src), paths::normalize(&dst)));
                    }
                }
            }
        }
    }
    out
}

/// Where a block named `name` goes: under the document's folder, and the container path
/// when the name is absolute.
pub(super) fn place(dir: &str, name: &str) -> (String, Option<String>) {
    match name.strip_prefix('/') {
        Some(rel) => (paths::join(dir, rel), Some(name.to_string())),
        None => (paths::join(dir, name), None),
    }
}

/// Moves each block named by a container path to where a bind mount of the document's
/// compose blocks takes it from.
pub(super) fn map_container_paths(cands: &mut [Candidate]) {
    // A block named by its path in a container (`### /etc/grafana/provisioning/x.yaml`)
    // is the file that a compose block's bind mount puts there.
    let binds = compose_binds(cands);
    for c in cands.iter_mut() {
        let Some(abs) = &c.container else { continue };
        let host = binds
            .iter()
            .filter_map(|(src, dst)| paths::strip_dir(abs, dst).map(|rest| (dst.len(), src, rest)))
            .max_by_key(|(n, _, _)| *n)
            .map(|(_, src, rest)| paths::join(src, rest));
        if let Some(h) = host {
            c.file.path = h;
        }
    }
}

/// Services of a compose block: (name, image without its tag).
type Services = Vec<(String, Option<String>)>;

/// The services of a compose block.
fn services(text: &str) -> Services {
    let (docs, _) = parse_yaml(text);
    let mut out = Vec::new();
    for d in &docs {
        for s in d.root.get("services").map_or(&[][..], |s| s.entries()) {
            let Some(name) = s.key.as_str() else { continue };
            let image = s.value.get_str("image").map(|i| {
                let i = i.split('@').next().unwrap_or(i);
                match i.rfind(':') {
                    Some(c) if !i[c..].contains('/') => i[..c].to_string(),
                    _ => i.to_string(),
                }
            });
            out.push((name.to_string(), image));
        }
    }
    out
}

/// Unnamed compose blocks that are another way to deploy what an earlier compose block of
/// the document deploys ("Docker Compose HA Cluster" after "Docker Compose"): every service
/// runs an image that the earlier block runs, under a name it does not use. Merged, the two
/// would clash; an addition brings another program, an override reuses a service's name.
/// Returns (index of the block, line of the earlier block).
pub(super) fn alternatives(cands: &[Candidate]) -> Vec<(usize, u32)> {
    let compose: Vec<(usize, Services)> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == Some(Kind::Compose))
        .map(|(i, c)| (i, services(&c.file.text)))
        .collect();
    let mut out = Vec::new();
    for (k, (i, svcs)) in compose.iter().enumerate() {
        if cands[*i].file.named_by != NameSource::Generated || svcs.is_empty() {
            continue;
        }
        let earlier = compose[..k].iter().find(|(_, prev)| {
            svcs.iter().all(|(name, image)| {
                image.is_some()
                    && prev.iter().any(|(_, pi)| pi == image)
                    && !prev.iter().any(|(pn, _)| pn == name)
            })
        });
        if let Some((j, _)) = earlier {
            out.push((*i, cands[*j].file.line));
        }
    }
    out
}
