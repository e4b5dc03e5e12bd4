//! Compilation to a program and matching: a bit-state backtracker, where every
//! (instruction, position) pair is visited at most once, so time is bounded by pattern size
//! × text size.

use super::ast::*;
use super::parse::parse;

/// The (instruction, position) pairs a match has visited: one bit each, or a set when
/// the pattern and the text are so long that the bits would not fit in 8 MB.
enum Visited {
    Bits { bits: Vec<u64>, width: usize },
    Set(std::collections::HashSet<(usize, usize)>),
}

impl Visited {
    fn new(instructions: usize, width: usize) -> Visited {
        match instructions.checked_mul(width) {
            Some(n) if n <= 1 << 26 => Visited::Bits {
                bits: vec![0; n.div_ceil(64)],
                width,
            },
            _ => Visited::Set(Default::default()),
        }
    }

    /// Whether the pair was not visited yet (it is now).
    fn insert(&mut self, pc: usize, pos: usize) -> bool {
        match self {
            Visited::Bits { bits, width } => {
                let (word, bit) = ((pc * *width + pos) / 64, (pc * *width + pos) % 64);
                let new = bits[word] & (1 << bit) == 0;
                bits[word] |= 1 << bit;
                new
            }
            Visited::Set(set) => set.insert((pc, pos)),
        }
    }
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    prog: Vec<Inst>,
    groups: usize,
    names: Vec<(String, usize)>,
}

struct Compiler {
    prog: Vec<Inst>,
    too_big: bool,
}

impl Compiler {
    fn emit(&mut self, i: Inst) -> usize {
        if self.prog.len() >= MAX_PROGRAM {
            self.too_big = true;
        }
        self.prog.push(i);
        self.prog.len() - 1
    }

