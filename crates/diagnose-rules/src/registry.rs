//! Every rule, sorted by code. A rule missing from this list has no effect and its page
//! is reported as orphaned by the tests.

use crate::diagnostic::{Diagnostic, Label};
use crate::{self as rules, Rule};
use diagnose_syntax::source::{FileId, Span};
use diagnose_text::Message;

pub const PARSE_ERROR: &str = "DIAG001";
pub const UNUSED_SUPPRESSION: &str = "DIAG002";

pub static ALL_RULES: &[&Rule] = &[
    &rules::alertmanager::invalid_alertmanager_config::RULE,
    &rules::alertmanager::alertmanager_not_discovered::RULE,
    &rules::compose::host_port_clash::RULE,
    &rules::compose::compose_version_obsolete::RULE,
    &rules::compose::image_tag_latest::RULE,
    &rules::compose::data_dir_not_on_volume::RULE,
    &rules::compose::config_file_not_found::RULE,
    &rules::grafana::provisioning_not_mounted::RULE,
    &rules::grafana::dashboard_provider_missing::RULE,
    &rules::grafana::dashboard_provider_path_not_mounted::RULE,
    &rules::grafana::dashboard_json_api_wrapper::RULE,
    &rules::grafana::datasource_access_direct::RULE,
    &rules::grafana::invalid_provisioning_file::RULE,
    &rules::grafana::grafana_default_admin_password::RULE,
    &rules::grafana::dashboard_datasource_unresolved::RULE,
    &rules::grafana::duplicate_dashboard_uid::RULE,
    &rules::grafana::grafana_anonymous_admin::RULE,
    &rules::grafana::datasource_url_invalid::RULE,
    &rules::k8s::k8s_service_dns_unresolved::RULE,
    &rules::k8s::k8s_service_port_mismatch::RULE,
    &rules::k8s::kubernetes_sd_missing_rbac::RULE,
    &rules::meta::parse_error::RULE,
    &rules::meta::unused_suppression::RULE,
    &rules::net::localhost_in_container_url::RULE,
    &rules::net::host_docker_internal_without_host_gateway::RULE,
    &rules::net::unknown_service_host::RULE,
    &rules::net::no_shared_network::RULE,
    &rules::net::container_port_mismatch::RULE,
    &rules::net::placeholder_not_replaced::RULE,
    &rules::prometheus::scrape_timeout_exceeds_interval::RULE,
    &rules::prometheus::target_includes_scheme_or_path::RULE,
    &rules::prometheus::duplicate_job_name::RULE,
    &rules::prometheus::invalid_prometheus_config::RULE,
    &rules::prometheus::scrape_target_without_exporter::RULE,
    &rules::prometheus::rule_file_not_loaded::RULE,
    &rules::prometheus::invalid_rule_file::RULE,
    &rules::prometheus::invalid_command_flag::RULE,
    &rules::prometheus::scrape_target_down::RULE,
    &rules::prometheus::running_config_differs::RULE,
    &rules::prometheus::rule_evaluation_failing::RULE,
    &rules::promql::promql_syntax_error::RULE,
    &rules::promql::histogram_quantile_without_le::RULE,
    &rules::promql::rate_on_non_counter::RULE,
    &rules::promql::counter_without_rate::RULE,
];

/// Renamed rules: (old name, new name). Codes are never renamed.
pub static REDIRECTS: &[(&str, &str)] = &[];

pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL_RULES.iter().copied().find(|r| r.code == code)
}

/// Finds a rule by code (any case) or name, following renames.
pub fn find(key: &str) -> Option<&'static Rule> {
    let key = REDIRECTS
        .iter()
        .find(|(old, _)| *old == key)
        .map_or(key, |(_, new)| new);
    ALL_RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

pub fn meta_diagnostic(
    rule: &'static Rule,
    file: FileId,
    span: Span,
    message: Message,
) -> Diagnostic {
    Diagnostic {
        code: rule.code,
        rule: rule.name,
        severity: rule.severity,
        message,
        primary: Label {
            file,
            span,
            message: None,
        },
        related: Vec::new(),
        notes: Vec::new(),
        help: None,
        fix: None,
    }
}
