//! The set of files under analysis: reading them (from memory), recognising their kind,
//! parsing them, and extracting files embedded in Kubernetes ConfigMaps and Secrets.

use diagnose_syntax::source::{FileId, LineIndex, Span};
use diagnose_syntax::{parse_json, parse_yaml, Node, OffsetMap, ParseError, Style, Value};
use std::sync::Arc;

pub use crate::kind::{
    classify, is_compose_name, is_helm_template, is_read_name, is_skipped_dir, is_v0_provider_list,
    Kind,
};
use crate::kind::{is_json_name, is_yaml_name};
#[path = "file_text.rs"]
mod file_text;
pub use file_text::FileText;

/// A file given to the engine: a path (relative, `/`-separated) and its text.
#[derive(Clone, Debug)]
pub struct Input {
    pub path: String,
    pub text: String,
}

impl Input {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Input {
        Input {
            path: path.into().replace('\\', "/"),
            text: text.into(),
        }
    }
}

/// Where an embedded file comes from.
#[derive(Clone, Debug)]
pub struct Origin {
    pub parent: FileId,
    /// Maps offsets in this file's text to offsets in the parent's text ([`Origin::map`]):
    /// made on first use, for the few extracted files a diagnostic points into (a map
    /// holds an anchor per line of a block scalar: 0.8 MB and 35 M instructions for the
    /// dashboards of the shared corpus's ConfigMaps, made for every one before).
    map: std::sync::OnceLock<OffsetMap>,
    /// The parent's scalar that holds the text, and its style, that the map is made from.
    scalar: Option<(Span, Style)>,
    /// The ConfigMap/Secret key that holds it.
    pub key: String,
    /// The Kubernetes object (kind, namespace, name) that holds it.
    pub object: (String, String, String),
}

impl Origin {
    /// The map of offsets in the file's `text` to offsets in its parent's `parent_text`.
    pub fn map(&self, parent_text: &str, text: &str) -> &OffsetMap {
        self.map.get_or_init(|| match self.scalar {
            Some((span, style)) => OffsetMap::for_scalar(parent_text, span, style, text),
            None => OffsetMap::default(),
        })
    }
}

/// Where a file taken from a code block of a Markdown document comes from. Such a file
/// is a top-level file of the stack (`origin` is `None`: compose files mount it by its
/// path), but its positions resolve to the document's lines.
#[derive(Clone, Debug)]
pub struct MarkdownBlock {
    /// The document.
    pub parent: FileId,
    /// Maps offsets in this file's text to offsets in the document.
    pub map: OffsetMap,
    /// Parts of the text that the document holds; the rest (the dashboard around a
    /// PromQL block's queries) was added by the engine and is never reported on.
    pub covered: Vec<Span>,
    /// 1-based line of the block's opening fence.
    pub line: u32,
    pub named_by: crate::markdown::NameSource,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub path: String,
    /// Owned, or shared with the ConfigMap's tree it was extracted from.
    pub text: FileText,
    /// Where the lines of `text` start, worked out on first use ([`SourceFile::lines`]):
    /// only the files that diagnostics or suppressions point at need it.
    line_index: std::sync::OnceLock<LineIndex>,
    pub origin: Option<Origin>,
    /// Set for files made from a Markdown code block.
    pub markdown: Option<MarkdownBlock>,
    /// [`is_helm_template`] of the text, worked out on first use (the parse and a rule
    /// of every stack of a partition ask).
    helm: std::sync::OnceLock<bool>,
    /// [`crate::kind::go_template_action`] of the text, worked out on first use (the
    /// parse and DIAG001 in every stack of a partition ask: each stack's workspace holds
    /// every file, so this was once read per stack and file).
    go_template: std::sync::OnceLock<Option<usize>>,
    /// [`SourceFile::may_hold_directives`], worked out when a top-level file is parsed
    /// (on the parsing threads: a search of every text, once).
    directives: std::sync::OnceLock<bool>,
}

