//! The explain box: an error message pasted by the user, explained by the core's error
//! knowledge base (`diagnose_core::explain`, the same as `diagnose explain TEXT PATH…`), with
//! the diagnostics of the current tabs that confirm a cause — asked of the engine module
//! ([`crate::engine`]).
//!
//! The engine is built without the embedded knowledge base: its files (`rules/errors/*.yaml`)
//! are a data file, [`DATA_FILE`], fetched the first time an error is explained ([`load`])
//! and given to the engine.

use crate::json::{self, array, get_str, Node};
use crate::{data, engine};
use diagnose_core::Lang;
use std::borrow::Cow;
use std::collections::HashMap;

/// The knowledge base's data file, next to the page (in `dist/`), written by `build.rs`.
pub const DATA_FILE: &str = "error-kb.json";

/// Whether the engine and its knowledge base are loaded (explanations can be computed).
pub fn ready() -> bool {
    engine::kb_ready()
}

/// Reads the data file: `[[path inside rules/, YAML text], …]`; `None` if it is not that.
pub fn parse(json: &str) -> Option<Vec<(String, String)>> {
    crate::json::files(&crate::json::parse(json)?)
}

/// Fetches the engine and the knowledge base (the first time) and gives the base to the
/// engine; false if either could not be loaded (offline before it was ever fetched): the
/// caller says so and tries again on the next text.
pub async fn load() -> bool {
    if ready() {
        return true;
    }
    if !engine::load().await {
        return false;
    }
    let Some(text) = data::fetch(DATA_FILE).await else {
        return false;
    };
    parse(&text).is_some() && engine::provide_kb(&text)
}

/// The views of the core's presentation layer; the page only lays them out.
pub use diagnose_core::explain::view::{CauseView, Confirmation, Explanation, MatchView};

/// An explanation with the labels to lay it out in its language (the core's words, as the
/// CLI prints them: `explain.causes`…).
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub explanation: Explanation,
    labels: HashMap<String, String>,
}

impl Explained {
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.labels.get(id).map_or(id, String::as_str)
    }
}

/// Explains `error` with the diagnostics of `files`, in `lang`; `None` until [`load`] is done.
pub fn explain(error: &str, files: &[(String, String)], lang: Lang) -> Option<Explained> {
    if error.trim().is_empty() {
        return Some(Explained {
            explanation: Explanation::Empty,
            labels: HashMap::new(),
        });
    }
    read(&json::parse(&engine::explain(error, files, lang)?)?)
}

fn strings(n: &Node) -> Option<Vec<String>> {
    array(n)?
        .iter()
        .map(|x| json::str_of(x).map(str::to_string))
        .collect()
}

fn pair(n: &Node) -> Option<(String, String)> {
    let p = array(n)?;
    Some((
        json::str_of(p.first()?)?.to_string(),
        json::str_of(p.get(1)?)?.to_string(),
    ))
}

fn position(n: &Node) -> Option<diagnose_core::present::Position> {
    Some(diagnose_core::present::Position {
        file: get_str(n, "file")?,
        line: json::get_u32(n, "line")?,
        column: json::get_u32(n, "column")?,
        start_utf16: json::get_u32(n, "start_utf16")?,
        end_utf16: json::get_u32(n, "end_utf16")?,
    })
}

fn cause(n: &Node) -> Option<CauseView> {
    Some(CauseView {
        rule: match n.get("rule") {
            Some(r) if !r.is_null() => {
                let (code, name) = pair(r)?;
                Some((Cow::Owned(code), Cow::Owned(name)))
            }
            _ => None,
        },
        text: get_str(n, "text")?,
        confirmed: array(n.get("confirmed")?)?
            .iter()
            .map(|c| {
                Some(Confirmation {
                    code: Cow::Owned(get_str(c, "code")?),
                    message: get_str(c, "message")?,
                    target: position(c.get("target")?)?,
                })
            })
            .collect::<Option<_>>()?,
    })
}

