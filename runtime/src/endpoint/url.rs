//! `parseURL`.

use super::value::Value;
use std::collections::BTreeMap;

/// The parts of a URL that `parseURL` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// `http` or `https` (lower-cased).
    pub scheme: String,
    /// The authority as written: host, and port and user info if given.
    pub authority: String,
    /// The path as written; may be empty.
    pub path: String,
    /// The path beginning and ending with `/` (`/` for an empty path).
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

impl ParsedUrl {
    /// The record `parseURL` returns: `scheme`, `authority`, `path`,
    /// `normalizedPath`, `isIp`.
    pub fn to_value(&self) -> Value {
        let s = |v: &str| Value::String(v.to_owned());
        Value::Record(BTreeMap::from([
            ("scheme".to_owned(), s(&self.scheme)),
            ("authority".to_owned(), s(&self.authority)),
            ("path".to_owned(), s(&self.path)),
            ("normalizedPath".to_owned(), s(&self.normalized_path)),
            ("isIp".to_owned(), Value::Bool(self.is_ip)),
        ]))
    }
}

/// `parseURL(value)`: parses an `http`/`https` URL. Returns `None` for any
/// other scheme, for a URL with a query string (even an empty one), for a
/// missing host, a non-numeric port, or whitespace and control characters.
/// A fragment is ignored.
pub fn parse_url(value: &str) -> Option<ParsedUrl> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let before_fragment = tail.split('#').next().unwrap_or("");
    if before_fragment.contains('?') {
        return None;
    }
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        let (addr, after) = v6.split_once(']')?;
        if addr.is_empty()
            || !addr
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (host_port, port)
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() || host.contains(['[', ']']) && !host.starts_with('[') {
        return None;
    }
    if port.is_some_and(|p| p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let is_ip = host.starts_with('[') || is_ipv4(host);
    let path = before_fragment.to_owned();
    let normalized_path = if path.is_empty() {
        "/".to_owned()
    } else {
        let mut n = String::with_capacity(path.len() + 2);
        if !path.starts_with('/') {
            n.push('/');
        }
        n.push_str(&path);
        if !path.ends_with('/') {
            n.push('/');
        }
        n
    };
    Some(ParsedUrl {
        scheme,
        authority: authority.to_owned(),
        path,
        normalized_path,
        is_ip,
    })
}

/// Whether `host` is a dotted-quad IPv4 address (four decimal numbers 0..=255).
fn is_ipv4(host: &str) -> bool {
    let mut groups = 0;
    for group in host.split('.') {
        let ok = !group.is_empty()
            && group.len() <= 3
            && group.bytes().all(|b| b.is_ascii_digit())
            && group.parse::<u16>().is_ok_and(|n| n <= 255);
        if !ok {
            return false;
        }
        groups += 1;
    }
    groups == 4
}