impl SourceFile {
    /// The line index of the text, computed once.
    pub fn lines(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Whether the file is the dashboard made from a tutorial's ```promql block: its
    /// queries are shown by the prose, not known to be graphed or run.
    pub fn is_promql_block(&self) -> bool {
        self.markdown.is_some()
            && self
                .path
                .strip_suffix(crate::markdown::PROMQL_BLOCK_EXT)
                .is_some_and(|p| p.ends_with('.'))
    }

    /// Whether the text is a Helm chart template ([`is_helm_template`]), computed once.
    pub fn is_helm_template(&self) -> bool {
        *self.helm.get_or_init(|| is_helm_template(&self.text))
    }

    /// Whether the text holds `diagnose:`, without which it has no inline suppression
    /// comment (`# diagnose: ignore …`), computed once.
    pub fn may_hold_directives(&self) -> bool {
        *self
            .directives
            .get_or_init(|| self.text.contains("diagnose:"))
    }

    /// Where the text holds a Go template action ([`crate::kind::go_template_action`]),
    /// computed once.
    pub fn go_template_action(&self) -> Option<usize> {
        *self
            .go_template
            .get_or_init(|| crate::kind::go_template_action(&self.text))
    }

    pub fn dir(&self) -> &str {
        match self.path.rfind('/') {
            Some(i) => &self.path[..i],
            None => "",
        }
    }
    pub fn name(&self) -> &str {
        match self.path.rfind('/') {
            Some(i) => &self.path[i + 1..],
            None => &self.path,
        }
    }
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// One parsed document (a YAML document, or a JSON file's root).
#[derive(Clone, Debug)]
pub struct Doc {
    pub file: FileId,
    pub kind: Kind,
    /// Shared with the [`crate::Stack`] (Kubernetes objects, dashboards, Prometheus
    /// configs), which keeps whole documents without copying them. Reads go through
    /// `Deref` (`doc.root.get(..)`, `&doc.root` as `&Node`).
    pub root: Arc<Node>,
    /// Whether the file is JSON (no comments, so no inline suppressions).
    pub json: bool,
}

#[derive(Debug, Default)]
pub struct Workspace {
    /// Shared (not copied) with the workspaces of the stacks of a split folder
    /// ([`crate::stacks::restricted`]), which may be checked on several threads at once.
    pub files: Arc<Vec<SourceFile>>,
    pub docs: Vec<Doc>,
    pub parse_errors: Vec<(FileId, ParseError)>,
    /// Code blocks of Markdown documents left out of the stack: (document, block).
    pub markdown_skipped: Vec<(FileId, crate::markdown::Skipped)>,
    /// The paths that exist in the checked folders, when the front end can list them.
    pub known_paths: Option<Arc<crate::known_paths::KnownPaths>>,
    /// What is worked out from `files` alone, once: shared with the stacks' workspaces.
    pub memo: Arc<Memo>,
    /// The secret spans ([`crate::secrets::secret_spans`]) when they were found as the
    /// files were parsed, each input on its own ([`crate::parts::parse_one`]): on the
    /// parsing threads, while each tree is fresh. `None`: not found yet.
    pub secrets: Option<Vec<(FileId, Span)>>,
}

/// Facts that depend only on a workspace's files, computed on first use by the modules
/// that own them (held without their types, so that this module needs none of them).
#[derive(Debug, Default)]
pub struct Memo {
    /// `promql::metric_types::MetricTypes::shared`.
    pub metric_types: std::sync::OnceLock<Arc<dyn std::any::Any + Send + Sync>>,
    /// [`Workspace::ansible_templates`], with the number of files then.
    ansible_templates: std::sync::OnceLock<(usize, Vec<FileId>)>,
    /// Every file, sorted by path ([`Workspace::files_in`]).
    files_by_path: std::sync::OnceLock<Vec<FileId>>,
}

impl Workspace {
    pub fn new(inputs: Vec<Input>) -> Workspace {
        let mut ws = Workspace::default();
        for input in inputs {
            if crate::markdown::is_markdown_name(&input.path) {
                ws.push_markdown(input);
                continue;
            }
            let id = ws.push_file(input.path, input.text.into(), None);
            ws.parse_file(id);
        }
        ws.set_aside_ansible_files();
        // Asked of every top-level file when suppressions are applied: searched here, where
        // a front end parses files on several threads (`parts::parse_one`).
        for f in ws.files.iter().filter(|f| ws.is_top_level(f.id)) {
            f.may_hold_directives();
        }
        ws
    }

    /// The files of an Ansible role's `templates/` folder (the role has a `tasks/` folder
    /// beside it) that hold Jinja (`{{ … }}`, `{% … %}`): Ansible renders them before they
    /// reach a server, so what they hold is known only then. Like Helm templates, they are
    /// not read (DIAG001 says so at info level).
    pub fn ansible_templates(&self) -> Vec<FileId> {
        let find = || {
            self.in_ansible_role_folders(&["templates"])
                .filter(|f| f.text.contains("{{") || f.text.contains("{%"))
                .map(|f| f.id)
                .collect()
        };
        // Worked out once for the workspaces that share the files (DIAG001 asks in every
        // stack), with the number of files it saw: not reused once files are added.
        let (seen, found) = self
            .memo
            .ansible_templates
            .get_or_init(|| (self.files.len(), find()));
        if *seen == self.files.len() {
            found.clone()
        } else {
            find()
        }
    }

    /// The files under `folders` of an Ansible role: a folder with a `tasks/` folder
    /// beside it (or the checked folder itself, when it holds `tasks/`).
    fn in_ansible_role_folders<'a>(
        &'a self,
        folders: &'a [&'a str],
    ) -> impl Iterator<Item = &'a SourceFile> + 'a {
        let roles: Vec<&str> = self
            .files
            .iter()
            .filter(|f| f.origin.is_none())
            .filter_map(|f| {
                let p = f.path.as_str();
                if p.starts_with("tasks/") {
                    Some("")
                } else {
                    p.find("/tasks/").map(|i| &p[..i])
                }
            })
            .collect();
        let none = roles.is_empty();
        self.files
            .iter()
            .take(if none { 0 } else { usize::MAX })
            .filter(|f| f.origin.is_none() && f.markdown.is_none())
            .filter(move |f| {
                let p = f.path.as_str();
                folders.iter().any(|folder| {
                    let role = if p.strip_prefix(folder).is_some_and(|r| r.starts_with('/')) {
                        Some("")
                    } else {
                        p.find(&format!("/{folder}/")).map(|i| &p[..i])
                    };
                    role.is_some_and(|r| roles.contains(&r))
                })
            })
    }

