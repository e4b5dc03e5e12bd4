//! Standard output that ends quietly when the reader leaves (`diagnose … | head -1`):
//! after a broken pipe, further output is dropped and the command runs to its end, so
//! that its exit code still says what it found.

use std::io::{ErrorKind, Result, Write};
use termcolor::{ColorSpec, StandardStream, WriteColor};

pub struct Out {
    inner: StandardStream,
    closed: bool,
}

/// Standard output, coloured on a terminal (see `color_choice`).
pub fn stdout(choice: termcolor::ColorChoice) -> Out {
    Out {
        inner: StandardStream::stdout(choice),
        closed: false,
    }
}

impl Out {
    fn guard<T>(&mut self, ok: T, r: impl FnOnce(&mut StandardStream) -> Result<T>) -> Result<T> {
        if self.closed {
            return Ok(ok);
        }
        match r(&mut self.inner) {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ok)
            }
            other => other,
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        self.guard(buf.len(), |w| w.write(buf))
    }
    fn flush(&mut self) -> Result<()> {
        self.guard((), |w| w.flush())
    }
}

impl WriteColor for Out {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }
    fn set_color(&mut self, spec: &ColorSpec) -> Result<()> {
        self.guard((), |w| w.set_color(spec))
    }
    fn reset(&mut self) -> Result<()> {
        self.guard((), |w| w.reset())
    }
}

/// Writes a line to standard error; a closed standard error is not an error of ours.
#[macro_export]
macro_rules! note {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}
