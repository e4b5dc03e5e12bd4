//! [`Text`], the decoded text of a scalar or key: up to 15 bytes are kept inside the
//! node itself, longer texts in one exact-size heap block that starts with their length
//! (so the node holds one pointer, not a pointer and a length). Most keys and values of
//! config files are short (`name`, `image`, `8080`, `true`), so most scalars need no heap
//! block of their own: a heap `String` costs its bytes plus 24 bytes of header and 16 to
//! 32 of allocator overhead, which made the strings of a tree weigh more than the tree's
//! nodes. At 16 bytes, a `Text` and a scalar's style fit in a node of 32 bytes.
//! It reads as a `&str` (`Deref`), so code that reads a tree is unchanged.

use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::ptr::NonNull;

/// The longest text kept inline.
const INLINE: usize = 15;

/// A short immutable string (see the module's documentation). 16 bytes on 64-bit targets.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    // `len` is an enum of the 16 lengths an inline text can have: its other values let
    // the enum tell the variants apart without a tag of its own.
    Inline { buf: [u8; INLINE], len: Len },
    Heap(Thin),
}

/// The length of an inline text, 0 to [`INLINE`].
#[derive(Clone, Copy)]
#[repr(u8)]
#[rustfmt::skip]
enum Len {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15,
}

#[rustfmt::skip]
const LENS: [Len; INLINE + 1] = [
    Len::L0, Len::L1, Len::L2, Len::L3, Len::L4, Len::L5, Len::L6, Len::L7,
    Len::L8, Len::L9, Len::L10, Len::L11, Len::L12, Len::L13, Len::L14, Len::L15,
];

/// A heap block holding a text's length (`usize`) followed by its bytes, owned.
struct Thin(NonNull<u8>);

// SAFETY: `Thin` owns its block exclusively (like a `Box<str>`) and never mutates it after
// construction.
unsafe impl Send for Thin {}
// SAFETY: as above: shared references only read the block.
unsafe impl Sync for Thin {}

const HEADER: usize = std::mem::size_of::<usize>();

fn thin_layout(len: usize) -> Layout {
    // A text longer than `isize::MAX` cannot exist (it came from a `&str`).
    Layout::from_size_align(HEADER + len, std::mem::align_of::<usize>())
        .unwrap_or_else(|_| unreachable!("a text is shorter than isize::MAX"))
}

impl Thin {
    fn new(s: &str) -> Thin {
        let layout = thin_layout(s.len());
        // SAFETY: the layout is never zero-sized (it has the header); the block is written
        // within its size: the header at offset 0 (aligned for `usize`), then `s.len()`
        // bytes after it.
        unsafe {
            let p = alloc(layout);
            let Some(p) = NonNull::new(p) else {
                handle_alloc_error(layout)
            };
            p.as_ptr().cast::<usize>().write(s.len());
            std::ptr::copy_nonoverlapping(s.as_ptr(), p.as_ptr().add(HEADER), s.len());
            Thin(p)
        }
    }

    fn len(&self) -> usize {
        // SAFETY: the block starts with its length, written in `new`.
        unsafe { self.0.as_ptr().cast::<usize>().read() }
    }

    fn as_str(&self) -> &str {
        // SAFETY: the bytes after the header were copied from a `&str` in `new`: `len`
        // bytes of valid UTF-8, alive as long as `self`.
        unsafe {
            let bytes = std::slice::from_raw_parts(self.0.as_ptr().add(HEADER), self.len());
            std::str::from_utf8_unchecked(bytes)
        }
    }
}

impl Drop for Thin {
    fn drop(&mut self) {
        // SAFETY: the block was allocated in `new` with this layout, and is freed once.
        unsafe { dealloc(self.0.as_ptr(), thin_layout(self.len())) }
    }
}

impl Clone for Thin {
    fn clone(&self) -> Thin {
        Thin::new(self.as_str())
    }
}

impl Text {
    pub const fn new() -> Text {
        Text(Repr::Inline {
            buf: [0; INLINE],
            len: Len::L0,
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { buf, len } => {
                let bytes = &buf[..*len as usize];
                // SAFETY: `buf[..len]` is only ever filled from a whole `&str` (`From<&str>`),
                // so it is valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Heap(s) => s.as_str(),
        }
    }

    /// The bytes of the heap block this text holds (0 when inline), for measurements.
    pub fn heap_bytes(&self) -> usize {
        match &self.0 {
            Repr::Inline { .. } => 0,
            Repr::Heap(s) => HEADER + s.len(),
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::new()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        if s.len() <= INLINE {
            let mut buf = [0; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline {
                buf,
                len: LENS[s.len()],
            })
        } else {
            Text(Repr::Heap(Thin::new(s)))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        match s {
            std::borrow::Cow::Borrowed(s) => Text::from(s),
            std::borrow::Cow::Owned(s) => Text::from(s),
        }
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_owned()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}
impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}
impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}
impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_length_and_reads_back() {
        for n in 0..60 {
            let s: String = "aé€𝄞".chars().cycle().take(n).collect();
            let t = Text::from(s.as_str());
            assert_eq!(t.as_str(), s);
            assert_eq!(Text::from(s.clone()), t);
            assert_eq!(String::from(t.clone()), s);
            assert_eq!(format!("{t:?}"), format!("{s:?}"));
            // Clones own their own block; dropping one leaves the other readable.
            let c = t.clone();
            drop(t);
            assert_eq!(c.as_str(), s);
        }
    }

    #[test]
    fn short_texts_are_inline_and_the_type_is_small() {
        assert_eq!(
            std::mem::size_of::<Text>(),
            8 + std::mem::size_of::<usize>()
        );
        assert!(matches!(
            Text::from("012345678901234").0,
            Repr::Inline { .. }
        ));
        assert!(matches!(Text::from("0123456789012345").0, Repr::Heap(_)));
        assert_eq!(Text::from("0123456789012345").heap_bytes(), 16 + 8);
        assert!(Text::new().is_empty());
        // A scalar's text and style and a collection's items fit in a node of 32 bytes.
        if std::mem::size_of::<usize>() == 8 {
            assert_eq!(std::mem::size_of::<crate::Node>(), 32);
            assert_eq!(std::mem::size_of::<crate::Entry>(), 64);
        }
    }
}
