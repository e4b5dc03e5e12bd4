//! The keys Prometheus accepts in its configuration file, section by section, with the
//! type of each value. Taken from the Go structs that Prometheus unmarshals strictly
//! (`config/config.go`, `discovery/*/`, `model/relabel/relabel.go` in prometheus/prometheus
//! at d15adb9, and `config/http_config.go` in prometheus/common at d2417e2). It is a
//! superset of older 2.x releases: keys that later releases added are accepted; the
//! release of each key comes from the generated `versions.rs`. `Sec` is a
//! `crate::schema::Section`, so PROM004 walks files with the shared validator.

use super::version::{self, Release};
use crate::schema::{self, Nested, Renamed, Section};

/// The type of a value, as `gopkg.in/yaml.v2` decodes it into the Go field.
#[derive(Debug)]
pub enum Ty {
    /// Any scalar (yaml.v2 turns numbers and booleans into strings).
    Str,
    /// `true`/`false` (and YAML 1.1 `yes`/`no`/`on`/`off`), unquoted.
    Bool,
    /// A Prometheus duration (`model.Duration`): `30s`, `1m30s`, `0`.
    Dur,
    /// An unquoted integer (`int`).
    Int,
    /// An unquoted non-negative integer (`uint`).
    Uint,
    /// An unquoted number (`float64`).
    Float,
    /// A byte size (`units.Base2Bytes`): `0`, `100MB`, `1GiB`.
    Size,
    /// A list of scalars.
    Strs,
    /// A mapping from strings to scalars.
    StrMap,
    /// Not checked (nested structures of rarely used mechanisms).
    Any,
    /// A value from a fixed set.
    Enum(&'static [&'static str]),
    /// A regular expression (RE2).
    Regex,
    /// A nested section.
    Sec(&'static Sec),
    /// A list of sections.
    List(&'static Sec),
}

/// A section: its known keys, and whether it inlines the HTTP client settings and the
/// `*_sd_configs` lists.
#[derive(Debug)]
pub struct Sec {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Ty)],
    pub http: bool,
    pub sd: bool,
}

impl Section for Sec {
    type Ty = Ty;

    fn name(&self) -> &'static str {
        self.name
    }

    /// The type of `key` in this section, including inlined keys.
    fn field(&self, key: &str) -> Option<&'static Ty> {
        if let Some((_, t)) = self.fields.iter().find(|(k, _)| *k == key) {
            return Some(t);
        }
        if self.http {
            if let Some((_, t)) = HTTP.iter().find(|(k, _)| *k == key) {
                return Some(t);
            }
        }
        if self.sd {
            if let Some(sd) = sd_section(key) {
                return Some(sd);
            }
        }
        None
    }

    /// Every key the section accepts (for suggestions).
    fn keys(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self.fields.iter().map(|(k, _)| *k).collect();
        if self.http {
            v.extend(HTTP.iter().map(|(k, _)| *k));
        }
        if self.sd {
            v.push("static_configs");
            v.extend(SD.iter().map(|(_, s)| s.name));
        }
        v
    }

    fn nested(ty: &'static Ty) -> Option<Nested<Sec>> {
        match ty {
            Ty::Sec(s) => Some(Nested::Map(s)),
            Ty::List(s) => Some(Nested::List(s)),
            _ => None,
        }
    }

    fn since(&self, key: &str) -> Option<Release> {
        version::key_since(self.table_of(key), key)
    }

    fn removed(&self, key: &str) -> Option<(Release, Release)> {
        version::removed(self.name, key)
    }

    fn renamed(&self, key: &str) -> Option<&'static str> {
        schema::renamed(RENAMED, self.name, key)
    }
}

impl Sec {
    /// Where a key's release is looked up in `versions.rs`: its section, or `http` for
    /// the inlined HTTP settings.
    pub fn table_of(&self, key: &str) -> &'static str {
        if self.http
            && !self.fields.iter().any(|(k, _)| *k == key)
            && HTTP.iter().any(|(k, _)| *k == key)
        {
            "http"
        } else {
            self.name
        }
    }
}

fn sd_section(key: &str) -> Option<&'static Ty> {
    if key == "static_configs" {
        return Some(&STATIC_LIST);
    }
    SD.iter()
        .find(|(_, s)| s.name == key)
        .map(|(_, s)| s_list(s))
}