    /// Ansible's own files in a role: its templates hold Jinja that only Ansible renders,
    /// and its `vars/` and `defaults/` hold variables that tasks hand to modules (a
    /// `datasources:` list fed to `grafana_datasource` through Grafana's API), never files
    /// a monitoring program reads. Neither is analysed as such.
    ///
    /// Returns the top-level files whose documents it dropped or changed.
    fn set_aside_ansible_files(&mut self) -> Vec<FileId> {
        let t = self.ansible_templates();
        let vars: Vec<FileId> = self
            .in_ansible_role_folders(&["vars", "defaults"])
            .map(|f| f.id)
            .collect();
        if t.is_empty() && vars.is_empty() {
            return Vec::new();
        }
        let files = &self.files;
        let root = |id: FileId| {
            let mut id = id;
            while let Some(o) = &files[id.0 as usize].origin {
                id = o.parent;
            }
            id
        };
        self.docs.retain(|d| !t.contains(&root(d.file)));
        for d in &mut self.docs {
            if vars.contains(&root(d.file)) {
                d.kind = Kind::Other;
            }
        }
        [t, vars].concat()
    }

    /// Joins workspaces parsed separately ([`crate::parts`]), in order, renumbering their
    /// files; their secrets are joined when every part has them. Returns the top-level
    /// files that only the joined workspace set aside (see `set_aside_ansible_files`).
    pub(crate) fn join(parts: Vec<Workspace>) -> (Workspace, Vec<FileId>) {
        let mut ws = Workspace::default();
        let files: usize = parts.iter().map(|p| p.files.len()).sum();
        let docs: usize = parts.iter().map(|p| p.docs.len()).sum();
        Arc::make_mut(&mut ws.files).reserve(files);
        ws.docs.reserve(docs);
        let mut secrets = Some(Vec::new());
        for part in parts {
            let base = ws.files.len() as u32;
            let shift = |id: FileId| FileId(id.0 + base);
            secrets = match (secrets, part.secrets) {
                (Some(mut all), Some(s)) => {
                    all.extend(s.into_iter().map(|(f, span)| (shift(f), span)));
                    Some(all)
                }
                _ => None,
            };
            let part_files = Arc::try_unwrap(part.files).unwrap_or_else(|f| (*f).clone());
            for mut f in part_files {
                f.id = shift(f.id);
                if let Some(o) = &mut f.origin {
                    o.parent = shift(o.parent);
                }
                if let Some(m) = &mut f.markdown {
                    m.parent = shift(m.parent);
                }
                Arc::make_mut(&mut ws.files).push(f);
            }
            for mut d in part.docs {
                d.file = shift(d.file);
                ws.docs.push(d);
            }
            for (id, e) in part.parse_errors {
                ws.parse_errors.push((shift(id), e));
            }
            for (id, sk) in part.markdown_skipped {
                ws.markdown_skipped.push((shift(id), sk));
            }
        }
        ws.secrets = secrets;
        // Ansible files are told apart only among all the files.
        let aside = ws.set_aside_ansible_files();
        (ws, aside)
    }

