//! The IDL reader on arbitrary bytes, then the generator on what it reads:
//! scan, parse, lower to the JSON AST, flatten mixins, check, resolve and
//! render. Any `Err` is fine; a panic, stack overflow, out-of-memory or
//! hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    smithy_fuzz::save_input_if_asked(data);
    if let Ok(text) = std::str::from_utf8(data) {
        smithy_fuzz::generate_idl(text);
    }
});
