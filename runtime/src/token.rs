//! Idempotency tokens for members marked `@idempotencyToken`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// What makes the tokens of a client's unset optional `@idempotencyToken`
/// members, set with
/// [`Config::with_idempotency_token_provider`](crate::Config::with_idempotency_token_provider).
pub type SharedTokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

/// Generates a fresh idempotency token: a random version 4 UUID in lowercase
/// hyphenated form, e.g. `3f1c2a9e-7b4d-4c1e-9a2f-0d6e8b5c4a31`.
///
/// Randomness comes from the operating system. If that is unavailable the
/// token is derived from the clock, the process id and a counter instead:
/// weaker, but still unique within a process, and a retry with a duplicated
/// token is far less harmful than refusing to send the request.
pub fn idempotency_token() -> String {
    let mut bytes = [0u8; 16];
    let bits = match getrandom::fill(&mut bytes) {
        Ok(()) => u128::from_be_bytes(bytes),
        Err(_) => fallback_bits(),
    };
    format_v4(bits)
}

/// Stamps the version and variant bits onto `bits` and formats it as a UUID.
fn format_v4(bits: u128) -> String {
    // Version 4 lives in the top nibble of byte 6; the RFC 4122 variant
    // (binary 10) in the top two bits of byte 8.
    const VERSION_MASK: u128 = 0xf << 76;
    const VERSION_4: u128 = 0x4 << 76;
    const VARIANT_MASK: u128 = 0b11 << 62;
    const VARIANT_RFC4122: u128 = 0b10 << 62;
    let bits = (bits & !VERSION_MASK & !VARIANT_MASK) | VERSION_4 | VARIANT_RFC4122;
    // Nibble by nibble, most significant first, a hyphen after the 8th,
    // 12th, 16th and 20th digit (`format!` costs several times as much).
    let mut out = String::with_capacity(36);
    for nibble in 0..32 {
        if matches!(nibble, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        let digit = (bits >> (124 - 4 * nibble)) & 0xf;
        // `digit` is below 16, so it always has a hex digit.
        out.push(char::from_digit(digit as u32, 16).unwrap_or('0'));
    }
    out
}

/// 128 bits that differ on every call within a process and, very likely,
/// between processes.
fn fallback_bits() -> u128 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    // A clock before the epoch is broken but not fatal: the counter alone
    // still keeps tokens distinct within this process.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let pid = u64::from(std::process::id());

    // Truncating the nanoseconds is intended: only their variation matters.
    let high = splitmix64((nanos as u64) ^ pid.rotate_left(32));
    let low = splitmix64(high ^ count);
    (u128::from(high) << 64) | u128::from(low)
}

/// The SplitMix64 finalizer: spreads every input bit over the whole output,
/// so consecutive counters and timestamps give unrelated-looking tokens.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_v4(token: &str) {
        assert_eq!(token.len(), 36, "{token}");
        let chars: Vec<char> = token.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if [8, 13, 18, 23].contains(&i) {
                assert_eq!(*c, '-', "{token}");
            } else {
                assert!(matches!(c, '0'..='9' | 'a'..='f'), "{token}");
            }
        }
        assert_eq!(chars[14], '4', "version nibble of {token}");
        assert!(
            matches!(chars[19], '8' | '9' | 'a' | 'b'),
            "variant of {token}"
        );
    }

    #[test]
    fn token_is_a_lowercase_v4_uuid() {
        for _ in 0..64 {
            assert_v4(&idempotency_token());
        }
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(idempotency_token(), idempotency_token());
    }

    #[test]
    fn format_v4_overrides_version_and_variant_bits() {
        assert_eq!(format_v4(0), "00000000-0000-4000-8000-000000000000");
        assert_eq!(format_v4(u128::MAX), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            format_v4(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
            "01234567-89ab-4def-8123-456789abcdef"
        );
    }

    #[test]
    fn fallback_is_v4_and_unique() {
        let first = format_v4(fallback_bits());
        let second = format_v4(fallback_bits());
        assert_v4(&first);
        assert_v4(&second);
        assert_ne!(first, second);
    }
}
