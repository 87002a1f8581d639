//! The generator on structure-aware mutations of real models.
//!
//! The corpus holds Smithy JSON models (seeded by `fuzz/run.sh` from
//! `model/`, `tests/fixtures/` and a few small published models). The
//! custom mutator parses an input as JSON, applies one to four
//! [`smithy_fuzz::mutate::Mutation`]s chosen with `arbitrary` from bytes
//! drawn from libFuzzer's seed, and writes the model back; the crossover
//! moves shapes of one model into another. Every input, and so every
//! crash artifact, is a model file that `smithy-codegen generate --model`
//! reproduces directly.
#![no_main]

use libfuzzer_sys::{fuzz_crossover, fuzz_mutator, fuzz_target, fuzzer_mutate};
use serde_json::Value;
use smithy_fuzz::mutate;

fuzz_target!(|data: &[u8]| {
    smithy_fuzz::save_input_if_asked(data);
    if let Ok(text) = std::str::from_utf8(data) {
        smithy_fuzz::generate(text);
    }
});

/// xorshift64*: the mutation bytes come from libFuzzer's seed, so a run is
/// reproducible with `-seed=`.
struct Rng(u64);

impl Rng {
    fn new(seed: u32) -> Self {
        Rng(u64::from(seed).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let word = self.next().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

/// Writes `value` into `data` if it fits in `max_size`; its length, or
/// `None` when it does not fit.
fn write_back(value: &Value, data: &mut [u8], max_size: usize) -> Option<usize> {
    let text = serde_json::to_vec(value).ok()?;
    let room = data.len().min(max_size);
    if text.len() > room {
        return None;
    }
    data[..text.len()].copy_from_slice(&text);
    Some(text.len())
}

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng::new(seed);
    // Now and then a byte-level mutation, which can still land inside a
    // string or number and keep the JSON valid.
    if rng.next().is_multiple_of(8) {
        return fuzzer_mutate(data, size, max_size);
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(&data[..size]) else {
        return fuzzer_mutate(data, size, max_size);
    };
    let mut bytes = [0u8; 512];
    rng.bytes(&mut bytes);
    // One to four mutations; `usize::try_from` of a value below 4 cannot fail.
    let count = usize::try_from(rng.next() % 4).unwrap_or(0) + 1;
    mutate::mutate_with(&mut value, &bytes, count);
    write_back(&value, data, max_size).unwrap_or_else(|| fuzzer_mutate(data, size, max_size))
});

fuzz_crossover!(|data1: &[u8], data2: &[u8], out: &mut [u8], seed: u32| {
    let mut rng = Rng::new(seed);
    let (Ok(mut first), Ok(second)) = (
        serde_json::from_slice::<Value>(data1),
        serde_json::from_slice::<Value>(data2),
    ) else {
        return 0;
    };
    let start = usize::try_from(rng.next() % 4096).unwrap_or(0);
    let count = usize::try_from(rng.next() % 8).unwrap_or(0) + 1;
    mutate::cross_over(&mut first, &second, start, count);
    let max = out.len();
    write_back(&first, out, max).unwrap_or(0)
});