    fn compile(&mut self, a: &Ast) {
        if self.too_big {
            return;
        }
        match a {
            Ast::Empty => {}
            Ast::Char(c, i) => {
                self.emit(Inst::Char(*c, *i));
            }
            Ast::Any(nl) => {
                self.emit(Inst::Any(*nl));
            }
            Ast::Class(r, n, i) => {
                self.emit(Inst::Class(r.clone(), *n, *i));
            }
            Ast::Assert(k) => {
                self.emit(Inst::Assert(*k));
            }
            Ast::Group(inner, idx) => {
                if let Some(i) = idx {
                    self.emit(Inst::Save(2 * i));
                    self.compile(inner);
                    self.emit(Inst::Save(2 * i + 1));
                } else {
                    self.compile(inner);
                }
            }
            Ast::Concat(items) => {
                for x in items {
                    self.compile(x);
                }
            }
            Ast::Alt(alts) => {
                let mut jumps = Vec::new();
                for (k, x) in alts.iter().enumerate() {
                    if k + 1 < alts.len() {
                        let split = self.emit(Inst::Split(0, 0));
                        let l1 = self.prog.len();
                        self.compile(x);
                        jumps.push(self.emit(Inst::Jmp(0)));
                        let l2 = self.prog.len();
                        self.prog[split] = Inst::Split(l1, l2);
                    } else {
                        self.compile(x);
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Ast::Repeat(inner, min, max, greedy) => {
                for _ in 0..*min {
                    self.compile(inner);
                    if self.too_big {
                        return;
                    }
                }
                match max {
                    None => {
                        let split = self.emit(Inst::Split(0, 0));
                        let body = self.prog.len();
                        self.compile(inner);
                        self.emit(Inst::Jmp(split));
                        let end = self.prog.len();
                        self.prog[split] = if *greedy {
                            Inst::Split(body, end)
                        } else {
                            Inst::Split(end, body)
                        };
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            let split = self.emit(Inst::Split(0, 0));
                            splits.push((split, self.prog.len()));
                            self.compile(inner);
                            if self.too_big {
                                return;
                            }
                        }
                        let end = self.prog.len();
                        for (split, body) in splits {
                            self.prog[split] = if *greedy {
                                Inst::Split(body, end)
                            } else {
                                Inst::Split(end, body)
                            };
                        }
                    }
                }
            }
        }
    }
}

impl Regex {
    /// Compiles `pattern`; the error has Go's wording.
    pub fn new(pattern: &str) -> Result<Regex, String> {
        let (ast, groups, names) = parse(pattern)?;
        let mut c = Compiler {
            prog: Vec::new(),
            too_big: false,
        };
        c.emit(Inst::Save(0));
        c.compile(&ast);
        c.emit(Inst::Save(1));
        c.emit(Inst::Match);
        if c.too_big {
            c.prog.clear();
        }
        Ok(Regex {
            prog: c.prog,
            groups,
            names,
        })
    }

    /// Prometheus semantics: the whole text must match. Returns the submatch positions
    /// (char offsets), `Some(None)` for no match, `None` when the pattern is too large to run.
    fn captures(&self, text: &[char]) -> Option<Option<Captures>> {
        if self.prog.is_empty() {
            return None;
        }
        let n = self.prog.len();
        let mut visited = Visited::new(n, text.len() + 1);
        let mut caps: Vec<Option<usize>> = vec![None; 2 * (self.groups + 1)];
        enum Job {
            Run(usize, usize),
            Restore(usize, Option<usize>),
        }
        let mut stack = vec![Job::Run(0, 0)];
        let budget = n.saturating_mul(text.len() + 1).saturating_mul(4) + 64;
        let mut steps = 0usize;
        while let Some(job) = stack.pop() {
            let (mut pc, mut pos) = match job {
                Job::Restore(slot, v) => {
                    caps[slot] = v;
                    continue;
                }
                Job::Run(pc, pos) => (pc, pos),
            };
            loop {
                steps += 1;
                if steps > budget {
                    return None;
                }
                if !visited.insert(pc, pos) {
                    break;
                }
                match &self.prog[pc] {
                    Inst::Char(c, icase) => {
                        if text.get(pos).is_some_and(|t| eq(*t, *c, *icase)) {
                            pc += 1;
                            pos += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Any(nl) => {
                        if text.get(pos).is_some_and(|t| *nl || *t != '\n') {
                            pc += 1;
                            pos += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Class(r, neg, icase) => {
                        if text
                            .get(pos)
                            .is_some_and(|t| in_class(*t, r, *icase) != *neg)
                        {
                            pc += 1;
                            pos += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Split(a, b) => {
                        stack.push(Job::Run(*b, pos));
                        pc = *a;
                    }
                    Inst::Jmp(a) => pc = *a,
                    Inst::Save(slot) => {
                        stack.push(Job::Restore(*slot, caps[*slot]));
                        caps[*slot] = Some(pos);
                        pc += 1;
                    }
                    Inst::Assert(k) => {
                        if assert_ok(*k, text, pos) {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Match => {
                        if pos == text.len() {
                            let out = (0..=self.groups)
                                .map(|g| match (caps[2 * g], caps[2 * g + 1]) {
                                    (Some(a), Some(b)) => Some((a, b)),
                                    _ => None,
                                })
                                .collect();
                            return Some(Some(out));
                        }
                        break;
                    }
                }
            }
        }
        Some(None)
    }

    /// Whether the whole `text` matches (`None`: too large to run).
    pub fn full_match(&self, text: &str) -> Option<bool> {
        let chars: Vec<char> = text.chars().collect();
        self.captures(&chars).map(|c| c.is_some())
    }

    /// Matches the whole `text` and expands `template` (`$1`, `${1}`, `$name`, `$$`) the
    /// way Go's `Regexp.ExpandString` does. `Some(None)`: no match.
    pub fn replace(&self, text: &str, template: &str) -> Option<Option<String>> {
        Some(self.replace_each(text, [template])?.map(|[r]| r))
    }

    /// [`Regex::replace`] of each template with one match (a relabel rule's `replacement`
    /// and `target_label` expand the same groups: matching twice was 1.5 % of a run).
    pub fn replace_each<const N: usize>(
        &self,
        text: &str,
        templates: [&str; N],
    ) -> Option<Option<[String; N]>> {
        let chars: Vec<char> = text.chars().collect();
        let caps = match self.captures(&chars)? {
            Some(c) => c,
            None => return Some(None),
        };
        let group = |name: &str| -> String {
            let idx = if name.chars().all(|c| c.is_ascii_digit()) {
                name.parse::<usize>().ok()
            } else {
                self.names.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
            };
            idx.and_then(|i| caps.get(i).copied().flatten())
                .map(|(a, b)| chars[a..b].iter().collect())
                .unwrap_or_default()
        };
        Some(Some(templates.map(|t| expand(t, group))))
    }
}

fn eq(t: char, c: char, icase: bool) -> bool {
    t == c || (icase && t.to_lowercase().eq(c.to_lowercase()))
}

fn in_class(t: char, r: &[(char, char)], icase: bool) -> bool {
    let hit = |c: char| r.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
    hit(t) || (icase && (t.to_lowercase().any(hit) || t.to_uppercase().any(hit)))
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
}

fn assert_ok(k: AssertKind, text: &[char], pos: usize) -> bool {
    match k {
        AssertKind::TextStart => pos == 0,
        AssertKind::TextEnd => pos == text.len(),
        AssertKind::LineStart => pos == 0 || text[pos - 1] == '\n',
        AssertKind::LineEnd => pos == text.len() || text[pos] == '\n',
        AssertKind::WordBoundary | AssertKind::NotWordBoundary => {
            let b = is_word(pos.checked_sub(1).and_then(|p| text.get(p))) != is_word(text.get(pos));
            b == (k == AssertKind::WordBoundary)
        }
    }
}

/// Go's `Regexp.Expand` template syntax.
pub fn expand(template: &str, mut group: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let (name, after) = if let Some(r) = rest.strip_prefix('{') {
            match r.find('}') {
                Some(j) if j > 0 && r[..j].chars().all(|c| c.is_alphanumeric() || c == '_') => {
                    (&r[..j], &r[j + 1..])
                }
                _ => {
                    out.push('$');
                    continue;
                }
            }
        } else {
            let j = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if j == 0 {
                out.push('$');
                continue;
            }
            (&rest[..j], &rest[j..])
        };
        out.push_str(&group(name));
        rest = after;
    }
    out.push_str(rest);
    out
}
