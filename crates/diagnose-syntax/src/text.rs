//! [`Text`], the decoded text of a scalar or key: up to 22 bytes are kept inside the
//! node itself, longer texts in one exact-size heap block. Most keys and values of config
//! files are short (`name`, `image`, `8080`, `true`), so most scalars need no heap block
//! of their own: a heap `String` costs its bytes plus 24 bytes of header and 16 to 32 of
//! allocator overhead, which made the strings of a tree weigh more than the tree's nodes.
//! It reads as a `&str` (`Deref`), so code that reads a tree is unchanged.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The longest text kept inline.
const INLINE: usize = 22;

/// A short immutable string (see the module's documentation). 24 bytes.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    // `len` is at most INLINE: its other values let the enum tell the variants apart
    // without a tag of its own.
    Inline { buf: [u8; INLINE], len: u8 },
    Heap(Box<str>),
}

impl Text {
    pub const fn new() -> Text {
        Text(Repr::Inline {
            buf: [0; INLINE],
            len: 0,
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
            Repr::Heap(s) => s,
        }
    }

    /// The bytes of the heap block this text holds (0 when inline), for measurements.
    pub fn heap_bytes(&self) -> usize {
        match &self.0 {
            Repr::Inline { .. } => 0,
            Repr::Heap(s) => s.len(),
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
                len: s.len() as u8,
            })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if s.len() <= INLINE {
            Text::from(s.as_str())
        } else {
            // `into_boxed_str` drops any spare capacity.
            Text(Repr::Heap(s.into_boxed_str()))
        }
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
        match t.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => t.as_str().to_owned(),
        }
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
        }
    }

    #[test]
    fn short_texts_are_inline_and_the_type_is_small() {
        assert_eq!(std::mem::size_of::<Text>(), 24);
        assert!(matches!(
            Text::from("0123456789012345678901").0,
            Repr::Inline { .. }
        ));
        assert!(matches!(
            Text::from("01234567890123456789012").0,
            Repr::Heap(_)
        ));
        assert!(Text::new().is_empty());
    }
}
