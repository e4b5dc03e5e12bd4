//! Rule pages: the Markdown of `rules/` (embedded by the core, the same text as
//! `diagnose explain`), rendered to HTML, and their examples extracted for the editor.

use crate::text::{self, T};
use diagnose_core::Lang;
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

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn caption(kind: BlockKind, file: Option<&str>, lang: Lang) -> String {
    let (class, label): (&str, T) = match kind {
        BlockKind::Bad => ("bad", text::EXAMPLE_BAD),
        BlockKind::Good => ("good", text::EXAMPLE_GOOD),
        BlockKind::Expect => ("expect", text::EXAMPLE_EXPECT),
    };
    let icon = match kind {
        BlockKind::Bad => "✗",
        BlockKind::Good => "✓",
        BlockKind::Expect => "›",
    };
    let file = file
        .map(|f| format!(" <code class=\"file\">{}</code>", escape(f)))
        .unwrap_or_default();
    format!(
        "<figcaption class=\"{class}\"><span aria-hidden=\"true\">{icon}</span> {}{file}</figcaption>",
        label.get(lang)
    )
}

/// A link between rule pages (`invalid-prometheus-config.md`, `../net/x.fr.md`) becomes the
/// page's route in the app.
fn rule_link(dest: &str, lang: Lang) -> Option<String> {
    if dest.contains("://") || !dest.ends_with(".md") {
        return None;
    }
    let file = dest.rsplit('/').next()?;
    let name = file.trim_end_matches(".md").trim_end_matches(".fr");
    let rule = diagnose_core::registry::find(name)?;
    Some(crate::route::href(
        &crate::route::Page::Rule(rule.code.to_string()),
        lang,
    ))
}

/// Renders a page to HTML. Example blocks get a caption (bad / good / output, and the file
/// name); links to other rules' pages become their routes.
pub fn render(markdown: &str, lang: Lang) -> String {
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
                block.as_mut().unwrap().2.push_str(t);
            }
            Event::End(TagEnd::CodeBlock) if block.is_some() => {
                let (k, f, body) = block.take().unwrap();
                let class = match k {
                    BlockKind::Bad => "bad",
                    BlockKind::Good => "good",
                    BlockKind::Expect => "expect",
                };
                let html = format!(
                    "<figure class=\"example {class}\">{}<pre><code>{}</code></pre></figure>\n",
                    caption(k, f.as_deref(), lang),
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
                let dest_url = rule_link(&dest_url, lang)
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

    const PAGE: &str = "# x (NET001)\n\nSummary.\n\n## Example\n\n\
```yaml bad file=docker-compose.yml\nservices: {}\n```\n\n\
```yaml bad file=grafana/ds.yml\nurl: http://localhost:9090\n```\n\n\
```text expect\nds.yml:1:6: error[NET001] <x>\n```\n\n\
```yaml good file=grafana/ds.yml\nurl: http://prometheus:9090\n```\n\n\
```sh\necho hi\n```\n";

    #[test]
    fn extracts_bad_and_good_files() {
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
    }

    #[test]
    fn renders_captions_and_escapes_code() {
        let html = render(PAGE, Lang::Fr);
        assert!(html.contains("<h1>x (NET001)</h1>"));
        assert!(html.contains("<code class=\"file\">grafana/ds.yml</code>"));
        assert!(html.contains("&lt;x&gt;"));
        assert!(html.contains(text::EXAMPLE_BAD.fr));
        assert!(html.contains("<pre><code class=\"language-sh\">echo hi"));
    }

    #[test]
    fn links_between_rule_pages_become_routes() {
        let html = render(
            "See [NET001](../net/localhost-in-container-url.fr.md) and [x](https://e.org/a.md).",
            Lang::Fr,
        );
        assert!(html.contains("href=\"#/rules/NET001?lang=fr\""), "{html}");
        assert!(html.contains("href=\"https://e.org/a.md\""));
    }

    #[test]
    fn every_embedded_page_has_a_loadable_bad_example() {
        for rule in diagnose_core::registry::ALL_RULES {
            for lang in Lang::ALL {
                let page = diagnose_core::docs::page(rule, lang).expect("page");
                assert!(
                    !examples(page, BlockKind::Bad).is_empty(),
                    "{} {lang:?}",
                    rule.code
                );
                assert!(render(page, lang).contains(rule.code));
            }
        }
    }
}
