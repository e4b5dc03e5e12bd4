//! Arbitrary bytes as each kind of file: the first byte picks the file name (and so how
//! the core reads it), the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(common::decode_kinds(data));
});
