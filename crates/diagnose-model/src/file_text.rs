//! [`FileText`], the text of a file under analysis: owned (read from disk, decoded from a
//! Secret's base64, made from a Markdown block), or the text of a scalar of a parsed tree
//! that the file was extracted from (a ConfigMap's `dashboard.json: |` block), which it
//! then shares instead of copying: a ConfigMap's dashboard was held three times (the
//! manifest's text, the block scalar in the manifest's tree, the extracted file), now twice.

use diagnose_syntax::Node;
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::Arc;

/// A file's text; reads as a `&str` (`Deref`).
#[derive(Clone)]
pub struct FileText(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// `len` bytes at `ptr`: the text of a scalar inside `tree`.
    InTree {
        _tree: Arc<Node>,
        ptr: NonNull<u8>,
        len: usize,
    },
}

// SAFETY: `InTree` points into the tree its `Arc` keeps alive. A tree behind an `Arc` is
// never changed while the `Arc` is shared (`Arc::get_mut` and `Arc::make_mut` give no
// access to a shared value: `make_mut` changes a copy), and neither a scalar's inline bytes
// nor its heap block move while the tree lives. So the bytes are immutable for as long as
// this value lives, like a `&'static str` that `Arc<Node>` (Send + Sync) owns.
unsafe impl Send for Repr {}
// SAFETY: as above: shared references only read the bytes.
unsafe impl Sync for Repr {}

impl FileText {
    /// The text that `find` borrows from `tree` (a scalar's text), shared with the tree
    /// rather than copied; `None` when `find` finds none.
    pub fn in_tree(
        tree: &Arc<Node>,
        find: impl for<'a> FnOnce(&'a Node) -> Option<&'a str>,
    ) -> Option<FileText> {
        // The lifetime ties the text to the node the `Arc` holds (or makes it 'static).
        let text = find(tree)?;
        Some(FileText(Repr::InTree {
            _tree: tree.clone(),
            ptr: NonNull::from(text.as_bytes()).cast(),
            len: text.len(),
        }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::InTree { ptr, len, .. } => {
                // SAFETY: `ptr` and `len` were taken from a `&str` borrowed from a node of
                // `tree`, which this value keeps alive and which is never changed or moved
                // while shared (see the `Send` impl).
                unsafe {
                    std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr.as_ptr(), *len))
                }
            }
        }
    }
}

impl From<String> for FileText {
    fn from(s: String) -> FileText {
        FileText(Repr::Owned(s))
    }
}

impl From<&str> for FileText {
    fn from(s: &str) -> FileText {
        FileText(Repr::Owned(s.to_string()))
    }
}

impl Default for FileText {
    fn default() -> FileText {
        FileText(Repr::Owned(String::new()))
    }
}

impl Deref for FileText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for FileText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for FileText {
    fn eq(&self, other: &FileText) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for FileText {}

#[cfg(test)]
mod tests {
    use super::*;
    use diagnose_syntax::parse_yaml;

    #[test]
    fn a_scalar_shared_with_its_tree_reads_back_after_the_tree_is_dropped_elsewhere() {
        let long = "x".repeat(100);
        for text in [long.as_str(), "short"] {
            let (docs, _) = parse_yaml(&format!("a:\n  b: |\n    {text}\n"));
            let tree = Arc::new(docs.into_iter().next().expect("a document").root);
            let f = FileText::in_tree(&tree, |n| n.path(&["a", "b"])?.as_str()).unwrap();
            let copy = f.clone();
            drop(tree);
            drop(f);
            assert_eq!(copy.as_str(), format!("{text}\n"));
            assert_eq!(copy, FileText::from(format!("{text}\n")));
        }
        assert_eq!(FileText::from("abc").as_str(), "abc");
        assert_eq!(&*FileText::from(String::from("é")), "é");
    }
}
