//! Parsing inputs one at a time and joining the parts: front ends that have threads parse
//! each input on its own ([`parse_one`], on any thread) and join the parts in order
//! ([`merge`]), which gives the workspace [`Workspace::new`] gives for all the inputs at
//! once, with its secret spans already found.

use crate::secrets;
use crate::workspace::{Input, Workspace};

/// Parses one input on its own (with the files embedded in it), and finds its secret
/// spans while its trees are fresh in the cache.
pub fn parse_one(input: Input) -> Workspace {
    let mut ws = Workspace::new(vec![input]);
    ws.secrets = Some(secrets::secret_spans(&ws));
    ws
}

/// Joins workspaces parsed separately, in order, renumbering their files. The files set
/// aside only among all the files (an Ansible role's variables and templates) have their
/// secret spans found again.
pub fn merge(parts: Vec<Workspace>) -> Workspace {
    let (mut ws, aside) = Workspace::join(parts);
    if let Some(found) = ws.secrets.take() {
        ws.secrets = Some(secrets::found_again(&ws, found, &aside));
    }
    ws
}
