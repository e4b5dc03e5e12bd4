//! Rule pages (`rules/**/*.md`, the text of `diagnose explain`) rendered to HTML with
//! pulldown-cmark. Used by `build.rs`, so the pages reach the wasm as HTML and the Markdown
//! parser stays out of it (about 70 KB gzip); compiled into the crate's unit tests too.
//! Self-contained: no item of the crate or of the core.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Bad,
    Good,
    Expect,
}

/// The info string of a fenced block: ```` ```yaml bad file=path ```` or ```` ```text expect ````.
pub fn block_kind(info: &str) -> Option<(BlockKind, Option<String>)> {
    let mut words = info.split_whitespace();
    let _lang = words.next()?;
    let kind = match words.next()? {
        "bad" => BlockKind::Bad,
        "good" => BlockKind::Good,
        "expect" => BlockKind::Expect,
        _ => return None,
    };
    let file = words
        .find_map(|w| w.strip_prefix("file="))
        .map(|f| f.trim_matches('"').to_string());
    Some((kind, file))
}

/// The files of a page's `bad` (or `good`) examples, in order, as (path, text). A later
/// block for the same path replaces the earlier one.
pub fn examples(markdown: &str, kind: BlockKind) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    let mut buf = String::new();
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = match block_kind(&info) {
                    Some((k, Some(file))) if k == kind => Some(file),
                    _ => None,
                };
                buf.clear();
            }
            Event::Text(t) if current.is_some() => buf.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(file) = current.take() {
                    out.retain(|(p, _)| *p != file);
                    out.push((file, std::mem::take(&mut buf)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The one-line summary: the first paragraph line after the title (as `docs::summary`).
pub fn summary(markdown: &str) -> String {
    markdown
        .lines()
        .skip_while(|l| !l.starts_with("# "))
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

pub use diagnose_core::strings::escape_html as escape;

/// Captions of example blocks, by page language.
fn caption(kind: BlockKind, file: Option<&str>, fr: bool) -> String {
    let (class, icon, en, fr_label) = match kind {
        BlockKind::Bad => ("bad", "✗", "Problem", "Problème"),
        BlockKind::Good => ("good", "✓", "Corrected", "Corrigé"),
        BlockKind::Expect => ("expect", "›", "diagnose reports", "diagnose signale"),
    };
    let label = if fr { fr_label } else { en };
    let file = file
        .map(|f| format!(" <code class=\"file\">{}</code>", escape(f)))
        .unwrap_or_default();
    format!(
        "<figcaption class=\"{class}\"><span aria-hidden=\"true\">{icon}</span> {label}{file}</figcaption>"
    )
}

/// A link between rule pages (`invalid-prometheus-config.md`, `../net/x.fr.md`) becomes the
/// page's route in the app (rules are found by name as well as by code).
fn rule_link(dest: &str, fr: bool) -> Option<String> {
    if dest.contains("://") || !dest.ends_with(".md") {
        return None;
    }
    let file = dest.rsplit('/').next()?;
    let name = file.trim_end_matches(".md").trim_end_matches(".fr");
    let lang = if fr { "fr" } else { "en" };
    Some(format!("#/rules/{name}?lang={lang}"))
}

/// Renders a page to HTML. Example blocks get a caption (problem / corrected / output, and
/// the file name); links to other rules' pages become their routes; other links open in a
/// new tab.
pub fn render(markdown: &str, fr: bool) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut block: Option<(BlockKind, Option<String>, String)> = None;
    for ev in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) => {
                if let Some((k, f)) = block_kind(info) {
                    block = Some((k, f, String::new()));
                } else {
                    events.push(ev);
                }
            }
            Event::Text(ref t) if block.is_some() => {
                if let Some(b) = block.as_mut() {
                    b.2.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) if block.is_some() => {
                let Some((k, f, body)) = block.take() else {
                    continue;
                };
                let class = match k {
                    BlockKind::Bad => "bad",
                    BlockKind::Good => "good",
                    BlockKind::Expect => "expect",
                };
                let html = format!(
                    "<figure class=\"example {class}\">{}<pre><code>{}</code></pre></figure>\n",
                    caption(k, f.as_deref(), fr),
                    escape(&body)
                );
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rule_link(&dest_url, fr)
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# x (NET001)\n\nSummary with `code`.\n\n## Example\n\n\
```yaml bad file=docker-compose.yml\nservices: {}\n```\n\n\
```yaml bad file=grafana/ds.yml\nurl: http://localhost:9090\n```\n\n\
```text expect\nds.yml:1:6: error[NET001] <x>\n```\n\n\
```yaml good file=grafana/ds.yml\nurl: http://prometheus:9090\n```\n\n\
```sh\necho hi\n```\n\nSee [y](../net/localhost-in-container-url.fr.md) and [z](https://e.org/a.md).\n";

    #[test]
    fn extracts_bad_and_good_files_and_the_summary() {
        assert_eq!(
            examples(PAGE, BlockKind::Bad),
            vec![
                (
                    "docker-compose.yml".to_string(),
                    "services: {}\n".to_string()
                ),
                (
                    "grafana/ds.yml".to_string(),
                    "url: http://localhost:9090\n".to_string()
                ),
            ]
        );
        assert_eq!(
            examples(PAGE, BlockKind::Good),
            vec![(
                "grafana/ds.yml".to_string(),
                "url: http://prometheus:9090\n".to_string()
            )]
        );
        assert_eq!(summary(PAGE), "Summary with `code`.");
    }

    #[test]
    fn renders_captions_links_and_escapes_code() {
        let html = render(PAGE, true);
        assert!(html.contains("<h1>x (NET001)</h1>"));
        assert!(html.contains("<code class=\"file\">grafana/ds.yml</code>"));
        assert!(html.contains("&lt;x&gt;"));
        assert!(html.contains("Problème") && !html.contains("Problem "));
        assert!(html.contains("<pre><code class=\"language-sh\">echo hi"));
        assert!(
            html.contains("href=\"#/rules/localhost-in-container-url?lang=fr\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.org/a.md\""));
        assert!(render(PAGE, false).contains("Corrected"));
    }
}
