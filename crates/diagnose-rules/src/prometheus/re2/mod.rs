//! A small RE2-syntax regular expression engine for relabelling: it checks a pattern the
//! way Go's `regexp/syntax` does (the errors Prometheus reports at load) and matches label
//! values the way Prometheus does (`^(?s:re)$`, leftmost-first submatches, `$1` / `${name}`
//! expansion). Matching is a bit-state backtracker: every (instruction, position) pair is
//! visited at most once, so time is bounded by pattern size × text size.

mod ast;
mod exec;
mod parse;

pub use exec::{expand, Regex};

use ast::Ast;
use parse::parse;

/// Checks a pattern with RE2 rules. The error text follows Go's `regexp/syntax` wording.
pub fn check(pattern: &str) -> Result<(), String> {
    parse(pattern).map(|_| ())
}

/// True when the pattern is a plain literal or an alternation of literals, e.g.
/// `backend-api|postgres|redis`; returns the alternatives.
pub fn literal_alternatives(pattern: &str) -> Option<Vec<String>> {
    let (ast, _, _) = parse(pattern).ok()?;
    fn lit(a: &Ast) -> Option<String> {
        match a {
            Ast::Char(c, false) => Some(c.to_string()),
            Ast::Empty => Some(String::new()),
            Ast::Concat(items) => items.iter().map(lit).collect(),
            Ast::Group(inner, _) => lit(inner),
            _ => None,
        }
    }
    fn alts(a: &Ast, out: &mut Vec<String>) -> Option<()> {
        match a {
            Ast::Alt(xs) => {
                for x in xs {
                    alts(x, out)?;
                }
                Some(())
            }
            Ast::Group(inner, _) => alts(inner, out),
            x => {
                out.push(lit(x)?);
                Some(())
            }
        }
    }
    let mut out = Vec::new();
    alts(&ast, &mut out)?;
    Some(out)
}

#[cfg(test)]
mod tests;
