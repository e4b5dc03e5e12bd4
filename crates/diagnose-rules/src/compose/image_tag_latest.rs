use crate::diagnostic::Severity;
use crate::net::common::project_roots;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::compose::{image_repo, image_tag, interpolate};
use diagnose_syntax::source::{FileId, Span};
use diagnose_syntax::Node;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "DC003",
    name: "image-tag-latest",
    domain: "compose",
    severity: Severity::Info,
    fix: FixKind::None,
    messages: texts! {
        "DC003.message-untagged" => "image `{image}` has no tag, so it runs `latest`",
            "l’image `{image}` n’a pas de tag : c’est `latest` qui tourne";
        "DC003.message-latest" => "image `{image}` uses the `latest` tag",
            "l’image `{image}` utilise le tag `latest`";
        "DC003.note" => "`latest` follows each new release: the next pull can bring a new major version with breaking changes, and two machines can run different versions of the same file",
            "`latest` suit chaque nouvelle version : le prochain pull peut apporter une version majeure avec des changements incompatibles, et deux machines peuvent exécuter des versions différentes du même fichier";
        "DC003.help" => "pin a version tag, such as `{repo}:<version>`, and upgrade on purpose",
            "fixez un tag de version, comme `{repo}:<version>`, et mettez à jour volontairement";
    },
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let mut images: Vec<(FileId, Span, String)> = Vec::new();
    // Every declaration in every file: a folder can hold alternative files (a compose
    // file and a Swarm stack) that declare the same service with different images.
    for p in &cx.stack.compose {
        for (file, root) in project_roots(cx.ws, p) {
            for e in root.get("services").map(Node::entries).unwrap_or_default() {
                let Some(name) = e.key.as_str() else { continue };
                // With `build:`, `image:` names the image compose builds.
                if e.value.get("build").is_some() || p.service(name).is_some_and(|s| s.build) {
                    continue;
                }
                let Some(img) = e.value.get("image") else {
                    continue;
                };
                if let Some(v) = img.as_str().and_then(|v| interpolate(v, &p.env)) {
                    images.push((file, img.span, v));
                }
            }
        }
    }
    for w in &cx.stack.k8s.workloads {
        for c in &w.containers {
            if let Some(i) = &c.image {
                images.push((w.obj.file, c.image_span, i.clone()));
            }
        }
    }
    for (file, span, image) in images {
        let image = image.trim();
        if image.is_empty()
            || image.contains('@')
            || image.contains('$')
            || image.contains('{')
            || image.contains(char::is_whitespace)
        {
            continue;
        }
        let id = match image_tag(image) {
            None => "DC003.message-untagged",
            Some("latest") => "DC003.message-latest",
            Some(_) => continue,
        };
        let repo = image.strip_suffix(":latest").unwrap_or(image).to_string();
        if image_repo(&repo).is_empty() {
            continue;
        }
        let d = cx.report(file, span, msg!(id, image = image));
        d.note(msg!("DC003.note"));
        d.help(msg!("DC003.help", repo = repo));
    }
}
