//! Grafana provisioning: datasources, dashboard providers, dashboards.

use super::Spanned;
use crate::source::FileId;
use crate::syntax::Node;
use crate::workspace::{Kind, Workspace};

#[derive(Clone, Debug)]
pub struct Datasource {
    pub file: FileId,
    pub node: Node,
    pub name: Option<Spanned<String>>,
    pub ty: Option<String>,
    pub url: Option<Spanned<String>>,
    pub access: Option<Spanned<String>>,
    pub uid: Option<String>,
    pub is_default: bool,
}

#[derive(Clone, Debug)]
pub struct Provider {
    pub file: FileId,
    pub node: Node,
    pub name: Option<String>,
    pub ty: String,
    pub path: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub file: FileId,
    pub root: std::sync::Arc<Node>,
    pub uid: Option<Spanned<String>>,
    pub title: Option<String>,
    /// `{"dashboard": {...}}`: the HTTP API's request shape.
    pub api_wrapper: bool,
}

impl Dashboard {
    /// The dashboard model (inside the API wrapper if there is one).
    pub fn model(&self) -> &Node {
        if self.api_wrapper {
            self.root.get("dashboard").unwrap_or(&self.root)
        } else {
            &self.root
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct GrafanaModel {
    pub datasources: Vec<Datasource>,
    pub datasource_files: Vec<FileId>,
    pub providers: Vec<Provider>,
    pub provider_files: Vec<FileId>,
    pub dashboards: Vec<Dashboard>,
}

fn sp(file: FileId, n: Option<&Node>) -> Option<Spanned<String>> {
    let n = n?;
    Some(Spanned::new(file, n.span, n.as_str()?.to_string()))
}

pub fn build(ws: &Workspace) -> GrafanaModel {
    let mut m = GrafanaModel::default();
    for d in ws.docs_of(Kind::GrafanaDatasources) {
        m.datasource_files.push(d.file);
        for ds in d
            .root
            .get("datasources")
            .map(Node::items)
            .unwrap_or_default()
        {
            m.datasources.push(Datasource {
                file: d.file,
                node: ds.clone(),
                name: sp(d.file, ds.get("name")),
                ty: ds.get_str("type").map(str::to_string),
                url: sp(d.file, ds.get("url")),
                access: sp(d.file, ds.get("access")),
                uid: ds.get_str("uid").map(str::to_string),
                is_default: ds.get("isDefault").and_then(Node::as_bool).unwrap_or(false),
            });
        }
    }
    for d in ws.docs_of(Kind::GrafanaProviders) {
        m.provider_files.push(d.file);
        for p in d.root.get("providers").map(Node::items).unwrap_or_default() {
            m.providers.push(Provider {
                file: d.file,
                node: p.clone(),
                name: p.get_str("name").map(str::to_string),
                ty: p.get_str("type").unwrap_or("file").to_string(),
                path: sp(d.file, p.path(&["options", "path"])),
            });
        }
    }
    for d in ws.docs_of(Kind::GrafanaDashboard) {
        let api_wrapper = d.root.get("dashboard").is_some_and(Node::is_map)
            && d.root.get("panels").is_none()
            && d.root.get("rows").is_none();
        let model = if api_wrapper {
            d.root.get("dashboard").unwrap()
        } else {
            &d.root
        };
        m.dashboards.push(Dashboard {
            file: d.file,
            uid: sp(d.file, model.get("uid")),
            title: model.get_str("title").map(str::to_string),
            root: d.root.clone(),
            api_wrapper,
        });
    }
    m
}