    /// Adds a Markdown document and a file for each of its config code blocks (see
    /// [`crate::markdown`]). The blocks of one document are meant to form one stack:
    /// callers that check several documents check each in its own workspace.
    fn push_markdown(&mut self, input: Input) {
        let (files, skipped) = crate::markdown::extract(&input.path, &input.text);
        let doc = self.push_file(input.path, input.text.into(), None);
        for s in skipped {
            self.markdown_skipped.push((doc, s));
        }
        for f in files {
            let id = self.push_file(f.path, f.text.into(), None);
            Arc::make_mut(&mut self.files)[id.0 as usize].markdown = Some(MarkdownBlock {
                parent: doc,
                map: f.map,
                covered: f.covered,
                line: f.line,
                named_by: f.named_by,
            });
            self.parse_file(id);
        }
    }

    /// Whether the stack comes (at least in part) from the code blocks of a Markdown
    /// document. A tutorial shows pieces of a stack: rules that report something *missing*
    /// from the stack (no mount, no provider, no Service) should stay silent then, unless
    /// the piece that would hold it is shown.
    pub fn has_markdown(&self) -> bool {
        self.files.iter().any(|f| f.markdown.is_some())
    }

    /// Whether a file is one the user wrote as a file (not embedded in a manifest, not a
    /// Markdown code block).
    pub fn is_top_level(&self, id: FileId) -> bool {
        let f = self.file(id);
        f.origin.is_none() && f.markdown.is_none()
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The files `dir` holds, as [`diagnose_syntax::paths::strip_dir`] sees it: `dir`
    /// itself and the files under it; for `""` every relative path, for `/` every
    /// absolute one.
    pub fn files_in(&self, dir: &str) -> Vec<FileId> {
        let path = |f: &FileId| self.file(*f).path.as_str();
        let sorted = || {
            let mut ids: Vec<FileId> = self.files.iter().map(|f| f.id).collect();
            ids.sort_unstable_by(|a, b| path(a).cmp(path(b)));
            ids
        };
        // Sorted by path once for the workspaces that share the files (unless files were
        // added since): the files under a folder are then together.
        let memo = self.memo.files_by_path.get_or_init(sorted);
        let owned;
        let by_path = if memo.len() == self.files.len() {
            memo
        } else {
            owned = sorted();
            &owned
        };
        let absolute = dir.starts_with('/');
        let dir = if dir == "/" {
            ""
        } else {
            dir.trim_end_matches('/')
        };
        let first = by_path.partition_point(|f| path(f) < dir);
        by_path[first..]
            .iter()
            .take_while(|f| path(f).starts_with(dir))
            .filter(|f| {
                let p = path(f);
                if dir.is_empty() {
                    p.starts_with('/') == absolute
                } else {
                    p.len() == dir.len() || p.as_bytes()[dir.len()] == b'/'
                }
            })
            .copied()
            .collect()
    }

    fn push_file(&mut self, path: String, text: FileText, origin: Option<Origin>) -> FileId {
        let id = FileId(self.files.len() as u32);
        Arc::make_mut(&mut self.files).push(SourceFile {
            id,
            path,
            text,
            line_index: std::sync::OnceLock::new(),
            origin,
            markdown: None,
            helm: std::sync::OnceLock::new(),
            go_template: std::sync::OnceLock::new(),
            directives: std::sync::OnceLock::new(),
        });
        id
    }

    /// The real (on-disk) file and span a span of any file maps to.
    pub fn resolve(&self, file: FileId, span: Span) -> (FileId, Span) {
        self.resolve_written(file, span).unwrap_or_else(|| {
            // Text the engine added: the nearest position the user wrote.
            let mut file = file;
            let mut span = span;
            loop {
                let f = self.file(file);
                if let Some(o) = &f.origin {
                    span = o.map(&self.file(o.parent).text, &f.text).map_span(span);
                    file = o.parent;
                } else if let Some(m) = &f.markdown {
                    span = m.map.map_span(span);
                    file = m.parent;
                } else {
                    return (file, span);
                }
            }
        })
    }

    /// Like [`Workspace::resolve`], but `None` when the span lies in text the engine
    /// added around a Markdown code block, which the user cannot see.
    pub fn resolve_written(&self, file: FileId, span: Span) -> Option<(FileId, Span)> {
        let mut file = file;
        let mut span = span;
        loop {
            let f = self.file(file);
            if let Some(o) = &f.origin {
                span = o.map(&self.file(o.parent).text, &f.text).map_span(span);
                file = o.parent;
            } else if let Some(m) = &f.markdown {
                if !m
                    .covered
                    .iter()
                    .any(|c| c.start <= span.start && span.end <= c.end)
                {
                    return None;
                }
                span = m.map.map_span(span);
                file = m.parent;
            } else {
                return Some((file, span));
            }
        }
    }

    /// The top-level file an id belongs to.
    pub fn root_file(&self, file: FileId) -> FileId {
        // The file [`Workspace::resolve`] ends at, whatever the span: no map needed.
        let mut file = file;
        loop {
            let f = self.file(file);
            match (&f.origin, &f.markdown) {
                (Some(o), _) => file = o.parent,
                (None, Some(m)) => file = m.parent,
                (None, None) => return file,
            }
        }
    }

    fn parse_file(&mut self, id: FileId) {
        let f = self.file(id);
        let name = f.name().to_string();
        let embedded = f.origin.is_some();
        let json = is_json_name(&name) || (embedded && f.text.trim_start().starts_with('{'));
        let yaml = is_yaml_name(&name) || embedded || name.ends_with(".rules");
        if json {
            match parse_json(&f.text) {
                Ok(root) => {
                    let kind = classify(&name, &root, true);
                    self.docs.push(Doc {
                        file: id,
                        kind,
                        root: Arc::new(root),
                        json: true,
                    });
                }
                Err(e) => self.parse_errors.push((id, e)),
            }
            return;
        }
        if !yaml {
            return;
        }
        // A Helm chart template is Go template text that renders to YAML: what it holds
        // is known only after `helm template`. Not read (DIAG001 says so at info level).
        if !embedded && f.is_helm_template() {
            return;
        }
        // So is a Go template rendered by another program (Nomad, an operator, External
        // Secrets): its actions outside quotes are flow mappings to YAML.
        if !embedded && is_yaml_name(&name) && f.go_template_action().is_some() {
            return;
        }
        let (docs, err) = parse_yaml(&f.text);
        if let Some(e) = err {
            self.parse_errors.push((id, e));
        }
        for d in docs {
            let kind = classify(&name, &d.root, false);
            if kind == Kind::Kubernetes {
                self.push_kubernetes(id, d.root);
            } else {
                self.docs.push(Doc {
                    file: id,
                    kind,
                    root: Arc::new(d.root),
                    json: false,
                });
            }
        }
    }

    /// Adds a Kubernetes document, unwrapping `List`s and extracting embedded files.
    fn push_kubernetes(&mut self, file: FileId, root: Node) {
        // A Kyverno Chainsaw assertion (`~.rules:` iterates over `rules`, `(…)` keys are
        // JMESPath): a partial pattern matched against the cluster, never applied.
        if assertion_tree(&root, 0) {
            self.docs.push(Doc {
                file,
                kind: Kind::Other,
                root: Arc::new(root),
                json: false,
            });
            return;
        }
        let kind = root.get_str("kind").unwrap_or("").to_string();
        if kind == "List" || kind.ends_with("List") {
            // Take the items out of the list (no copy).
            let Value::Map(entries) = root.value else {
                return;
            };
            let Some(items) = entries
                .into_vec()
                .into_iter()
                .rev()
                .find(|e| e.key.as_str() == Some("items"))
            else {
                return;
            };
            if let Value::Seq(items) = items.value.value {
                for item in items.into_vec() {
                    if item.get_str("kind").is_some() {
                        self.push_kubernetes(file, item);
                    }
                }
            }
            return;
        }
        // In an `Arc` from here on: the files extracted from a ConfigMap share their text
        // with its tree.
        let root = Arc::new(root);
        if kind == "ConfigMap" || kind == "Secret" {
            self.extract_embedded(file, &root, &kind);
        }
        if kind == "PrometheusRule" {
            if let Some(spec) = root.get("spec") {
                self.docs.push(Doc {
                    file,
                    kind: Kind::PrometheusRules,
                    root: Arc::new(spec.clone()),
                    json: false,
                });
            }
        }
        self.docs.push(Doc {
            file,
            kind: Kind::Kubernetes,
            root,
            json: false,
        });
    }

    fn extract_embedded(&mut self, file: FileId, root: &Arc<Node>, kind: &str) {
        let ns = root
            .path(&["metadata", "namespace"])
            .and_then(Node::as_str)
            .unwrap_or("default")
            .to_string();
        let name = root
            .path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string();
        for section in ["data", "stringData"] {
            let Some(data) = root.get(section) else {
                continue;
            };
            for (i, e) in data.entries().iter().enumerate() {
                let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                    continue;
                };
                let lower = key.to_ascii_lowercase();
                if !(lower.ends_with(".yml")
                    || lower.ends_with(".yaml")
                    || lower.ends_with(".json")
                    || lower.ends_with(".rules"))
                {
                    continue;
                }
                let (text, map, scalar) = if kind == "Secret" && section == "data" {
                    match base64_decode(value) {
                        Some(t) => {
                            let map = OffsetMap::shifted(e.value.span.start as usize, 0);
                            (t.into(), std::sync::OnceLock::from(map), None)
                        }
                        None => continue,
                    }
                } else {
                    let style = e.value.style().unwrap_or(Style::Plain);
                    // The scalar's text itself, not a copy (the same text: `value`).
                    let shared = FileText::in_tree(root, |n| {
                        n.get(section)?.entries().get(i)?.value.as_str()
                    });
                    let text = shared.unwrap_or_else(|| value.into());
                    (
                        text,
                        std::sync::OnceLock::new(),
                        Some((e.value.span, style)),
                    )
                };
                let path = format!("{}#{}", self.file(file).path, key);
                let id = self.push_file(
                    path,
                    text,
                    Some(Origin {
                        parent: file,
                        map,
                        scalar,
                        key: key.to_string(),
                        object: (kind.to_string(), ns.clone(), name.clone()),
                    }),
                );
                self.parse_file(id);
            }
        }
    }

    /// Documents of one kind.
    pub fn docs_of(&self, kind: Kind) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(move |d| d.kind == kind)
    }
}

/// Secret `data` values: base64, possibly wrapped and padded.
fn base64_decode(s: &str) -> Option<String> {
    let bytes =
        diagnose_syntax::strings::base64_decode(s, |c| matches!(c, b'=' | b'\n' | b'\r' | b' '))?;
    String::from_utf8(bytes).ok()
}

/// Whether a manifest is a Chainsaw/Kyverno assertion tree: a key, at any depth, that starts
/// with `~.` (each element of a list) or is a JMESPath expression in parentheses.
fn assertion_tree(n: &Node, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    n.entries().iter().any(|e| {
        e.key
            .as_str()
            .is_some_and(|k| k.starts_with("~.") || (k.starts_with('(') && k.ends_with(')')))
            || assertion_tree(&e.value, depth + 1)
    }) || n.items().iter().any(|i| assertion_tree(i, depth + 1))
}

#[cfg(test)]
mod tests;
