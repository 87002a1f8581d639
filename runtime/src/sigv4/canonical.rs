//! The pieces of the canonical request: path, query string and headers.

use std::borrow::Cow;

use super::SigningError;

/// The canonical URI: the path, optionally normalized (RFC 3986 dot segments
/// removed, empty segments collapsed), then optionally URI-encoded once more.
///
/// `path` is taken as the string the signer is given: for a request built
/// with [`http::Uri`] that is the path as it goes on the wire, already
/// percent-encoded once, so with `double_encode` a `%` becomes `%25` (what
/// every AWS service except S3 expects). Without `double_encode` the path is
/// used as it is.
pub(crate) fn canonical_path(path: &str, normalize: bool, double_encode: bool) -> String {
    let path: Cow<'_, str> = if normalize && is_normalized(path) {
        Cow::Borrowed(path)
    } else if normalize {
        Cow::Owned(normalize_path(path))
    } else if path.is_empty() {
        Cow::Borrowed("/")
    } else {
        Cow::Borrowed(path)
    };
    if double_encode {
        let mut out = String::with_capacity(path.len());
        uri_encode_into(path.as_bytes(), true, &mut out);
        out
    } else {
        path.into_owned()
    }
}

/// Whether [`normalize_path`] would return `path` as it is (most paths of
/// a call): it starts with `/`, and no segment is empty (but the one after
/// a trailing `/`), `.` or `..`.
fn is_normalized(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        if matches!(segment, "." | "..") || (segment.is_empty() && !last) {
            return false;
        }
    }
    true
}

/// Removes `.` segments, resolves `..` segments and collapses repeated
/// slashes. The result always starts with `/` and keeps a trailing `/` when
/// the input had one (and something is left before it).
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() || path.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query string: each `name=value` pair (a pair without `=`
/// has an empty value) percent-decoded (`+` meaning a space, as in
/// `application/x-www-form-urlencoded`), re-encoded with SigV4's rules
/// (everything but `A-Z a-z 0-9 - _ . ~` becomes `%XX`) and sorted by
/// encoded name, then encoded value.
pub(crate) fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (reencode(name), reencode(value))
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn reencode(component: &str) -> String {
    let decoded = percent_decode(component);
    let mut out = String::with_capacity(decoded.len());
    uri_encode_into(&decoded, false, &mut out);
    out
}

/// Decodes `%XX` escapes and `+`. A `%` not followed by two hex digits is
/// kept as it is.
fn percent_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.as_bytes().iter();
    while let Some(&b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let rest = bytes.as_slice();
                match rest {
                    [hi, lo, ..] => match (hex_value(*hi), hex_value(*lo)) {
                        (Some(hi), Some(lo)) => {
                            out.push(hi << 4 | lo);
                            bytes.nth(1);
                        }
                        _ => out.push(b'%'),
                    },
                    _ => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Appends SigV4's URI encoding of `bytes`: unreserved characters as they are,
/// `/` as it is if `keep_slash`, everything else as upper-case `%XX`.
pub(crate) fn uri_encode_into(bytes: &[u8], keep_slash: bool, out: &mut String) {
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                out.push(digit.to_ascii_uppercase());
            }
        }
    }
}

/// Headers that are never signed: hop-by-hop headers a proxy may change or
/// drop, `User-Agent` and the trace header (commonly rewritten in transit) and
/// `Authorization` itself.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

pub(crate) fn is_unsigned_header(lowercase_name: &str) -> bool {
    UNSIGNED_HEADERS.contains(&lowercase_name)
}

/// A header name is a non-empty RFC 9110 token.
pub(crate) fn is_valid_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// A header value for the canonical request: leading and trailing whitespace
/// removed and every inner run of whitespace (including the line breaks of an
/// obsolete folded header) replaced by one space. Values must be UTF-8.
pub(crate) fn canonical_header_value<'a>(
    name: &str,
    value: &'a [u8],
) -> Result<Cow<'a, str>, SigningError> {
    let value = std::str::from_utf8(value).map_err(|_| SigningError::InvalidHeaderValue {
        name: name.to_owned(),
    })?;
    // Most values are canonical already: no whitespace at either end, and
    // none inside but single spaces.
    let bytes = value.as_bytes();
    let folded = bytes.first().is_some_and(u8::is_ascii_whitespace)
        || bytes.last().is_some_and(u8::is_ascii_whitespace)
        || bytes.windows(2).any(|pair| {
            matches!(pair, [before, b] if b.is_ascii_whitespace()
                && (before.is_ascii_whitespace() || *b != b' '))
        });
    if !folded {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    for word in value
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Ok(Cow::Owned(out))
}

