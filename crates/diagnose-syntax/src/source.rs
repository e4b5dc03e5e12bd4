//! Source files, byte spans and line/column conversion.

use serde::Serialize;

/// Index of a file in a [`crate::Workspace`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A half-open range of UTF-8 byte offsets into one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// The sub-span `[start, end)` relative to this span's start.
    pub fn sub(&self, start: usize, end: usize) -> Span {
        Span::new(self.start as usize + start, self.start as usize + end)
    }
}

/// A 1-based line and column. `column` counts Unicode scalar values; `column_utf16`
/// counts UTF-16 code units (what browsers' text areas use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
    pub column_utf16: u32,
}

/// Line starts of a text, for offset → line/column conversion.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

/// Calls `f(base, mask)` for each 32-byte chunk of `bytes` in order (the last one shorter),
/// bit `k` of `mask` set when `bytes[base + k]` is a line feed. (A loop the compiler turns
/// into vector compares.)
fn each_newline_mask(bytes: &[u8], mut f: impl FnMut(usize, u32)) {
    let mut chunks = bytes.chunks_exact(32);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut mask = 0u32;
        for (k, &b) in chunk.iter().enumerate() {
            mask |= u32::from(b == b'\n') << k;
        }
        if mask != 0 {
            f(base, mask);
        }
        base += 32;
    }
    let mut mask = 0u32;
    for (k, &b) in chunks.remainder().iter().enumerate() {
        mask |= u32::from(b == b'\n') << k;
    }
    if mask != 0 {
        f(base, mask);
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Exact size: kept for every file of the run (a growing vector left up to half
        // of it unused).
        // 32 bytes at a time (a byte at a time was 4 % of a run's instructions).
        let bytes = text.as_bytes();
        let mut lines = 0;
        each_newline_mask(bytes, |_, mask| lines += mask.count_ones() as usize);
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        each_newline_mask(bytes, |base, mut mask| {
            while mask != 0 {
                starts.push((base + mask.trailing_zeros() as usize) as u32 + 1);
                mask &= mask - 1;
            }
        });
        LineIndex { starts }
    }

    /// Where each line starts (the first at 0; after a final line feed, one at the
    /// text's end).
    pub fn starts(&self) -> &[u32] {
        &self.starts
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line)
            .copied()
            .unwrap_or(*self.starts.last().unwrap_or(&0)) as usize
    }

    /// Converts a byte offset into a 1-based line and column.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.starts[line] as usize;
        let mut off = offset;
        while off > start && !text.is_char_boundary(off) {
            off -= 1;
        }
        let prefix = &text[start..off];
        LineCol {
            line: line as u32 + 1,
            column: prefix.chars().count() as u32 + 1,
            column_utf16: prefix.encode_utf16().count() as u32 + 1,
        }
    }

    /// Byte offset of a 1-based line and column (in chars). Clamped to the text.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self.line_start(line.saturating_sub(1));
        let rest = &text[start.min(text.len())..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let byte = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map(|(b, _)| b)
            .unwrap_or(line_text.len());
        start + byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_match_a_byte_at_a_time() {
        let naive = |t: &str| -> Vec<u32> {
            std::iter::once(0)
                .chain(
                    t.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i as u32 + 1),
                )
                .collect()
        };
        let mut texts: Vec<String> = vec![String::new(), "\n".into(), "a\r\nb\n\n".into()];
        for n in [31, 32, 33, 63, 64, 65, 100] {
            texts.push("é\nx".chars().cycle().take(n).collect());
            texts.push(format!("{}\n", "y".repeat(n)));
            texts.push(format!("\n{}", "z".repeat(n)));
        }
        for t in &texts {
            let idx = LineIndex::new(t);
            assert_eq!(idx.starts, naive(t), "{t:?}");
            assert_eq!(idx.line_count(), t.matches('\n').count() + 1);
        }
    }
}
