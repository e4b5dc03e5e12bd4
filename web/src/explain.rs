//! The explain box: an error message pasted by the user, explained.
//!
//! The error knowledge base (`diagnose_core::explain`) is being built separately. Until it
//! lands, [`explain`] answers [`Explanation::Unavailable`] and the page shows a placeholder.
//! Wiring it is a few lines in [`explain`]: call the core, map its answer to
//! [`Explanation::Found`] (rendered Markdown and the codes of the rules that confirm a cause),
//! and the box shows it together with the matching diagnostics of the current tabs.

use diagnose_core::{Lang, Report};

#[derive(Clone, Debug, PartialEq)]
pub enum Explanation {
    /// Nothing pasted yet.
    Empty,
    /// The knowledge base is not part of this build yet.
    Unavailable,
    /// The message matched no known error.
    Unknown,
    /// A known error: its explanation as HTML, and the rule codes whose diagnostics in the
    /// current tabs confirm a cause.
    Found { html: String, rules: Vec<String> },
}

pub fn explain(error: &str, _report: Option<&Report>, _lang: Lang) -> Explanation {
    if error.trim().is_empty() {
        return Explanation::Empty;
    }
    // With the knowledge base: match `error` there, render its page with
    // `crate::rulepage::render(page, lang)` and return `Found`.
    Explanation::Unavailable
}
