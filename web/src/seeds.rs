//! The seed stacks (`tests/fixtures/seeds/<seed>/broken/`) of the Examples menu. Their ids
//! and titles are in the wasm (written by `build.rs`); their files are the data file
//! [`DATA_FILE`], fetched from the page's own site the first time an example is chosen
//! (every example at once, so that all of them then work offline).

use crate::{data, json};
use std::rc::Rc;

/// The data file's name, next to the page (in `dist/`).
pub const DATA_FILE: &str = "examples.json";

pub struct Seed {
    pub id: &'static str,
    pub title: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

pub fn find(id: &str) -> Option<&'static Seed> {
    SEEDS.iter().find(|s| s.id == id)
}

/// A stack's files, as (path, text).
pub type Files = Vec<(String, String)>;

/// Reads the data file: `[{"id": …, "files": [[path, text], …]}, …]`; `None` if it is not that.
pub fn parse(text: &str) -> Option<Vec<(String, Files)>> {
    json::each(&json::parse(text)?, |s| {
        Some((json::get_str(s, "id")?, json::files(s.get("files")?)?))
    })
}

/// Every example's files, by id, as read from the data file.
type All = Rc<Vec<(String, Files)>>;

thread_local! {
    static LOADED: std::cell::RefCell<Option<All>> = const { std::cell::RefCell::new(None) };
}

fn pick(all: &[(String, Files)], id: &str) -> Option<Files> {
    all.iter().find(|(i, _)| i == id).map(|(_, f)| f.clone())
}

/// The files of example `id`, if the data file is already loaded in this visit (or has
/// arrived: `boot.js` fetches it alongside the module when the first address is an example).
pub fn loaded(id: &str) -> Option<Files> {
    if LOADED.with(|l| l.borrow().is_none()) {
        if let Some(all) = data::now(DATA_FILE).and_then(|t| parse(&t)) {
            LOADED.with(|l| *l.borrow_mut() = Some(Rc::new(all)));
        }
    }
    LOADED.with(|l| pick(l.borrow().as_ref()?, id))
}

/// Fetches and reads the data file (the first time), then gives example `id`'s files;
/// `None` if it could not be loaded (offline before it was ever fetched) or has no such
/// example.
pub async fn load(id: &str) -> Option<Files> {
    if let Some(files) = loaded(id) {
        return Some(files);
    }
    let all: All = Rc::new(parse(&data::fetch(DATA_FILE).await?)?);
    LOADED.with(|l| *l.borrow_mut() = Some(all.clone()));
    pick(&all, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data file holds every seed of the menu, each with the files of its `broken/`
    /// folder, byte for byte.
    #[test]
    fn every_seed_has_its_files() {
        let all = parse(data::built(DATA_FILE).unwrap()).expect("the data file reads");
        let ids: Vec<&str> = all.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, SEEDS.iter().map(|s| s.id).collect::<Vec<_>>());
        assert!(ids.contains(&"esxi"));
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/seeds");
        for (id, files) in &all {
            assert!(!files.is_empty(), "{id}: no files");
            for (path, text) in files {
                let disk = std::fs::read_to_string(format!("{root}/{id}/broken/{path}")).unwrap();
                assert_eq!(text, &disk, "{id}/{path}");
            }
        }
        assert_eq!(data::block_on(load("esxi")), pick(&all, "esxi"));
        assert_eq!(loaded("esxi"), pick(&all, "esxi"));
        assert_eq!(loaded("nope"), None);
        assert_eq!(parse("[{\"id\":\"x\"}]"), None);
    }
}