/// Canonical headers and the signed-headers list from `(lowercase name,
/// canonical value)` pairs in request order: sorted by name (stably, so
/// repeated headers keep their order) and repeated names joined with `,`.
pub(crate) fn canonical_headers(
    mut headers: Vec<(Cow<'_, str>, Cow<'_, str>)>,
) -> (String, String) {
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    // Sized once: growing them in steps is most of the cost.
    let names: usize = headers.iter().map(|(name, _)| name.len() + 1).sum();
    let values: usize = headers.iter().map(|(_, value)| value.len() + 1).sum();
    let mut canonical = String::with_capacity(names + values);
    let mut signed = String::with_capacity(names);
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        if previous == Some(name.as_ref()) {
            canonical.push(',');
        } else {
            if previous.is_some() {
                canonical.push('\n');
                signed.push(';');
            }
            canonical.push_str(name);
            canonical.push(':');
            signed.push_str(name);
            previous = Some(name);
        }
        canonical.push_str(value);
    }
    if previous.is_some() {
        canonical.push('\n');
    }
    (canonical, signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_normalization() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/b/../c", "/a/c"),
            ("/../..", "/"),
            ("//example//", "/example/"),
            ("/./example", "/example"),
            ("/a/./b/", "/a/b/"),
            ("relative/path", "/relative/path"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_path(input), want, "{input:?}");
            // The shortcut for paths already normal agrees.
            assert_eq!(is_normalized(input), input == want, "{input:?}");
        }
        for input in [
            "/",
            "/a",
            "/a/",
            "/a/b.c/d",
            "/UpdateInfrastructureConfiguration",
        ] {
            assert!(is_normalized(input), "{input:?}");
            assert_eq!(normalize_path(input), input);
        }
        for input in [
            "", "a", "//", "/a//b", "/a/./b", "/a/../b", "/.", "/..", "/a/.",
        ] {
            assert!(!is_normalized(input), "{input:?}");
        }
        // Every path of up to 7 characters of `/`, `.` and `a`: the
        // shortcut says yes exactly when normalizing changes nothing.
        let mut paths = vec![String::new()];
        for _ in 0..7 {
            let longer: Vec<String> = paths
                .iter()
                .flat_map(|p| ['/', '.', 'a'].map(|c| format!("{p}{c}")))
                .collect();
            for path in paths.iter().chain(&longer) {
                assert_eq!(
                    is_normalized(path),
                    normalize_path(path) == *path,
                    "{path:?}"
                );
            }
            paths = longer;
        }
    }

    #[test]
    fn path_encoding() {
        assert_eq!(canonical_path("/a b/ሴ", false, true), "/a%20b/%E1%88%B4");
        assert_eq!(canonical_path("/arn%3Aaws", true, true), "/arn%253Aaws");
        assert_eq!(canonical_path("/arn%3Aaws", true, false), "/arn%3Aaws");
        assert_eq!(canonical_path("//x", false, false), "//x");
        assert_eq!(canonical_path("", false, true), "/");
        assert_eq!(
            canonical_path("/-._~AZaz09!*'()@", false, true),
            "/-._~AZaz09%21%2A%27%28%29%40"
        );
    }

    #[test]
    fn query_canonicalization() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1"), "a=1&b=2");
        assert_eq!(canonical_query("a=2&a=1"), "a=1&a=2");
        assert_eq!(canonical_query("flag&a="), "a=&flag=");
        assert_eq!(canonical_query("&&a=1&"), "a=1");
        assert_eq!(canonical_query("k=a+b%20c"), "k=a%20b%20c");
        assert_eq!(canonical_query("k=%2b%2F"), "k=%2B%2F");
        assert_eq!(canonical_query("k=%zz%4"), "k=%25zz%254");
        assert_eq!(canonical_query("k=%FF%00"), "k=%FF%00");
        assert_eq!(canonical_query("ሴ=x=y"), "%E1%88%B4=x%3Dy");
        assert_eq!(
            canonical_query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
    }

    #[test]
    fn header_values() {
        assert_eq!(
            canonical_header_value("h", b"  a   b\t c  ").unwrap(),
            "a b c"
        );
        assert_eq!(
            canonical_header_value("h", b"value1\n  value2\r\n     value3").unwrap(),
            "value1 value2 value3"
        );
        assert_eq!(canonical_header_value("h", b"   ").unwrap(), "");
        // Every value of up to 6 bytes of ` `, `\t`, `\n`, `\x0c` and `a`:
        // what comes back borrowed is what folding gives.
        let fold = |v: &str| v.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        let mut values = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = values
                .iter()
                .flat_map(|v| [' ', '\t', '\n', '\x0c', 'a'].map(|c| format!("{v}{c}")))
                .collect();
            for value in values.iter().chain(&longer) {
                let got = canonical_header_value("h", value.as_bytes()).unwrap();
                assert_eq!(got, fold(value), "{value:?}");
                assert_eq!(
                    matches!(got, Cow::Borrowed(_)),
                    fold(value) == *value,
                    "{value:?}"
                );
            }
            values = longer;
        }
        assert_eq!(
            canonical_header_value("h", b"\xff"),
            Err(SigningError::InvalidHeaderValue { name: "h".into() })
        );
    }

    #[test]
    fn header_names() {
        assert!(is_valid_header_name("x-amz-date"));
        assert!(!is_valid_header_name(""));
        assert!(!is_valid_header_name("a b"));
        assert!(!is_valid_header_name("a:b"));
        assert!(!is_valid_header_name("a\nb"));
    }

    #[test]
    fn header_block() {
        let (canonical, signed) = canonical_headers(vec![
            ("my-header1".into(), "value4".into()),
            ("host".into(), "example.com".into()),
            ("my-header1".into(), "value1".into()),
        ]);
        assert_eq!(canonical, "host:example.com\nmy-header1:value4,value1\n");
        assert_eq!(signed, "host;my-header1");
        assert_eq!(
            canonical_headers(Vec::new()),
            (String::new(), String::new())
        );
    }
}
