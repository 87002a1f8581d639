//! Trait ids, the typed values they parse into, and the readers that
//! [`trait_set::parse`](super::trait_set::parse) runs once per shape and
//! member: `check` first, so the readers need not handle malformed
//! values again.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Traits;
use super::trait_set::Number;

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
pub const AWS_JSON1_0: &str = "aws.protocols#awsJson1_0";
pub const AWS_JSON1_1: &str = "aws.protocols#awsJson1_1";
pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
pub const REST_XML: &str = "aws.protocols#restXml";
pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
pub const XML_NAME: &str = "smithy.api#xmlName";
pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const DEFAULT: &str = "smithy.api#default";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
pub const STREAMING: &str = "smithy.api#streaming";
pub const ENDPOINT: &str = "smithy.api#endpoint";
pub const HOST_LABEL: &str = "smithy.api#hostLabel";
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
pub const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
pub const LEGACY_ENUM: &str = "smithy.api#enum";
pub const PAGINATED: &str = "smithy.api#paginated";
pub const WAITABLE: &str = "smithy.waiters#waitable";
pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";

/// An AWS wire protocol, from the service's protocol trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `aws.protocols#restXml`.
    RestXml,
}

impl Protocol {
    /// Every protocol, in the order a service declaring several is given
    /// the first (the AWS SDKs prefer the JSON protocols).
    pub const ALL: [Protocol; 6] = [
        Protocol::RestJson1,
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestXml,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
    ];

    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => REST_JSON1,
            Protocol::AwsJson1_0 => AWS_JSON1_0,
            Protocol::AwsJson1_1 => AWS_JSON1_1,
            Protocol::AwsQuery => AWS_QUERY,
            Protocol::Ec2Query => EC2_QUERY,
            Protocol::RestXml => REST_XML,
        }
    }

    /// The protocol's name as Smithy writes it (`awsJson1_0`).
    pub fn name(self) -> &'static str {
        self.trait_id()
            .strip_prefix("aws.protocols#")
            .unwrap_or(self.trait_id())
    }

    /// Whether members are bound to HTTP by the `http*` traits (else the
    /// whole input is the body and the operation's `http` trait is unused).
    pub fn binds_http(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether it is one of the AWS query protocols (form requests, XML
    /// responses).
    pub fn is_query(self) -> bool {
        matches!(self, Protocol::AwsQuery | Protocol::Ec2Query)
    }

    /// Whether JSON bodies use `jsonName` (only restJson1 does).
    pub fn uses_json_name(self) -> bool {
        self == Protocol::RestJson1
    }
}

/// The protocols a service declares, in [`Protocol::ALL`]'s order.
pub(super) fn protocols(traits: &Traits) -> Vec<Protocol> {
    Protocol::ALL
        .into_iter()
        .filter(|p| has(traits, p.trait_id()))
        .collect()
}

/// `aws.protocols#awsQueryError`: the code a query protocol sends for an
/// error, and its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub code: String,
    pub status: Option<u16>,
}

pub(super) fn query_error(traits: &Traits) -> Option<QueryError> {
    let value = traits.get(AWS_QUERY_ERROR)?;
    Some(QueryError {
        code: value.get("code")?.as_str()?.to_owned(),
        status: value
            .get("httpResponseCode")
            .and_then(Value::as_u64)
            .and_then(|code| u16::try_from(code).ok()),
    })
}

/// What a member says of its XML (and query) form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Xml {
    /// `@xmlName`: the element (or attribute) name, and the query key.
    pub name: Option<String>,
    /// `@xmlFlattened`: a list's or map's entries are the member's own
    /// repeated elements, with no wrapper.
    pub flattened: bool,
    /// `@xmlAttribute`: an attribute of the enclosing element.
    pub attribute: bool,
    /// `@xmlNamespace`.
    pub namespace: Option<XmlNamespace>,
    /// `@ec2QueryName`: ec2Query's key for the member.
    pub ec2_query_name: Option<String>,
}

/// `@xmlNamespace`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

