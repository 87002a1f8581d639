//! Typed readers for the traits the generator acts on. The loader calls
//! [`check`] on every trait map, so later stages can read values without
//! handling malformed ones again.

use serde_json::Value;

use super::Traits;

pub const DOCUMENTATION: &str = "smithy.api#documentation";
pub const REQUIRED: &str = "smithy.api#required";
pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
pub const LENGTH: &str = "smithy.api#length";
pub const PATTERN: &str = "smithy.api#pattern";
pub const RANGE: &str = "smithy.api#range";
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
pub const ERROR: &str = "smithy.api#error";
pub const HTTP_ERROR: &str = "smithy.api#httpError";
pub const HTTP: &str = "smithy.api#http";
pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const SPARSE: &str = "smithy.api#sparse";
pub const TITLE: &str = "smithy.api#title";
pub const AWS_SERVICE: &str = "aws.api#service";
pub const SIGV4: &str = "aws.auth#sigv4";
pub const REST_JSON1: &str = "aws.protocols#restJson1";
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const DEFAULT: &str = "smithy.api#default";
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
pub const STREAMING: &str = "smithy.api#streaming";

/// `length` bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// `range` bounds, kept as JSON numbers: integers stay exact.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Range {
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
}

/// The `http` trait of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

/// The value of `enumValue`: a string for `enum`, an integer for `intEnum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

pub fn has(traits: &Traits, id: &str) -> bool {
    traits.contains_key(id)
}

/// The `documentation` trait, unless it has no text (`<p></p>`, which
/// models have): such an item gets the generator's own line instead.
pub fn documentation(traits: &Traits) -> Option<&str> {
    traits
        .get(DOCUMENTATION)
        .and_then(Value::as_str)
        .filter(|html| has_text(html))
}

/// Whether HTML has any text outside its tags.
pub fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        c => !in_tag && !c.is_whitespace(),
    })
}

pub fn string<'a>(traits: &'a Traits, id: &str) -> Option<&'a str> {
    traits.get(id).and_then(Value::as_str)
}

pub fn length(traits: &Traits) -> Option<Length> {
    let value = traits.get(LENGTH)?;
    Some(Length {
        min: value.get("min").and_then(Value::as_u64),
        max: value.get("max").and_then(Value::as_u64),
    })
}

pub fn range(traits: &Traits) -> Option<Range> {
    let value = traits.get(RANGE)?;
    let number = |key| match value.get(key) {
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    };
    Some(Range {
        min: number("min"),
        max: number("max"),
    })
}

pub fn pattern(traits: &Traits) -> Option<&str> {
    string(traits, PATTERN)
}

pub fn http(traits: &Traits) -> Option<Http> {
    let value = traits.get(HTTP)?;
    Some(Http {
        method: value.get("method")?.as_str()?.to_owned(),
        uri: value.get("uri")?.as_str()?.to_owned(),
        code: value
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(200),
    })
}

pub fn http_error(traits: &Traits) -> Option<u16> {
    traits
        .get(HTTP_ERROR)
        .and_then(Value::as_u64)
        .and_then(|code| u16::try_from(code).ok())
}

pub fn enum_value(traits: &Traits) -> Option<EnumValue> {
    match traits.get(ENUM_VALUE)? {
        Value::String(s) => Some(EnumValue::String(s.clone())),
        Value::Number(n) => n.as_i64().map(EnumValue::Int),
        _ => None,
    }
}