// `Ty::List` values for the service-discovery sections, kept in statics so that they can
// be returned by reference.
static STATIC_LIST: Ty = Ty::List(&STATIC);

fn s_list(s: &'static Sec) -> &'static Ty {
    SD_LISTS
        .iter()
        .find(|t| matches!(t, Ty::List(x) if std::ptr::eq(*x, s)))
        .unwrap_or(&Ty::Any)
}

pub static TLS: Sec = Sec {
    name: "tls_config",
    fields: &[
        ("ca", Ty::Str),
        ("cert", Ty::Str),
        ("key", Ty::Str),
        ("ca_file", Ty::Str),
        ("cert_file", Ty::Str),
        ("key_file", Ty::Str),
        ("ca_ref", Ty::Str),
        ("cert_ref", Ty::Str),
        ("key_ref", Ty::Str),
        ("server_name", Ty::Str),
        ("insecure_skip_verify", Ty::Bool),
        (
            "min_version",
            Ty::Enum(&["TLS10", "TLS11", "TLS12", "TLS13"]),
        ),
        (
            "max_version",
            Ty::Enum(&["TLS10", "TLS11", "TLS12", "TLS13"]),
        ),
    ],
    http: false,
    sd: false,
};

pub static BASIC_AUTH: Sec = Sec {
    name: "basic_auth",
    fields: &[
        ("username", Ty::Str),
        ("username_file", Ty::Str),
        ("username_ref", Ty::Str),
        ("password", Ty::Str),
        ("password_file", Ty::Str),
        ("password_ref", Ty::Str),
    ],
    http: false,
    sd: false,
};

pub static AUTHORIZATION: Sec = Sec {
    name: "authorization",
    fields: &[
        ("type", Ty::Str),
        ("credentials", Ty::Str),
        ("credentials_file", Ty::Str),
        ("credentials_ref", Ty::Str),
    ],
    http: false,
    sd: false,
};

pub static OAUTH2: Sec = Sec {
    name: "oauth2",
    fields: &[
        ("client_id", Ty::Str),
        ("client_secret", Ty::Str),
        ("client_secret_file", Ty::Str),
        ("client_secret_ref", Ty::Str),
        ("client_certificate_key_id", Ty::Str),
        ("client_certificate_key", Ty::Str),
        ("client_certificate_key_file", Ty::Str),
        ("client_certificate_key_ref", Ty::Str),
        ("grant_type", Ty::Str),
        ("signature_algorithm", Ty::Str),
        ("iss", Ty::Str),
        ("audience", Ty::Str),
        ("claims", Ty::Any),
        ("scopes", Ty::Strs),
        ("token_url", Ty::Str),
        ("endpoint_params", Ty::StrMap),
        ("tls_config", Ty::Sec(&TLS)),
        ("proxy_url", Ty::Str),
        ("no_proxy", Ty::Str),
        ("proxy_from_environment", Ty::Bool),
        ("proxy_connect_header", Ty::Any),
    ],
    http: false,
    sd: false,
};

/// `config.HTTPClientConfig`, inlined in scrape configs, most SD configs, Alertmanager,
/// remote write and remote read.
pub static HTTP: &[(&str, Ty)] = &[
    ("basic_auth", Ty::Sec(&BASIC_AUTH)),
    ("authorization", Ty::Sec(&AUTHORIZATION)),
    ("oauth2", Ty::Sec(&OAUTH2)),
    ("bearer_token", Ty::Str),
    ("bearer_token_file", Ty::Str),
    ("tls_config", Ty::Sec(&TLS)),
    ("follow_redirects", Ty::Bool),
    ("enable_http2", Ty::Bool),
    ("proxy_url", Ty::Str),
    ("no_proxy", Ty::Str),
    ("proxy_from_environment", Ty::Bool),
    ("proxy_connect_header", Ty::Any),
    ("http_headers", Ty::Any),
];

pub const RELABEL_ACTIONS: &[&str] = &[
    "replace",
    "keep",
    "drop",
    "keepequal",
    "dropequal",
    "hashmod",
    "labelmap",
    "labeldrop",
    "labelkeep",
    "lowercase",
    "uppercase",
];

pub static RELABEL: Sec = Sec {
    name: "relabel_configs",
    fields: &[
        ("source_labels", Ty::Strs),
        ("separator", Ty::Str),
        ("regex", Ty::Regex),
        ("modulus", Ty::Uint),
        ("target_label", Ty::Str),
        ("replacement", Ty::Str),
        // Checked case-insensitively by the rule.
        ("action", Ty::Str),
    ],
    http: false,
    sd: false,
};

pub static STATIC: Sec = Sec {
    name: "static_configs",
    fields: &[("targets", Ty::Strs), ("labels", Ty::StrMap)],
    http: false,
    sd: false,
};

const SCRAPE_PROTOCOLS: &[&str] = &[
    "OpenMetricsText0.0.1",
    "OpenMetricsText1.0.0",
    "PrometheusProto",
    "PrometheusText0.0.4",
    "PrometheusText1.0.0",
];

/// `model.AllowUTF8`, `EscapeUnderscores`, `EscapeDots`, `EscapeValues` (prometheus/common).
const ESCAPING_SCHEMES: &[&str] = &["allow-utf-8", "underscores", "dots", "values"];

pub static GLOBAL: Sec = Sec {
    name: "global",
    fields: &[
        ("scrape_interval", Ty::Dur),
        ("scrape_timeout", Ty::Dur),
        ("scrape_protocols", Ty::Strs),
        ("evaluation_interval", Ty::Dur),
        ("rule_query_offset", Ty::Dur),
        ("query_log_file", Ty::Str),
        ("scrape_failure_log_file", Ty::Str),
        ("external_labels", Ty::StrMap),
        ("body_size_limit", Ty::Size),
        ("sample_limit", Ty::Uint),
        ("target_limit", Ty::Uint),
        ("label_limit", Ty::Uint),
        ("label_name_length_limit", Ty::Uint),
        ("label_value_length_limit", Ty::Uint),
        ("keep_dropped_targets", Ty::Uint),
        (
            "metric_name_validation_scheme",
            Ty::Enum(&["utf8", "legacy"]),
        ),
        ("metric_name_escaping_scheme", Ty::Enum(ESCAPING_SCHEMES)),
        ("scrape_native_histograms", Ty::Bool),
        ("convert_classic_histograms_to_nhcb", Ty::Bool),
        ("always_scrape_classic_histograms", Ty::Bool),
        ("extra_scrape_metrics", Ty::Bool),
    ],
    http: false,
    sd: false,
};

pub static SCRAPE: Sec = Sec {
    name: "scrape_configs",
    fields: &[
        ("job_name", Ty::Str),
        ("honor_labels", Ty::Bool),
        ("honor_timestamps", Ty::Bool),
        ("track_timestamps_staleness", Ty::Bool),
        ("params", Ty::Any),
        ("scrape_interval", Ty::Dur),
        ("scrape_timeout", Ty::Dur),
        ("scrape_protocols", Ty::Strs),
        ("fallback_scrape_protocol", Ty::Enum(SCRAPE_PROTOCOLS)),
        ("scrape_native_histograms", Ty::Bool),
        ("always_scrape_classic_histograms", Ty::Bool),
        ("convert_classic_histograms_to_nhcb", Ty::Bool),
        ("scrape_failure_log_file", Ty::Str),
        ("metrics_path", Ty::Str),
        ("scheme", Ty::Str),
        ("enable_compression", Ty::Bool),
        ("body_size_limit", Ty::Size),
        ("sample_limit", Ty::Uint),
        ("target_limit", Ty::Uint),
        ("label_limit", Ty::Uint),
        ("label_name_length_limit", Ty::Uint),
        ("label_value_length_limit", Ty::Uint),
        ("native_histogram_bucket_limit", Ty::Uint),
        ("native_histogram_min_bucket_factor", Ty::Float),
        ("keep_dropped_targets", Ty::Uint),
        (
            "metric_name_validation_scheme",
            Ty::Enum(&["utf8", "legacy"]),
        ),
        ("metric_name_escaping_scheme", Ty::Enum(ESCAPING_SCHEMES)),
        ("extra_scrape_metrics", Ty::Bool),
        ("relabel_configs", Ty::List(&RELABEL)),
        ("metric_relabel_configs", Ty::List(&RELABEL)),
    ],
    http: true,
    sd: true,
};

pub static ALERTMANAGER: Sec = Sec {
    name: "alertmanagers",
    fields: &[
        ("sigv4", Ty::Any),
        ("scheme", Ty::Str),
        ("path_prefix", Ty::Str),
        ("timeout", Ty::Dur),
        ("api_version", Ty::Enum(&["v2"])),
        ("relabel_configs", Ty::List(&RELABEL)),
        ("alert_relabel_configs", Ty::List(&RELABEL)),
    ],
    http: true,
    sd: true,
};

pub static ALERTING: Sec = Sec {
    name: "alerting",
    fields: &[
        ("alert_relabel_configs", Ty::List(&RELABEL)),
        ("alertmanagers", Ty::List(&ALERTMANAGER)),
    ],
    http: false,
    sd: false,
};

pub static QUEUE: Sec = Sec {
    name: "queue_config",
    fields: &[
        ("capacity", Ty::Int),
        ("max_shards", Ty::Int),
        ("min_shards", Ty::Int),
        ("max_samples_per_send", Ty::Int),
        ("batch_send_deadline", Ty::Dur),
        ("min_backoff", Ty::Dur),
        ("max_backoff", Ty::Dur),
        ("retry_on_http_429", Ty::Bool),
        ("sample_age_limit", Ty::Dur),
    ],
    http: false,
    sd: false,
};

pub static METADATA: Sec = Sec {
    name: "metadata_config",
    fields: &[
        ("send", Ty::Bool),
        ("send_interval", Ty::Dur),
        ("max_samples_per_send", Ty::Int),
    ],
    http: false,
    sd: false,
};

pub static REMOTE_WRITE: Sec = Sec {
    name: "remote_write",
    fields: &[
        ("url", Ty::Str),
        ("remote_timeout", Ty::Dur),
        ("headers", Ty::StrMap),
        ("write_relabel_configs", Ty::List(&RELABEL)),
        ("name", Ty::Str),
        ("send_exemplars", Ty::Bool),
        ("send_native_histograms", Ty::Bool),
        ("round_robin_dns", Ty::Bool),
        (
            "protobuf_message",
            Ty::Enum(&["prometheus.WriteRequest", "io.prometheus.write.v2.Request"]),
        ),
        ("failed_request_logging", Ty::Bool),
        ("queue_config", Ty::Sec(&QUEUE)),
        ("metadata_config", Ty::Sec(&METADATA)),
        ("sigv4", Ty::Any),
        ("azuread", Ty::Any),
        ("google_iam", Ty::Any),
    ],
    http: true,
    sd: false,
};

pub static REMOTE_READ: Sec = Sec {
    name: "remote_read",
    fields: &[
        ("url", Ty::Str),
        ("remote_timeout", Ty::Dur),
        ("chunked_read_limit", Ty::Uint),
        ("headers", Ty::StrMap),
        ("read_recent", Ty::Bool),
        ("name", Ty::Str),
        ("required_matchers", Ty::StrMap),
        ("filter_external_labels", Ty::Bool),
    ],
    http: true,
    sd: false,
};

pub static RETENTION: Sec = Sec {
    name: "retention",
    fields: &[
        ("time", Ty::Dur),
        ("size", Ty::Size),
        ("percentage", Ty::Float),
    ],
    http: false,
    sd: false,
};

pub static CHUNK_ENCODING: Sec = Sec {
    name: "chunk_encoding",
    fields: &[("floats", Ty::Enum(&["xor", "xor2"]))],
    http: false,
    sd: false,
};

pub static TSDB: Sec = Sec {
    name: "tsdb",
    fields: &[
        ("out_of_order_time_window", Ty::Dur),
        ("stale_series_compaction_threshold", Ty::Float),
        ("chunk_encoding", Ty::Sec(&CHUNK_ENCODING)),
        ("retention", Ty::Sec(&RETENTION)),
    ],
    http: false,
    sd: false,
};

pub static EXEMPLARS: Sec = Sec {
    name: "exemplars",
    fields: &[("max_exemplars", Ty::Int)],
    http: false,
    sd: false,
};

pub static STORAGE: Sec = Sec {
    name: "storage",
    fields: &[("tsdb", Ty::Sec(&TSDB)), ("exemplars", Ty::Sec(&EXEMPLARS))],
    http: false,
    sd: false,
};

pub static TRACING: Sec = Sec {
    name: "tracing",
    fields: &[
        ("client_type", Ty::Enum(&["grpc", "http"])),
        ("endpoint", Ty::Str),
        ("sampling_fraction", Ty::Float),
        ("insecure", Ty::Bool),
        ("tls_config", Ty::Sec(&TLS)),
        ("headers", Ty::StrMap),
        ("compression", Ty::Enum(&["gzip"])),
        ("timeout", Ty::Dur),
    ],
    http: false,
    sd: false,
};

pub static OTLP: Sec = Sec {
    name: "otlp",
    fields: &[
        ("promote_all_resource_attributes", Ty::Bool),
        ("promote_resource_attributes", Ty::Strs),
        ("ignore_resource_attributes", Ty::Strs),
        (
            "translation_strategy",
            Ty::Enum(&[
                "UnderscoreEscapingWithSuffixes",
                "UnderscoreEscapingWithoutSuffixes",
                "NoUTF8EscapingWithSuffixes",
                "NoTranslation",
            ]),
        ),
        ("keep_identifying_resource_attributes", Ty::Bool),
        ("convert_histograms_to_nhcb", Ty::Bool),
        ("promote_scope_metadata", Ty::Bool),
        ("label_name_underscore_sanitization", Ty::Bool),
        ("label_name_preserve_multiple_underscores", Ty::Bool),
    ],
    http: false,
    sd: false,
};

pub static RUNTIME: Sec = Sec {
    name: "runtime",
    fields: &[("gogc", Ty::Int)],
    http: false,
    sd: false,
};

pub static ROOT: Sec = Sec {
    name: "",
    fields: &[
        ("global", Ty::Sec(&GLOBAL)),
        ("runtime", Ty::Sec(&RUNTIME)),
        ("alerting", Ty::Sec(&ALERTING)),
        ("rule_files", Ty::Strs),
        ("scrape_config_files", Ty::Strs),
        ("scrape_configs", Ty::List(&SCRAPE)),
        ("storage", Ty::Sec(&STORAGE)),
        ("tracing", Ty::Sec(&TRACING)),
        ("remote_write", Ty::List(&REMOTE_WRITE)),
        ("remote_read", Ty::List(&REMOTE_READ)),
        ("otlp", Ty::Sec(&OTLP)),
    ],
    http: false,
    sd: false,
};

pub const K8S_ROLES: &[&str] = &[
    "pod",
    "service",
    "endpoints",
    "endpointslice",
    "node",
    "ingress",
];

pub static K8S_NAMESPACES: Sec = Sec {
    name: "namespaces",
    fields: &[("own_namespace", Ty::Bool), ("names", Ty::Strs)],
    http: false,
    sd: false,
};

pub static K8S_SELECTOR: Sec = Sec {
    name: "selectors",
    fields: &[
        ("role", Ty::Enum(K8S_ROLES)),
        ("label", Ty::Str),
        ("field", Ty::Str),
    ],
    http: false,
    sd: false,
};

pub static K8S_ATTACH: Sec = Sec {
    name: "attach_metadata",
    fields: &[
        ("node", Ty::Bool),
        ("namespace", Ty::Bool),
        ("deployment", Ty::Bool),
        ("job", Ty::Bool),
        ("cronjob", Ty::Bool),
    ],
    http: false,
    sd: false,
};

pub static K8S_SD: Sec = Sec {
    name: "kubernetes_sd_configs",
    fields: &[
        ("api_server", Ty::Str),
        ("role", Ty::Enum(K8S_ROLES)),
        ("kubeconfig_file", Ty::Str),
        ("namespaces", Ty::Sec(&K8S_NAMESPACES)),
        ("selectors", Ty::List(&K8S_SELECTOR)),
        ("attach_metadata", Ty::Sec(&K8S_ATTACH)),
    ],
    http: true,
    sd: false,
};

macro_rules! sd {
    ($($name:literal => $sec:ident { http: $http:literal, $($k:literal : $t:expr),* $(,)? })*) => {
        $(
            pub static $sec: Sec = Sec {
                name: concat!($name, "_sd_configs"),
                fields: &[$(($k, $t)),*],
                http: $http,
                sd: false,
            };
        )*
        /// Every `<name>_sd_configs` section.
        pub static SD: &[(&str, &Sec)] = &[("kubernetes", &K8S_SD), $(($name, &$sec)),*];
        static SD_LISTS: &[Ty] = &[Ty::List(&K8S_SD), $(Ty::List(&$sec)),*];
    };
}

use Ty::{Any, Bool, Dur, Int, Str, StrMap, Strs};

sd! {
    "aws" => AWS_SD { http: true, "role": Any, "region": Str, "endpoint": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "refresh_interval": Dur, "port": Int, "filters": Any, "clusters": Strs }
    "azure" => AZURE_SD { http: true, "environment": Str, "port": Int, "subscription_id": Str, "tenant_id": Str, "client_id": Str, "client_secret": Str, "refresh_interval": Dur, "authentication_method": Str, "resource_group": Str }
    "consul" => CONSUL_SD { http: true, "server": Str, "path_prefix": Str, "token": Str, "datacenter": Str, "namespace": Str, "partition": Str, "tag_separator": Str, "scheme": Str, "username": Str, "password": Str, "allow_stale": Bool, "refresh_interval": Dur, "services": Strs, "tags": Strs, "node_meta": StrMap, "filter": Str, "health_filter": Str }
    "digitalocean" => DIGITALOCEAN_SD { http: true, "refresh_interval": Dur, "port": Int, "role": Any }
    "dns" => DNS_SD { http: false, "names": Strs, "refresh_interval": Dur, "type": Str, "port": Int }
    "docker" => DOCKER_SD { http: true, "host": Str, "port": Int, "filters": Any, "host_networking_host": Str, "refresh_interval": Dur, "match_first_network": Bool }
    "dockerswarm" => DOCKERSWARM_SD { http: true, "host": Str, "role": Str, "port": Int, "filters": Any, "refresh_interval": Dur }
    "ec2" => EC2_SD { http: true, "endpoint": Str, "region": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "refresh_interval": Dur, "port": Int, "filters": Any }
    "ecs" => ECS_SD { http: true, "region": Str, "endpoint": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "clusters": Strs, "port": Int, "refresh_interval": Dur, "request_concurrency": Int }
    "elasticache" => ELASTICACHE_SD { http: true, "region": Str, "endpoint": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "clusters": Strs, "port": Int, "refresh_interval": Dur, "request_concurrency": Int }
    "eureka" => EUREKA_SD { http: true, "server": Str, "refresh_interval": Dur }
    "file" => FILE_SD { http: false, "files": Strs, "refresh_interval": Dur }
    "gce" => GCE_SD { http: false, "project": Str, "zone": Str, "filter": Str, "refresh_interval": Dur, "port": Int, "tag_separator": Str }
    "hetzner" => HETZNER_SD { http: true, "refresh_interval": Dur, "port": Int, "role": Any, "label_selector": Str }
    "http" => HTTP_SD { http: true, "refresh_interval": Dur, "url": Str }
    "ionos" => IONOS_SD { http: true, "datacenter_id": Str, "refresh_interval": Dur, "port": Int }
    "kuma" => KUMA_SD { http: true, "refresh_interval": Dur, "fetch_timeout": Dur, "server": Str, "client_id": Str }
    "lightsail" => LIGHTSAIL_SD { http: true, "endpoint": Str, "region": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "refresh_interval": Dur, "port": Int }
    "linode" => LINODE_SD { http: true, "refresh_interval": Dur, "port": Int, "tag_separator": Str, "region": Str }
    "marathon" => MARATHON_SD { http: true, "servers": Strs, "refresh_interval": Dur, "auth_token": Str, "auth_token_file": Str }
    "msk" => MSK_SD { http: true, "region": Str, "endpoint": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "clusters": Strs, "port": Int, "refresh_interval": Dur, "request_concurrency": Int }
    "nerve" => NERVE_SD { http: false, "servers": Strs, "paths": Strs, "timeout": Dur }
    "nomad" => NOMAD_SD { http: true, "allow_stale": Bool, "namespace": Str, "refresh_interval": Dur, "region": Str, "server": Str, "tag_separator": Str }
    "oci" => OCI_SD { http: true, "auth": Str, "tenancy": Str, "user": Str, "fingerprint": Str, "key_file": Str, "key_passphrase": Str, "key_passphrase_file": Str, "region": Str, "compartments": Strs, "port": Int, "refresh_interval": Dur }
    "openstack" => OPENSTACK_SD { http: false, "identity_endpoint": Str, "username": Str, "userid": Str, "password": Str, "project_name": Str, "project_id": Str, "domain_name": Str, "domain_id": Str, "application_credential_name": Str, "application_credential_id": Str, "application_credential_secret": Str, "role": Any, "region": Str, "refresh_interval": Dur, "port": Int, "all_tenants": Bool, "tls_config": Ty::Sec(&TLS), "availability": Str }
    "outscale" => OUTSCALE_SD { http: true, "endpoint": Str, "region": Str, "access_key": Str, "secret_key": Str, "secret_key_file": Str, "refresh_interval": Dur, "port": Int }
    "ovhcloud" => OVHCLOUD_SD { http: false, "endpoint": Str, "application_key": Str, "application_secret": Str, "consumer_key": Str, "refresh_interval": Dur, "service": Str }
    "puppetdb" => PUPPETDB_SD { http: true, "refresh_interval": Dur, "url": Str, "query": Str, "include_parameters": Bool, "port": Int }
    "rds" => RDS_SD { http: true, "region": Str, "endpoint": Str, "access_key": Str, "secret_key": Str, "profile": Str, "role_arn": Str, "external_id": Str, "clusters": Strs, "port": Int, "refresh_interval": Dur, "filters": Any, "request_concurrency": Int }
    "scaleway" => SCALEWAY_SD { http: true, "project_id": Str, "api_url": Str, "zone": Str, "access_key": Str, "secret_key": Str, "secret_key_file": Str, "name_filter": Str, "tags_filter": Strs, "refresh_interval": Dur, "port": Int, "role": Any }
    "serverset" => SERVERSET_SD { http: false, "servers": Strs, "paths": Strs, "timeout": Dur }
    "stackit" => STACKIT_SD { http: true, "project": Str, "refresh_interval": Dur, "port": Int, "region": Str, "endpoint": Str, "service_account_key": Str, "private_key": Str, "service_account_key_path": Str, "private_key_path": Str, "credentials_file_path": Str }
    "triton" => TRITON_SD { http: false, "account": Str, "role": Str, "dns_suffix": Str, "endpoint": Str, "groups": Strs, "port": Int, "refresh_interval": Dur, "tls_config": Ty::Sec(&TLS), "version": Int }
    "uyuni" => UYUNI_SD { http: true, "server": Str, "username": Str, "password": Str, "entitlement": Str, "separator": Str, "refresh_interval": Dur }
    "vultr" => VULTR_SD { http: true, "refresh_interval": Dur, "port": Int }
}

pub use crate::schema::{distance, suggest};

/// Removed keys and what replaced them (Prometheus' migration notes).
pub static RENAMED: &[Renamed] = &[
    Renamed {
        section: "scrape_configs",
        old: "scrape_classic_histograms",
        new: "always_scrape_classic_histograms",
    },
    Renamed {
        section: "consul_sd_configs",
        old: "tag",
        new: "tags",
    },
];

/// Keys that service-discovery mechanisms require.
pub static REQUIRED: &[(&Sec, &[&str])] = &[
    (&MARATHON_SD, &["servers"]),
    (&EUREKA_SD, &["server"]),
    (&UYUNI_SD, &["server"]),
    (&HTTP_SD, &["url"]),
    (&PUPPETDB_SD, &["url", "query"]),
    (&IONOS_SD, &["datacenter_id"]),
    // `region` has a default (`eu-west-2`): only an explicit empty one is refused.
    (&OUTSCALE_SD, &["access_key"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_know_their_inlined_keys() {
        assert!(SCRAPE.field("kubernetes_sd_configs").is_some());
        assert!(SCRAPE.field("static_configs").is_some());
        assert!(SCRAPE.field("tls_config").is_some());
        assert!(SCRAPE.field("consult_sd_configs").is_none());
        assert!(GLOBAL.field("tls_config").is_none());
        assert!(matches!(
            SCRAPE.field("file_sd_configs"),
            Some(Ty::List(s)) if s.name == "file_sd_configs"
        ));
    }

    #[test]
    fn suggestions() {
        let keys = SCRAPE.keys();
        assert_eq!(suggest("scrape_interal", &keys), Some("scrape_interval"));
        assert_eq!(suggest("static_config", &keys), Some("static_configs"));
        assert_eq!(
            suggest("consult_sd_configs", &keys),
            Some("consul_sd_configs")
        );
        assert_eq!(suggest("zzz", &keys), None);
    }
}