/// The XML traits of a member (the loader checked their shapes).
pub(super) fn xml(traits: &Traits) -> Xml {
    Xml {
        name: string(traits, XML_NAME).map(str::to_owned),
        flattened: has(traits, XML_FLATTENED),
        attribute: has(traits, XML_ATTRIBUTE),
        namespace: traits.get(XML_NAMESPACE).and_then(|value| {
            Some(XmlNamespace {
                uri: value.get("uri")?.as_str()?.to_owned(),
                prefix: value
                    .get("prefix")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
        }),
        ec2_query_name: string(traits, EC2_QUERY_NAME).map(str::to_owned),
    }
}

/// `length` bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// `range` bounds: integers stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    pub min: Option<Number>,
    pub max: Option<Number>,
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

pub(super) fn has(traits: &Traits, id: &str) -> bool {
    traits.contains_key(id)
}

/// The `documentation` trait, unless it has no text (`<p></p>`, which
/// models have): such an item gets the generator's own line instead.
pub(super) fn documentation(traits: &Traits) -> Option<&str> {
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

pub(super) fn string<'a>(traits: &'a Traits, id: &str) -> Option<&'a str> {
    traits.get(id).and_then(Value::as_str)
}

pub(super) fn length(traits: &Traits) -> Option<Length> {
    let value = traits.get(LENGTH)?;
    Some(Length {
        min: value.get("min").and_then(Value::as_u64),
        max: value.get("max").and_then(Value::as_u64),
    })
}

pub(super) fn range(traits: &Traits) -> Option<Range> {
    let value = traits.get(RANGE)?;
    let number = |key| match value.get(key) {
        Some(Value::Number(n)) => Some(Number::of(n)),
        _ => None,
    };
    Some(Range {
        min: number("min"),
        max: number("max"),
    })
}

pub(super) fn http(traits: &Traits) -> Option<Http> {
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

pub(super) fn http_error(traits: &Traits) -> Option<u16> {
    traits
        .get(HTTP_ERROR)
        .and_then(Value::as_u64)
        .and_then(|code| u16::try_from(code).ok())
}

pub(super) fn enum_value(traits: &Traits) -> Option<EnumValue> {
    match traits.get(ENUM_VALUE)? {
        Value::String(s) => Some(EnumValue::String(s.clone())),
        Value::Number(n) => n.as_i64().map(EnumValue::Int),
        _ => None,
    }
}

/// Checks the values of the traits this module reads; `Err` names the trait
/// and what is wrong with it.
pub(super) fn check(traits: &Traits) -> Result<(), (String, String)> {
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
            REQUEST_COMPRESSION => request_compression_of(value).err(),
            _ => super::test_cases::check(id, value),
        };
        let problem = problem.or_else(|| check_endpoint_trait(id, value).err());
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

fn check_endpoint_trait(id: &str, value: &Value) -> Result<(), String> {
    match id {
        ENDPOINT => host_prefix_of(value).map(drop),
        CONTEXT_PARAM => context_param_of(value).map(drop),
        STATIC_CONTEXT_PARAMS => static_context_params_of(value).map(drop),
        OPERATION_CONTEXT_PARAMS => operation_context_params_of(value).map(drop),
        CLIENT_CONTEXT_PARAMS => client_context_params_of(value).map(drop),
        ENDPOINT_RULE_SET => rule_set_parameters_of(value).map(drop),
        _ => Ok(()),
    }
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

/// The `requestCompression` trait's encodings, lowercased (Smithy compares
/// them case-insensitively), in the model's order of preference.
pub(super) fn request_compression(traits: &Traits) -> Option<Vec<String>> {
    traits
        .get(REQUEST_COMPRESSION)
        .and_then(|v| request_compression_of(v).ok())
}

fn request_compression_of(value: &Value) -> Result<Vec<String>, String> {
    const EXPECTED: &str = "expected an object with `encodings`, a list of strings";
    let encodings = value
        .get("encodings")
        .and_then(Value::as_array)
        .ok_or(EXPECTED)?;
    encodings
        .iter()
        .map(|e| {
            e.as_str()
                .map(str::to_ascii_lowercase)
                .ok_or(EXPECTED.to_owned())
        })
        .collect()
}

/// A piece of an `@endpoint(hostPrefix)` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text put before the host as written, e.g. `api.`.
    Literal(String),
    /// `{name}`: the value of the input's `@hostLabel` member `name`.
    Label(String),
}

/// The `endpoint` trait's `hostPrefix`, split into literal text and labels.
pub(super) fn host_prefix(traits: &Traits) -> Option<Vec<HostPrefixPart>> {
    traits.get(ENDPOINT).and_then(|v| host_prefix_of(v).ok())
}

/// Parses a `hostPrefix`: literal text is host characters (letters,
/// digits, `-`, `.`), labels are `{name}` with a member name inside, and
/// two labels are never adjacent (Smithy's rules for the trait).
fn host_prefix_of(value: &Value) -> Result<Vec<HostPrefixPart>, String> {
    let prefix = value
        .get("hostPrefix")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
        .ok_or("expected an object with a non-empty string `hostPrefix`")?;
    let mut parts = Vec::new();
    let mut rest = prefix;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let (name, tail) = after
                .split_once('}')
                .ok_or_else(|| format!("`hostPrefix` {prefix:?} has an unclosed label"))?;
            let valid_name = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid_name {
                return Err(format!(
                    "`hostPrefix` {prefix:?} has a bad label {{{name}}}"
                ));
            }
            if matches!(parts.last(), Some(HostPrefixPart::Label(_))) {
                return Err(format!("`hostPrefix` {prefix:?} has adjacent labels"));
            }
            parts.push(HostPrefixPart::Label(name.to_owned()));
            rest = tail;
        } else {
            let end = rest.find('{').unwrap_or(rest.len());
            let (text, tail) = rest.split_at(end);
            if let Some(bad) = text
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
            {
                return Err(format!(
                    "`hostPrefix` {prefix:?} has {bad:?}, which cannot be part of a host"
                ));
            }
            parts.push(HostPrefixPart::Literal(text.to_owned()));
            rest = tail;
        }
    }
    Ok(parts)
}

