//! The parsed form of a pattern and the compiled program, shared by the parser and the
//! matcher.

/// Largest repeat count RE2 accepts in `{n,m}`.
pub(super) const MAX_REPEAT: u32 = 1000;
/// Programs larger than this are valid but not run (matching returns `None`).
pub(super) const MAX_PROGRAM: usize = 20_000;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Ast {
    Empty,
    Char(char, bool),
    Any(bool),
    Class(Vec<(char, char)>, bool, bool),
    Group(Box<Ast>, Option<usize>),
    Concat(Vec<Ast>),
    Alt(Vec<Ast>),
    Repeat(Box<Ast>, u32, Option<u32>, bool),
    Assert(AssertKind),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum AssertKind {
    TextStart,
    TextEnd,
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Flags {
    pub(super) icase: bool,
    pub(super) dotnl: bool,
    pub(super) multiline: bool,
    pub(super) ungreedy: bool,
}

#[derive(Clone, Debug)]
pub(super) enum Inst {
    Char(char, bool),
    Any(bool),
    Class(Vec<(char, char)>, bool, bool),
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Assert(AssertKind),
    Match,
}

/// A parsed pattern: its tree, the number of groups, and the named groups.
pub(super) type Parsed = (Ast, usize, Vec<(String, usize)>);

/// Submatch positions of a match (`None` for groups that did not take part).
pub(super) type Captures = Vec<Option<(usize, usize)>>;