fn match_view(n: &Node) -> Option<MatchView> {
    Some(MatchView {
        id: get_str(n, "id")?,
        title: get_str(n, "title")?,
        component: get_str(n, "component")?,
        matched: get_str(n, "matched")?,
        facts: array(n.get("facts")?)?
            .iter()
            .map(|f| pair(f).map(|(k, v)| (Cow::Owned(k), v)))
            .collect::<Option<_>>()?,
        summary: get_str(n, "summary")?,
        meaning: get_str(n, "meaning")?,
        causes: array(n.get("causes")?)?
            .iter()
            .map(cause)
            .collect::<Option<_>>()?,
        sources: strings(n.get("sources")?)?,
    })
}

/// Reads the engine's answer (`{"explanation": …, "labels": {…}}`, the JSON serde writes for
/// the core's `explain::view` types).
fn read(n: &Node) -> Option<Explained> {
    let e = n.get("explanation")?;
    let explanation = match json::str_of(e) {
        Some("Empty") => Explanation::Empty,
        Some("Unknown") => Explanation::Unknown,
        Some(_) => return None,
        None => Explanation::Found(
            array(e.get("Found")?)?
                .iter()
                .map(match_view)
                .collect::<Option<_>>()?,
        ),
    };
    let labels = n
        .get("labels")?
        .entries()
        .iter()
        .map(|l| {
            Some((
                json::str_of(&l.key)?.to_string(),
                json::str_of(&l.value)?.to_string(),
            ))
        })
        .collect::<Option<_>>()?;
    Some(Explained {
        explanation,
        labels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_gateway_is_confirmed_by_the_files() {
        assert!(data::block_on(load()));
        assert!(ready());
        let files = vec![
            (
                "docker-compose.yml".to_string(),
                "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n".to_string(),
            ),
            (
                "grafana/provisioning/datasources/ds.yml".to_string(),
                "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://localhost:9090\n".to_string(),
            ),
        ];
        let e = explain("HTTP Error Bad Gateway", &files, Lang::Fr).expect("answers");
        let Explanation::Found(m) = &e.explanation else {
            panic!("not found");
        };
        assert_eq!(m[0].id, "bad-gateway");
        let first = &m[0].causes[0];
        assert_eq!(first.rule.as_ref().map(|r| r.0.as_ref()), Some("NET001"));
        assert_eq!(first.confirmed[0].target.line, 5);
        assert!(m[0].title.contains("Grafana"));
        assert!(e.label("explain.causes").starts_with("causes probables"));
        // Every label the box lays out comes with the answer.
        let box_src = include_str!("app/explain_box.rs");
        let used: Vec<&str> = box_src
            .split("label(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|id| id.starts_with("explain."))
            .collect();
        assert!(used.len() >= 9, "{used:?}");
        for id in used {
            assert_ne!(e.label(id), id, "{id} is not in the engine's answer");
        }
        assert_eq!(
            explain("  ", &[], Lang::En).map(|e| e.explanation),
            Some(Explanation::Empty)
        );
        assert_eq!(
            explain("all good here", &[], Lang::En).map(|e| e.explanation),
            Some(Explanation::Unknown)
        );
    }

    /// The data file holds every family of `rules/errors/` (what the CLI embeds), and they
    /// all read.
    #[test]
    fn the_data_file_is_the_whole_knowledge_base() {
        let files = parse(data::built(DATA_FILE).unwrap()).expect("the data file reads");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/errors");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("errors/{n}"))
            .collect();
        on_disk.sort();
        assert_eq!(
            files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            on_disk
        );
        for (path, text) in &files {
            let family = diagnose_core::explain::kb::parse_family(path, text);
            assert!(family.is_ok(), "{path}: {family:?}");
        }
        assert_eq!(parse("{}"), None);
        assert_eq!(parse("[[\"a\"]]"), None);
    }
}