/// The rule-set parameter a `@contextParam` member binds.
pub(super) fn context_param(traits: &Traits) -> Option<&str> {
    traits
        .get(CONTEXT_PARAM)
        .and_then(|v| context_param_of(v).ok())
}

fn context_param_of(value: &Value) -> Result<&str, String> {
    value
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| "expected an object with a non-empty string `name`".to_owned())
}

/// A `staticContextParams` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticValue {
    Bool(bool),
    String(String),
    Strings(Vec<String>),
}

/// An operation's `staticContextParams`: parameter name to value.
pub(super) fn static_context_params(traits: &Traits) -> Vec<(String, StaticValue)> {
    traits
        .get(STATIC_CONTEXT_PARAMS)
        .and_then(|v| static_context_params_of(v).ok())
        .unwrap_or_default()
}

fn static_context_params_of(value: &Value) -> Result<Vec<(String, StaticValue)>, String> {
    let object = value.as_object().ok_or("expected an object")?;
    object
        .iter()
        .map(|(name, definition)| {
            let bad = || {
                format!(
                    "`{name}`: expected {{\"value\": a string, a boolean or a list of strings}}"
                )
            };
            let value = match definition.get("value").ok_or_else(bad)? {
                Value::Bool(b) => StaticValue::Bool(*b),
                Value::String(s) => StaticValue::String(s.clone()),
                Value::Array(items) => StaticValue::Strings(
                    items
                        .iter()
                        .map(|i| i.as_str().map(str::to_owned))
                        .collect::<Option<_>>()
                        .ok_or_else(bad)?,
                ),
                _ => return Err(bad()),
            };
            Ok((name.clone(), value))
        })
        .collect()
}

/// One step of an `operationContextParams` path, members by their names in
/// the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// An identifier: a member of a structure.
    Field(String),
    /// `[*]`: a projection over a list.
    Project,
    /// `[]`: a list's nested lists flattened, then projected.
    Flatten,
}

/// An `operationContextParams` path: its steps, and whether it is
/// `keys(...)` of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextPath {
    pub text: String,
    pub steps: Vec<PathStep>,
    pub keys: bool,
}

/// An operation's `operationContextParams`: parameter name to path.
pub(super) fn operation_context_params(traits: &Traits) -> Vec<(String, ContextPath)> {
    traits
        .get(OPERATION_CONTEXT_PARAMS)
        .and_then(|v| operation_context_params_of(v).ok())
        .unwrap_or_default()
}

fn operation_context_params_of(value: &Value) -> Result<Vec<(String, ContextPath)>, String> {
    let object = value.as_object().ok_or("expected an object")?;
    object
        .iter()
        .map(|(name, definition)| {
            let path = definition
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("`{name}`: expected {{\"path\": a string}}"))?;
            let parsed =
                parse_context_path(path).map_err(|e| format!("`{name}`: path {path:?}: {e}"))?;
            Ok((name.clone(), parsed))
        })
        .collect()
}

