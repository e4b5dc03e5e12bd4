//! Numbers written with a fixed count of decimals by integer arithmetic: `{:.1}` on an `f64`
//! brings `core`'s float formatting (exact and shortest, some 20 KB of the page's wasm) for
//! what the page writes (the map's coordinates, the measurement attributes).

use std::fmt;

/// `Fixed(x, d)` displays `x` rounded to `d` decimals (half away from zero), as `{:.d}` does
/// for the values the page writes (finite, well within `i64`); `d` is at most 6.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10i64.pow(self.1.min(6));
        let v = (self.0 * scale as f64).round() as i64;
        let (int, frac) = (
            v.unsigned_abs() / scale as u64,
            v.unsigned_abs() % scale as u64,
        );
        let sign = if v < 0 { "-" } else { "" };
        if self.1 == 0 {
            return write!(f, "{sign}{int}");
        }
        let frac = frac.to_string();
        let zeros = "000000"
            .get(..self.1.min(6) as usize - frac.len())
            .unwrap_or("");
        write!(f, "{sign}{int}.{zeros}{frac}")
    }
}

/// One decimal, for SVG coordinates.
pub fn d1(x: f64) -> Fixed {
    Fixed(x, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_the_float_formatting_writes() {
        for x in [
            0.0,
            0.04,
            0.05,
            1.25,
            -1.25,
            12.345,
            168.0,
            -0.4,
            999.96,
            1234.5678,
            1e6 + 0.5,
        ] {
            for d in 0..4 {
                let ours = Fixed(x, d).to_string();
                let theirs = format!("{:.*}", d as usize, x);
                // `{:.d}` rounds half to even on the exact binary value; both agree except on
                // exact ties, where the page does not care.
                let tie = (x * 10f64.powi(d as i32)).fract().abs() == 0.5;
                // A negative number that rounds to zero: Rust writes `-0.0`, the page `0.0`.
                let negative_zero =
                    theirs.starts_with('-') && theirs.trim_matches(['-', '0', '.']).is_empty();
                if !tie && !negative_zero {
                    assert_eq!(ours, theirs, "{x} with {d} decimals");
                }
            }
        }
        assert_eq!(Fixed(-0.04, 1).to_string(), "0.0");
        assert_eq!(Fixed(2.5, 0).to_string(), "3");
    }
}
