pub mod explain;
pub mod github;
pub mod human;
pub mod ordered;
pub mod page;
pub mod sarif;

use std::sync::OnceLock;

static DOCS_BASE: OnceLock<String> = OnceLock::new();

/// Sets the base URL of the rule pages (`--docs-url`, `DIAGNOSE_DOCS_URL`).
pub fn set_docs_base(url: Option<String>) {
    let _ = DOCS_BASE.set(
        url.filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .unwrap_or_else(diagnose_core::docs::default_base_url),
    );
}

/// Base URL of the rule pages.
pub fn docs_base() -> &'static str {
    DOCS_BASE.get_or_init(diagnose_core::docs::default_base_url)
}