/// Parses the part of JMESPath the generator supports in
/// `operationContextParams`: identifiers joined by `.`, `[*]` and `[]`
/// after any of them, and `keys(...)` around the whole path. (Smithy also
/// allows multi-select lists and `*` over objects; no published model uses
/// them.)
fn parse_context_path(path: &str) -> Result<ContextPath, String> {
    let trimmed = path.trim();
    let (inner, keys) = match trimmed
        .strip_prefix("keys(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(inner) => (inner.trim(), true),
        None => (trimmed, false),
    };
    let mut steps = Vec::new();
    let mut rest = inner;
    let mut expect_identifier = true;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("[*]") {
            if expect_identifier {
                return Err("`[*]` must follow a member".to_owned());
            }
            steps.push(PathStep::Project);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("[]") {
            if expect_identifier {
                return Err("`[]` must follow a member".to_owned());
            }
            steps.push(PathStep::Flatten);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix('.') {
            if expect_identifier {
                return Err("`.` must follow a member".to_owned());
            }
            expect_identifier = true;
            rest = tail;
        } else if expect_identifier {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let (name, tail) = rest.split_at(end);
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(format!(
                    "unsupported expression at {rest:?} (the generator supports members, `.`, `[*]`, `[]` and keys())"
                ));
            }
            steps.push(PathStep::Field(name.to_owned()));
            expect_identifier = false;
            rest = tail;
        } else {
            return Err(format!(
                "unsupported expression at {rest:?} (the generator supports members, `.`, `[*]`, `[]` and keys())"
            ));
        }
    }
    if steps.is_empty() || expect_identifier {
        return Err("the path must end with a member, `[*]` or `[]`".to_owned());
    }
    Ok(ContextPath {
        text: path.to_owned(),
        steps,
        keys,
    })
}

/// A `clientContextParams` entry: a rule-set parameter clients may set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientContextParam {
    pub name: String,
    /// `string` or `boolean`.
    pub ty: String,
    pub docs: Option<String>,
}

/// The service's `clientContextParams`.
pub(super) fn client_context_params(traits: &Traits) -> Vec<ClientContextParam> {
    traits
        .get(CLIENT_CONTEXT_PARAMS)
        .and_then(|v| client_context_params_of(v).ok())
        .unwrap_or_default()
}