/// Checks the values of the traits this module reads; `Err` names the trait
/// and what is wrong with it.
pub fn check(traits: &Traits) -> Result<(), (String, String)> {
    for (id, value) in traits {
        let problem = match id.as_str() {
            TIMESTAMP_FORMAT => match value.as_str() {
                Some("date-time" | "http-date" | "epoch-seconds") => None,
                _ => Some("expected \"date-time\", \"http-date\" or \"epoch-seconds\"".to_owned()),
            },
            DEPRECATED => match value.as_object() {
                Some(object)
                    if ["message", "since"]
                        .iter()
                        .all(|key| object.get(*key).is_none_or(Value::is_string)) =>
                {
                    None
                }
                _ => Some("expected an object with string `message` and `since`".to_owned()),
            },
            DOCUMENTATION | PATTERN | JSON_NAME | TITLE | MEDIA_TYPE => {
                (!value.is_string()).then(|| "expected a string".to_owned())
            }
            LENGTH => check_bounds(value, |n| n.is_u64(), "a non-negative integer"),
            RANGE => check_bounds(value, |_| true, "a number"),
            HTTP_ERROR => match value.as_u64() {
                Some(100..=599) => None,
                _ => Some("expected an HTTP status code from 100 to 599".to_owned()),
            },
            ERROR => match value.as_str() {
                Some("client" | "server") => None,
                _ => Some("expected \"client\" or \"server\"".to_owned()),
            },
            ENUM_VALUE => (!value.is_string() && !value.is_i64())
                .then(|| "expected a string or an integer".to_owned()),
            HTTP => check_http(value),
            _ => super::test_cases::check(id, value),
        };
        if let Some(problem) = problem {
            return Err((id.clone(), problem));
        }
    }
    Ok(())
}

/// Why `pattern` is not an ECMAScript regular expression, if it is not.
///
/// Tried as `smithy_runtime::Pattern` compiles it (a test holds the two to
/// the same answer): a leading Java-style `(?s)`, which some AWS models
/// use, as the `s` flag; with the `u` flag first (AWS models use Unicode
/// property escapes such as `\p{L}`), then in legacy syntax (which allows
/// escapes such as `\_` that `u` rejects).
pub fn pattern_problem(pattern: &str) -> Option<String> {
    let anchored = pattern.starts_with('^');
    let (source, flags) = match pattern
        .strip_prefix('^')
        .unwrap_or(pattern)
        .strip_prefix("(?s)")
    {
        Some(rest) if anchored => (format!("^{rest}"), "s"),
        Some(rest) => (rest.to_owned(), "s"),
        None => (pattern.to_owned(), ""),
    };
    regress::Regex::with_flags(&source, format!("u{flags}").as_str())
        .or_else(|_| regress::Regex::with_flags(&source, flags))
        .err()
        .map(|e| e.to_string())
}

fn check_bounds(
    value: &Value,
    valid: impl Fn(&serde_json::Number) -> bool,
    what: &str,
) -> Option<String> {
    let Some(object) = value.as_object() else {
        return Some("expected an object with `min` and/or `max`".to_owned());
    };
    for key in ["min", "max"] {
        match object.get(key) {
            None => {}
            Some(Value::Number(n)) if valid(n) => {}
            Some(other) => return Some(format!("`{key}` must be {what}, found {other}")),
        }
    }
    None
}

fn check_http(value: &Value) -> Option<String> {
    let method = value.get("method").and_then(Value::as_str);
    let uri = value.get("uri").and_then(Value::as_str);
    match (method, uri) {
        (None, _) => Some("`method` is missing or not a string".to_owned()),
        (_, None) => Some("`uri` is missing or not a string".to_owned()),
        (Some(method), _)
            if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            Some(format!("`method` {method:?} is not an HTTP method"))
        }
        (_, Some(uri)) => check_uri(uri).err(),
    }
    .or_else(|| match value.get("code") {
        None => None,
        Some(code) if matches!(code.as_u64(), Some(100..=599)) => None,
        Some(code) => Some(format!("`code` {code} is not an HTTP status code")),
    })
}

/// A URI pattern starts with `/`, and its labels are `{name}` or a final
/// greedy `{name+}`, with no braces elsewhere.
fn check_uri(uri: &str) -> Result<(), String> {
    if !uri.starts_with('/') {
        return Err(format!("`uri` {uri:?} must start with '/'"));
    }
    let path = uri.split_once('?').map_or(uri, |(path, _)| path);
    for segment in path.split('/') {
        if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let name = inner.strip_suffix('+').unwrap_or(inner);
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("`uri` {uri:?} has a bad label {segment:?}"));
            }
        } else if segment.contains(['{', '}']) {
            return Err(format!(
                "`uri` {uri:?} has a label that is not a whole segment: {segment:?}"
            ));
        }
    }
    Ok(())
}
