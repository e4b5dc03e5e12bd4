//! The parser: a pattern to its tree, with the errors Go's `regexp/syntax` reports.

use super::ast::*;

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    groups: usize,
    names: Vec<(String, usize)>,
    src: &'a str,
}

pub(super) fn parse(pattern: &str) -> Result<Parsed, String> {
    let mut p = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        groups: 0,
        names: Vec::new(),
        src: pattern,
    };
    let ast = p.alternation(Flags::default(), 0)?;
    if p.pos < p.chars.len() {
        // Only a stray `)` stops the top level.
        return Err(format!("unexpected ): `{}`", p.src));
    }
    Ok((ast, p.groups, p.names))
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn rest_starts(&self, s: &str) -> bool {
        (self.pos..)
            .zip(s.chars())
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    fn alternation(&mut self, flags: Flags, depth: usize) -> Result<Ast, String> {
        if depth > 1000 {
            return Err("expression nests too deeply".into());
        }
        let mut flags = flags;
        let mut alts = vec![self.concat(&mut flags, depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.concat(&mut flags, depth)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Ast::Alt(alts)
        })
    }

    fn concat(&mut self, flags: &mut Flags, depth: usize) -> Result<Ast, String> {
        let mut items: Vec<Ast> = Vec::new();
        // Whether the last item may take a repetition operator.
        let mut repeatable = false;
        let mut last_was_repeat = false;
        while let Some(c) = self.peek() {
            match c {
                '|' | ')' => break,
                '*' | '+' | '?' => {
                    let start = self.pos;
                    self.pos += 1;
                    let (min, max) = match c {
                        '*' => (0, None),
                        '+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    self.repeat(
                        &mut items,
                        min,
                        max,
                        flags,
                        start,
                        repeatable,
                        last_was_repeat,
                    )?;
                    last_was_repeat = true;
                    continue;
                }
                '{' => {
                    let start = self.pos;
                    if let Some((min, max, len)) = self.counted() {
                        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
                            let op: String = self.chars[start..start + len].iter().collect();
                            return Err(format!("invalid repeat count: `{op}`"));
                        }
                        self.pos += len;
                        self.repeat(
                            &mut items,
                            min,
                            max,
                            flags,
                            start,
                            repeatable,
                            last_was_repeat,
                        )?;
                        last_was_repeat = true;
                        continue;
                    }
                    self.pos += 1;
                    items.push(Ast::Char('{', flags.icase));
                }
                '(' => {
                    self.pos += 1;
                    if self.peek() == Some('?') {
                        match self.group_flags(flags)? {
                            GroupKind::SetFlags(f) => {
                                *flags = f;
                                repeatable = false;
                                last_was_repeat = false;
                                continue;
                            }
                            GroupKind::NonCapturing(f) => {
                                let inner = self.alternation(f, depth + 1)?;
                                self.close()?;
                                items.push(Ast::Group(Box::new(inner), None));
                            }
                            GroupKind::Named(name) => {
                                self.groups += 1;
                                let idx = self.groups;
                                self.names.push((name, idx));
                                let inner = self.alternation(*flags, depth + 1)?;
                                self.close()?;
                                items.push(Ast::Group(Box::new(inner), Some(idx)));
                            }
                        }
                    } else {
                        self.groups += 1;
                        let idx = self.groups;
                        let inner = self.alternation(*flags, depth + 1)?;
                        self.close()?;
                        items.push(Ast::Group(Box::new(inner), Some(idx)));
                    }
                }
                '[' => {
                    self.pos += 1;
                    let (ranges, neg) = self.class()?;
                    items.push(Ast::Class(ranges, neg, flags.icase));
                }
                '.' => {
                    self.pos += 1;
                    items.push(Ast::Any(flags.dotnl));
                }
                '^' => {
                    self.pos += 1;
                    items.push(Ast::Assert(if flags.multiline {
                        AssertKind::LineStart
                    } else {
                        AssertKind::TextStart
                    }));
                }
                '$' => {
                    self.pos += 1;
                    items.push(Ast::Assert(if flags.multiline {
                        AssertKind::LineEnd
                    } else {
                        AssertKind::TextEnd
                    }));
                }
                '\\' => {
                    let a = self.escape(*flags, false)?;
                    match a {
                        Escaped::Ast(a) => items.push(a),
                        Escaped::Quoted(s) => {
                            for ch in s {
                                items.push(Ast::Char(ch, flags.icase));
                            }
                        }
                    }
                }
                _ => {
                    self.pos += 1;
                    items.push(Ast::Char(c, flags.icase));
                }
            }
            repeatable = true;
            last_was_repeat = false;
        }
        Ok(match items.len() {
            0 => Ast::Empty,
            1 => items.pop().unwrap(),
            _ => Ast::Concat(items),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &mut self,
        items: &mut Vec<Ast>,
        min: u32,
        max: Option<u32>,
        flags: &Flags,
        start: usize,
        repeatable: bool,
        last_was_repeat: bool,
    ) -> Result<(), String> {
        let mut greedy = !flags.ungreedy;
        if self.peek() == Some('?') {
            self.pos += 1;
            greedy = !greedy;
        }
        let op: String = self.chars[start..self.pos].iter().collect();
        if last_was_repeat {
            // Go reports the previous operator and this one together.
            return Err(format!("invalid nested repetition operator: `{op}`"));
        }
        if !repeatable || items.is_empty() {
            return Err(format!("missing argument to repetition operator: `{op}`"));
        }
        let last = items.pop().unwrap();
        if matches!(last, Ast::Empty) {
            return Err(format!("missing argument to repetition operator: `{op}`"));
        }
        items.push(Ast::Repeat(Box::new(last), min, max, greedy));
        Ok(())
    }

    /// `{n}`, `{n,}`, `{n,m}` at the current position: (min, max, length).
    fn counted(&self) -> Option<(u32, Option<u32>, usize)> {
        let mut i = self.pos + 1;
        let num = |i: &mut usize| -> Option<u32> {
            let s = *i;
            while self.chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            if *i == s {
                return None;
            }
            let t: String = self.chars[s..*i].iter().collect();
            Some(
                t.parse::<u64>()
                    .map_or(u32::MAX, |v| v.min(u32::MAX as u64) as u32),
            )
        };
        let min = num(&mut i)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            if self.chars.get(i) == Some(&'}') {
                None
            } else {
                Some(num(&mut i)?)
            }
        } else {
            Some(min)
        };
        if self.chars.get(i) != Some(&'}') {
            return None;
        }
        Some((min, max, i + 1 - self.pos))
    }

    fn close(&mut self) -> Result<(), String> {
        if self.peek() == Some(')') {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("missing closing ): `{}`", self.src))
        }
    }

    fn group_flags(&mut self, flags: &Flags) -> Result<GroupKind, String> {
        // At `?` after `(`.
        if self.rest_starts("?P<") || self.rest_starts("?<") {
            let skip = if self.rest_starts("?P<") { 3 } else { 2 };
            if self.rest_starts("?<=") || self.rest_starts("?<!") {
                return Err(self.perl_err());
            }
            let start = self.pos + skip;
            let mut i = start;
            while self.chars.get(i).is_some_and(|c| *c != '>') {
                i += 1;
            }
            if i >= self.chars.len() {
                return Err(self.perl_err());
            }
            let name: String = self.chars[start..i].iter().collect();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!("invalid named capture: `{name}`"));
            }
            self.pos = i + 1;
            return Ok(GroupKind::Named(name));
        }
        self.pos += 1; // `?`
        let mut f = *flags;
        let mut neg = false;
        let mut any = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.perl_err());
            };
            self.pos += 1;
            match c {
                'i' => f.icase = !neg,
                's' => f.dotnl = !neg,
                'm' => f.multiline = !neg,
                'U' => f.ungreedy = !neg,
                '-' if !neg => {
                    neg = true;
                    any = false;
                    continue;
                }
                ':' => {
                    if neg && !any {
                        return Err(self.perl_err());
                    }
                    return Ok(GroupKind::NonCapturing(f));
                }
                ')' => {
                    if !any {
                        return Err(self.perl_err());
                    }
                    return Ok(GroupKind::SetFlags(f));
                }
                _ => return Err(self.perl_err()),
            }
            any = true;
        }
    }

    /// Go shows the group opening: `(?=`, `(?<`, `(?x`.
    fn perl_err(&self) -> String {
        let start = self.chars[..self.pos.min(self.chars.len())]
            .iter()
            .rposition(|c| *c == '(')
            .unwrap_or(0);
        let frag: String = self.chars[start..(start + 3).min(self.chars.len())]
            .iter()
            .collect();
        format!("invalid or unsupported Perl syntax: `{frag}`")
    }

    fn escape(&mut self, flags: Flags, in_class: bool) -> Result<Escaped, String> {
        // At `\`.
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err("trailing backslash at end of expression".into());
        };
        self.pos += 1;
        let bad = |c: char| Err(format!("invalid escape sequence: `\\{c}`"));
        let class =
            |r: &[(char, char)], neg: bool| Ok(Escaped::Ast(Ast::Class(r.to_vec(), neg, false)));
        match c {
            '1'..='7' => {
                // A single non-zero digit is a backreference, which RE2 does not support.
                if !self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                    return bad(c);
                }
                self.octal(c)
            }
            '0' => self.octal(c),
            '8' | '9' => bad(c),
            'a' => Ok(lit('\x07', flags)),
            'f' => Ok(lit('\x0c', flags)),
            't' => Ok(lit('\t', flags)),
            'n' => Ok(lit('\n', flags)),
            'r' => Ok(lit('\r', flags)),
            'v' => Ok(lit('\x0b', flags)),
            'x' => {
                if self.peek() == Some('{') {
                    let start = self.pos + 1;
                    let mut i = start;
                    while self.chars.get(i).is_some_and(char::is_ascii_hexdigit) {
                        i += 1;
                    }
                    if i == start || self.chars.get(i) != Some(&'}') {
                        return bad(c);
                    }
                    let h: String = self.chars[start..i].iter().collect();
                    self.pos = i + 1;
                    let v = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32);
                    return v
                        .map(|ch| lit(ch, flags))
                        .ok_or_else(|| "invalid escape sequence: `\\x`".into());
                }
                let h: String = self.chars.iter().skip(self.pos).take(2).collect();
                if h.len() != 2 || !h.chars().all(|d| d.is_ascii_hexdigit()) {
                    return bad(c);
                }
                self.pos += 2;
                Ok(lit(
                    u32::from_str_radix(&h, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\0'),
                    flags,
                ))
            }
            'd' => class(DIGIT, false),
            'D' => class(DIGIT, true),
            's' => class(SPACE, false),
            'S' => class(SPACE, true),
            'w' => class(WORD, false),
            'W' => class(WORD, true),
            'p' | 'P' => {
                // Unicode classes: accept the syntax; approximate by "any letter-ish".
                if self.peek() == Some('{') {
                    let mut i = self.pos + 1;
                    while self.chars.get(i).is_some_and(|c| *c != '}') {
                        i += 1;
                    }
                    if i >= self.chars.len() || i == self.pos + 1 {
                        return bad(c);
                    }
                    self.pos = i + 1;
                } else if self.peek().is_some() {
                    self.pos += 1;
                } else {
                    return bad(c);
                }
                Ok(Escaped::Ast(Ast::Class(
                    vec![('\u{80}', char::MAX)],
                    c == 'P',
                    false,
                )))
            }
            'b' | 'B' | 'A' | 'z' if !in_class => Ok(Escaped::Ast(Ast::Assert(match c {
                'b' => AssertKind::WordBoundary,
                'B' => AssertKind::NotWordBoundary,
                'A' => AssertKind::TextStart,
                _ => AssertKind::TextEnd,
            }))),
            'Q' if !in_class => {
                let mut out = Vec::new();
                while self.pos < self.chars.len() {
                    if self.rest_starts("\\E") {
                        self.pos += 2;
                        break;
                    }
                    out.push(self.chars[self.pos]);
                    self.pos += 1;
                }
                Ok(Escaped::Quoted(out))
            }
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(lit(c, flags)),
            c => bad(c),
        }
    }

    fn octal(&mut self, first: char) -> Result<Escaped, String> {
        let mut v = first.to_digit(8).unwrap_or(0);
        for _ in 0..2 {
            match self.peek().and_then(|d| d.to_digit(8)) {
                Some(d) => {
                    v = v * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        Ok(lit(char::from_u32(v).unwrap_or('\0'), Flags::default()))
    }

    /// After `[`: the ranges and whether the class is negated.
    fn class(&mut self) -> Result<(Vec<(char, char)>, bool), String> {
        let mut ranges = Vec::new();
        let neg = if self.peek() == Some('^') {
            self.pos += 1;
            true
        } else {
            false
        };
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(format!("missing closing ]: `{}`", self.src));
            };
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            if c == '[' && self.rest_starts("[:") {
                if let Some(end) = (self.pos + 2..self.chars.len().saturating_sub(1))
                    .find(|&i| self.chars[i] == ':' && self.chars[i + 1] == ']')
                {
                    let name: String = self.chars[self.pos + 2..end].iter().collect();
                    let name = name.trim_start_matches('^');
                    let r = posix_class(name)
                        .ok_or_else(|| format!("invalid character class range: `[:{name}:]`"))?;
                    ranges.extend_from_slice(r);
                    self.pos = end + 2;
                    continue;
                }
            }
            let lo = self.class_char()?;
            let lo = match lo {
                ClassItem::Char(c) => c,
                ClassItem::Set(r, neg) => {
                    // Go reads a `-` after `\d` as a literal.
                    ranges.extend(if neg { negate(&r) } else { r });
                    continue;
                }
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']') {
                self.pos += 1;
                let hi = match self.class_char()? {
                    ClassItem::Char(c) => c,
                    ClassItem::Set(..) => {
                        return Err(format!("invalid character class range: `{lo}-`"));
                    }
                };
                if hi < lo {
                    return Err(format!("invalid character class range: `{lo}-{hi}`"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok((ranges, neg))
    }

    fn class_char(&mut self) -> Result<ClassItem, String> {
        let c = self.peek().unwrap_or('\0');
        if c == '\\' {
            return match self.escape(Flags::default(), true)? {
                Escaped::Ast(Ast::Char(c, _)) => Ok(ClassItem::Char(c)),
                Escaped::Ast(Ast::Class(r, neg, _)) => Ok(ClassItem::Set(r, neg)),
                _ => Err("invalid escape sequence in character class".into()),
            };
        }
        self.pos += 1;
        Ok(ClassItem::Char(c))
    }
}

enum ClassItem {
    Char(char),
    Set(Vec<(char, char)>, bool),
}

enum Escaped {
    Ast(Ast),
    Quoted(Vec<char>),
}

enum GroupKind {
    SetFlags(Flags),
    NonCapturing(Flags),
    Named(String),
}

fn lit(c: char, flags: Flags) -> Escaped {
    Escaped::Ast(Ast::Char(c, flags.icase))
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const SPACE: &[(char, char)] = &[('\t', '\n'), ('\x0c', '\r'), (' ', ' ')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

fn posix_class(name: &str) -> Option<&'static [(char, char)]> {
    Some(match name {
        "alnum" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
        "alpha" => &[('A', 'Z'), ('a', 'z')],
        "ascii" => &[('\0', '\x7f')],
        "blank" => &[('\t', '\t'), (' ', ' ')],
        "cntrl" => &[('\0', '\x1f'), ('\x7f', '\x7f')],
        "digit" => DIGIT,
        "graph" => &[('!', '~')],
        "lower" => &[('a', 'z')],
        "print" => &[(' ', '~')],
        "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "space" => &[('\t', '\r'), (' ', ' ')],
        "upper" => &[('A', 'Z')],
        "word" => WORD,
        "xdigit" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
        _ => return None,
    })
}

fn negate(r: &[(char, char)]) -> Vec<(char, char)> {
    let mut v = r.to_vec();
    v.sort_unstable();
    let mut out = Vec::new();
    let mut next = '\0';
    for (lo, hi) in v {
        if lo > next {
            out.push((next, char::from_u32(lo as u32 - 1).unwrap_or(next)));
        }
        if hi >= next {
            next = char::from_u32(hi as u32 + 1).unwrap_or(char::MAX);
        }
    }
    if next < char::MAX {
        out.push((next, char::MAX));
    }
    out
}