fn client_context_params_of(value: &Value) -> Result<Vec<ClientContextParam>, String> {
    let object = value.as_object().ok_or("expected an object")?;
    object
        .iter()
        .map(|(name, definition)| {
            let ty = definition
                .get("type")
                .and_then(Value::as_str)
                .filter(|t| matches!(*t, "string" | "boolean"))
                .ok_or_else(|| format!("`{name}`: `type` must be \"string\" or \"boolean\""))?;
            Ok(ClientContextParam {
                name: name.clone(),
                ty: ty.to_owned(),
                docs: definition
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
        })
        .collect()
}

/// The type of an endpoint rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleParamType {
    String,
    Boolean,
    StringArray,
}

/// The parameters `smithy.rules#endpointRuleSet` declares, with their
/// types (written in any case, as models do: `String`, `string`).
pub(super) fn rule_set_parameters(traits: &Traits) -> BTreeMap<String, RuleParamType> {
    traits
        .get(ENDPOINT_RULE_SET)
        .and_then(|v| rule_set_parameters_of(v).ok())
        .unwrap_or_default()
}

fn rule_set_parameters_of(value: &Value) -> Result<BTreeMap<String, RuleParamType>, String> {
    let Some(parameters) = value.get("parameters") else {
        return Ok(BTreeMap::new());
    };
    let parameters = parameters
        .as_object()
        .ok_or("`parameters` must be an object")?;
    parameters
        .iter()
        .map(|(name, definition)| {
            let ty = definition
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let ty = if ty.eq_ignore_ascii_case("string") {
                RuleParamType::String
            } else if ty.eq_ignore_ascii_case("boolean") {
                RuleParamType::Boolean
            } else if ty.eq_ignore_ascii_case("stringArray") {
                RuleParamType::StringArray
            } else {
                return Err(format!(
                    "parameter `{name}`: `type` must be \"string\", \"boolean\" or \"stringArray\""
                ));
            };
            Ok((name.clone(), ty))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn host_prefixes_split_into_literals_and_labels() {
        let parts = host_prefix_of(&json!({"hostPrefix": "foo.{label}-x.{other}."})).unwrap();
        assert_eq!(
            parts,
            [
                HostPrefixPart::Literal("foo.".to_owned()),
                HostPrefixPart::Label("label".to_owned()),
                HostPrefixPart::Literal("-x.".to_owned()),
                HostPrefixPart::Label("other".to_owned()),
                HostPrefixPart::Literal(".".to_owned()),
            ]
        );
        for (bad, why) in [
            (json!({"hostPrefix": ""}), "non-empty"),
            (json!({}), "non-empty"),
            (json!({"hostPrefix": "{a}{b}."}), "adjacent"),
            (json!({"hostPrefix": "{a."}), "unclosed"),
            (json!({"hostPrefix": "{}."}), "bad label"),
            (json!({"hostPrefix": "a/b."}), "cannot be part of a host"),
            (
                json!({"hostPrefix": "https://a."}),
                "cannot be part of a host",
            ),
        ] {
            let error = host_prefix_of(&bad).unwrap_err();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn request_compression_encodings_are_lowercased_and_checked() {
        let traits: Traits = [(
            REQUEST_COMPRESSION.to_owned(),
            json!({"encodings": ["GZip", "zstd"]}),
        )]
        .into_iter()
        .collect();
        assert_eq!(
            request_compression(&traits),
            Some(vec!["gzip".to_owned(), "zstd".to_owned()])
        );
        assert_eq!(request_compression(&Traits::new()), None);
        for bad in [
            json!({}),
            json!({"encodings": "gzip"}),
            json!({"encodings": [1]}),
        ] {
            let traits: Traits = [(REQUEST_COMPRESSION.to_owned(), bad.clone())]
                .into_iter()
                .collect();
            let (id, why) = check(&traits).unwrap_err();
            assert_eq!(id, REQUEST_COMPRESSION);
            assert!(why.contains("`encodings`"), "{bad}: {why}");
        }
    }

    #[test]
    fn context_paths_parse_the_supported_subset() {
        let path = parse_context_path("Delete.Objects[*].Key").unwrap();
        assert_eq!(
            path.steps,
            [
                PathStep::Field("Delete".to_owned()),
                PathStep::Field("Objects".to_owned()),
                PathStep::Project,
                PathStep::Field("Key".to_owned()),
            ]
        );
        assert!(!path.keys);
        let path = parse_context_path("keys(nested.map)").unwrap();
        assert!(path.keys);
        assert_eq!(path.steps.len(), 2);
        let path = parse_context_path("lists[*][]").unwrap();
        assert_eq!(path.steps[1..], [PathStep::Project, PathStep::Flatten]);
        for bad in [
            "",
            "a.",
            ".a",
            "[*]",
            "a[0]",
            "a.*.b",
            "a[*].[b, c]",
            "length(a)",
            "a || b",
        ] {
            assert!(parse_context_path(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn endpoint_traits_are_checked_where_they_are_loaded() {
        let traits = |id: &str, value: Value| Traits::from([(id.to_owned(), value)]);
        let bad = [
            traits(CONTEXT_PARAM, json!({"name": 1})),
            traits(STATIC_CONTEXT_PARAMS, json!({"P": {"value": 1}})),
            traits(STATIC_CONTEXT_PARAMS, json!({"P": {"value": ["a", 1]}})),
            traits(OPERATION_CONTEXT_PARAMS, json!({"P": {"path": "a[0]"}})),
            traits(CLIENT_CONTEXT_PARAMS, json!({"P": {"type": "integer"}})),
            traits(
                ENDPOINT_RULE_SET,
                json!({"parameters": {"P": {"type": "Integer"}}}),
            ),
            traits(ENDPOINT, json!({"hostPrefix": "{a}{b}"})),
        ];
        for t in bad {
            assert!(check(&t).is_err(), "{t:?} passed");
        }
        let good = traits(
            STATIC_CONTEXT_PARAMS,
            json!({"A": {"value": true}, "B": {"value": "s"}, "C": {"value": ["x"]}}),
        );
        assert!(check(&good).is_ok());
        assert_eq!(
            static_context_params(&good),
            [
                ("A".to_owned(), StaticValue::Bool(true)),
                ("B".to_owned(), StaticValue::String("s".to_owned())),
                ("C".to_owned(), StaticValue::Strings(vec!["x".to_owned()])),
            ]
        );
        let rules = traits(
            ENDPOINT_RULE_SET,
            json!({"parameters": {"A": {"type": "String"}, "B": {"type": "boolean"}, "C": {"type": "stringArray"}}}),
        );
        assert_eq!(
            rule_set_parameters(&rules).into_iter().collect::<Vec<_>>(),
            [
                ("A".to_owned(), RuleParamType::String),
                ("B".to_owned(), RuleParamType::Boolean),
                ("C".to_owned(), RuleParamType::StringArray),
            ]
        );
    }
}
