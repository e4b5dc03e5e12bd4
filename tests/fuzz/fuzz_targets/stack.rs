//! Several files at once, so that cross-file rules and the stack model see mutated
//! inputs. Format (what run.sh seeds from real stacks): files separated by NUL bytes,
//! each `path` + newline + text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(common::decode_stack(data));
});
