//! What well-known images listen on and whether they serve Prometheus metrics.
//! Sources are cited in the rule pages that use this table
//! (container-port-mismatch, scrape-target-without-exporter, localhost-in-container-url).

/// Facts about an image, matched on the last segment of its repository name.
#[derive(Debug)]
pub struct ImageInfo {
    pub names: &'static [&'static str],
    /// Ports the default command listens on.
    pub ports: &'static [u16],
    /// `None`: serves Prometheus metrics itself. `Some(exporter)`: needs this exporter.
    pub exporter: Option<&'static str>,
}

pub static IMAGES: &[ImageInfo] = &[
    ImageInfo {
        names: &["prometheus"],
        ports: &[9090],
        exporter: None,
    },
    ImageInfo {
        names: &["grafana", "grafana-oss", "grafana-enterprise"],
        ports: &[3000],
        exporter: None,
    },
    ImageInfo {
        names: &["alertmanager"],
        ports: &[9093],
        exporter: None,
    },
    ImageInfo {
        names: &["node-exporter", "node_exporter"],
        ports: &[9100],
        exporter: None,
    },
    ImageInfo {
        names: &["cadvisor"],
        ports: &[8080],
        exporter: None,
    },
    ImageInfo {
        names: &["pushgateway"],
        ports: &[9091],
        exporter: None,
    },
    ImageInfo {
        names: &["blackbox-exporter"],
        ports: &[9115],
        exporter: None,
    },
    ImageInfo {
        names: &["loki"],
        ports: &[3100],
        exporter: None,
    },
    ImageInfo {
        names: &["postgres", "postgresql"],
        ports: &[5432],
        exporter: Some("prometheuscommunity/postgres-exporter (port 9187)"),
    },
    ImageInfo {
        names: &["mysql", "mariadb", "percona-server"],
        ports: &[3306],
        exporter: Some("prom/mysqld-exporter (port 9104)"),
    },
    ImageInfo {
        names: &["redis", "valkey"],
        ports: &[6379],
        exporter: Some("oliver006/redis_exporter (port 9121)"),
    },
    ImageInfo {
        names: &["mongo", "mongodb"],
        ports: &[27017],
        exporter: Some("percona/mongodb_exporter (port 9216)"),
    },
    ImageInfo {
        names: &["memcached"],
        ports: &[11211],
        exporter: Some("prom/memcached-exporter (port 9150)"),
    },
    ImageInfo {
        names: &["elasticsearch"],
        ports: &[9200, 9300],
        exporter: Some("prometheuscommunity/elasticsearch-exporter (port 9114)"),
    },
];

/// Looks up an image by the last segment of its repository (`bitnami/postgresql` →
/// `postgresql`).
pub fn info(image_base: &str) -> Option<&'static ImageInfo> {
    IMAGES.iter().find(|i| i.names.contains(&image_base))
}

/// The image repository's last segment for a full reference.
pub fn base_of(image: &str) -> String {
    let repo = image_repo(image);
    repo.rsplit('/').next().unwrap_or("").to_string()
}

/// The repository of an image reference without registry, tag or digest, lowercased:
/// `docker.io/grafana/grafana:11.2.0` → `grafana/grafana`.
pub fn image_repo(image: &str) -> String {
    image_repo_as_written(image).to_ascii_lowercase()
}

/// [`image_repo`] before lowercasing: a slice of `image`, without allocating.
pub fn image_repo_as_written(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    // A tag is after the last ':' that follows the last '/'.
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    let mut repo = match no_digest[last_slash..].find(':') {
        Some(i) => &no_digest[..last_slash + i],
        None => no_digest,
    };
    // The registry host, then Docker Hub's `library/`, when more components follow.
    if let Some((first, rest)) = repo.split_once('/') {
        if first.contains('.') || first.contains(':') || first == "localhost" {
            repo = rest;
        }
    }
    if let Some(("library", rest)) = repo.split_once('/') {
        repo = rest;
    }
    repo
}

/// The tag of an image reference (`None` when absent or pinned by digest).
pub fn image_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return None;
    }
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    image[last_slash..]
        .find(':')
        .map(|i| &image[last_slash + i + 1..])
}
