//! The standard and AWS library functions of the rules engine, as plain Rust
//! functions (the evaluator calls them; they are public so that they can be
//! tested and reused).
//!
//! `parseURL` and `aws.parseArn` are [`parse_url`] and [`parse_arn`];
//! `aws.partition` is [`Partitions::resolve`](super::Partitions::resolve).

pub use super::arn::{Arn, parse_arn};
pub use super::url::{ParsedUrl, parse_url};

/// `substring(input, start, stop, reverse)`: the characters `start..stop` of
/// `input`, counted from the end when `reverse` is true.
///
/// Returns `None` when `input` has any non-ASCII character, when
/// `start >= stop`, when an index is negative or when `stop` is past the end.
pub fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start < 0 || start >= stop {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = input.len();
    if stop > len {
        return None;
    }
    if reverse {
        input.get(len - stop..len - start)
    } else {
        input.get(start..stop)
    }
}

/// `uriEncode(value)`: percent-encodes every byte of the UTF-8 form of
/// `value` except the unreserved characters `A-Z a-z 0-9 - _ . ~`, with
/// upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 0x0f));
        }
    }
    out
}

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is a host
/// label per RFC 1123 (1 to 63 characters, letters, digits and hyphens, not
/// starting with a hyphen). With `allow_sub_domains`, `value` may be several
/// such labels joined by dots, each checked on its own (so no empty label).
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_single_host_label)
    } else {
        is_single_host_label(value)
    }
}

/// The upper-case hex digit of a nibble (`n < 16`).
fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).map_or('0', |c| c.to_ascii_uppercase())
}

fn is_single_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match bytes.first() {
        Some(first) if first.is_ascii_alphanumeric() => {
            bytes.len() <= 63
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether `value`
/// can be an S3 bucket name in a virtual-hosted-style host: 3 to 63
/// characters of lower-case letters, digits and hyphens (and dots when
/// `allow_sub_domains`), beginning and ending with a letter or digit; with
/// dots allowed, no `..`, `.-` or `-.` and not shaped like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bytes = value.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !(3..=63).contains(&bytes.len()) {
        return false;
    }
    match (bytes.first(), bytes.last()) {
        (Some(&f), Some(&l)) if alnum(f) && alnum(l) => {}
        _ => return false,
    }
    if !allow_sub_domains {
        return bytes.iter().all(|&b| alnum(b) || b == b'-');
    }
    let mut last = 0u8;
    for &b in bytes {
        let ok = match b {
            b'.' => last != b'.' && last != b'-',
            b'-' => last != b'.',
            b => alnum(b),
        };
        if !ok {
            return false;
        }
        last = b;
    }
    !looks_like_ipv4(value)
}

/// Whether `host` is four dot-separated groups of ASCII digits.
fn looks_like_ipv4(host: &str) -> bool {
    let mut groups = 0;
    for group in host.split('.') {
        if group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        groups += 1;
    }
    groups == 4
}

/// `split(value, delimiter, limit)`: splits `value` on `delimiter` into at
/// most `limit` parts (`limit <= 0`: no limit). An empty delimiter gives
/// `[value]`.
pub fn split(value: &str, delimiter: &str, limit: i64) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![value.to_owned()];
    }
    match usize::try_from(limit) {
        Ok(n) if n > 0 => value.splitn(n, delimiter).map(str::to_owned).collect(),
        _ => value.split(delimiter).map(str::to_owned).collect(),
    }
}
