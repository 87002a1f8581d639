//! The traits the generator acts on, parsed once, when a shape is loaded,
//! into typed values: later stages read fields, never JSON. A malformed
//! value is a load error naming the shape, the member and the trait.
//!
//! Traits the generator does not read are dropped here; the model's
//! document-valued traits (`default` on a document, the endpoint rule set,
//! test cases' params) keep their data in [`Document`] or in the form the
//! runtime reads.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Traits;
use super::jmespath;
use super::test_cases::{self, HttpRequestTest, HttpResponseTest};
use super::traits::{
    self, ClientContextParam, ContextPath, EnumValue, HostPrefixPart, Http, Length, Protocol,
    QueryError, Range, RuleParamType, StaticValue, Xml,
};

/// Every trait of a shape or member that the generator reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraitSet {
    /// `documentation`, when it has text (`<p></p>` does not).
    pub documentation: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `required`.
    pub required: bool,
    /// `sensitive`.
    pub sensitive: bool,
    /// `idempotencyToken`.
    pub idempotency_token: bool,
    /// `clientOptional`.
    pub client_optional: bool,
    /// `sparse`.
    pub sparse: bool,
    /// `streaming`.
    pub streaming: bool,
    /// `hostLabel`.
    pub host_label: bool,
    /// `httpChecksumRequired`.
    pub http_checksum_required: bool,
    /// `aws.protocols#awsQueryCompatible`.
    pub aws_query_compatible: bool,
    /// `length`.
    pub length: Option<Length>,
    /// `range`.
    pub range: Option<Range>,
    /// `pattern`, as written (whether it compiles is checked later).
    pub pattern: Option<String>,
    /// `default`; [`Document::Null`] for an explicit `null`.
    pub default: Option<Document>,
    /// `enumValue`.
    pub enum_value: Option<EnumValue>,
    /// Smithy 1.0's `enum` trait on a string.
    pub legacy_enum: Option<Vec<EnumDefinition>>,
    /// `error`: whether the fault is the server's.
    pub error: Option<Fault>,
    /// `httpError`.
    pub http_error: Option<u16>,
    /// `http`.
    pub http: Option<Http>,
    /// Where the `http*` binding traits put the member (`Body` without one).
    pub binding: Binding,
    /// `jsonName`.
    pub json_name: Option<String>,
    /// `mediaType`.
    pub media_type: Option<String>,
    /// `timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// The XML and query traits.
    pub xml: Xml,
    /// The protocol traits, in [`Protocol::ALL`]'s order.
    pub protocols: Vec<Protocol>,
    /// `aws.protocols#awsQueryError`.
    pub query_error: Option<QueryError>,
    /// `aws.api#service`.
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4`'s signing name.
    pub sigv4_name: Option<String>,
    /// `smithy.rules#endpointRuleSet`.
    pub endpoint_rule_set: Option<RuleSet>,
    /// `endpoint`'s `hostPrefix`.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `smithy.rules#contextParam`'s parameter.
    pub context_param: Option<String>,
    /// `smithy.rules#staticContextParams`.
    pub static_context_params: Vec<(String, StaticValue)>,
    /// `smithy.rules#operationContextParams`.
    pub operation_context_params: Vec<(String, ContextPath)>,
    /// `smithy.rules#clientContextParams`.
    pub client_context_params: Vec<ClientContextParam>,
    /// `requestCompression`'s encodings, lowercased.
    pub request_compression: Option<Vec<String>>,
    /// `paginated`.
    pub paginated: Option<PaginatedTrait>,
    /// `smithy.waiters#waitable`: the operation's waiters, in name order.
    pub waitable: Vec<WaiterTrait>,
    /// `smithy.test#httpRequestTests`.
    pub request_tests: Vec<HttpRequestTest>,
    /// `smithy.test#httpResponseTests`.
    pub response_tests: Vec<HttpResponseTest>,
}

/// The `deprecated` trait.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecated {
    pub message: Option<String>,
    pub since: Option<String>,
}

/// Whose fault an `error` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

/// Where a member travels in an HTTP message, from its binding traits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Binding {
    /// In the JSON body (the default).
    #[default]
    Body,
    /// In the URI path (`httpLabel`).
    Label,
    /// In the query string under this name (`httpQuery`).
    Query(String),
    /// A map spread over the query string (`httpQueryParams`).
    QueryParams,
    /// In this header (`httpHeader`).
    Header(String),
    /// A map over the headers starting with this prefix (`httpPrefixHeaders`).
    PrefixHeaders(String),
    /// The whole body (`httpPayload`).
    Payload,
    /// The response's status code (`httpResponseCode`).
    ResponseCode,
}

/// `timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    DateTime,
    HttpDate,
    EpochSeconds,
}

/// A number as a model writes it: integers exact, others as `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Any integer JSON holds (`i64` or `u64`).
    Int(i128),
    Float(f64),
}

impl Number {
    pub(super) fn of(n: &serde_json::Number) -> Number {
        match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Number::Int(i.into()),
            (_, Some(u)) => Number::Int(u.into()),
            _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
        }
    }

    /// The integer, if it is one that fits `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Int(i) => i64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    /// The integer, if it is one that fits `u64`.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    /// Its value as a float (large integers rounded).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl std::fmt::Display for Number {
    /// As JSON writes it (`1`, `1.5`, `1.0`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => match serde_json::Number::from_f64(*x) {
                Some(n) => write!(f, "{n}"),
                None => write!(f, "{x}"),
            },
        }
    }
}

/// A document value a trait holds (a `default` for a document member).
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Document>),
    /// Entries sorted by key.
    Object(Vec<(String, Document)>),
}

impl Document {
    /// The document a JSON value holds.
    pub(super) fn of(value: &Value) -> Document {
        match value {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(*b),
            Value::Number(n) => Document::Number(Number::of(n)),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(items.iter().map(Document::of).collect()),
            Value::Object(entries) => Document::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Document::of(v)))
                    .collect(),
            ),
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, if it is one that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Document::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The items, if it is a list.
    pub fn as_array(&self) -> Option<&[Document]> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if it is an object.
    pub fn as_object(&self) -> Option<&[(String, Document)]> {
        match self {
            Document::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// As JSON, for reports and for the code that embeds it.
    pub fn to_json(&self) -> Value {
        match self {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(*b),
            Document::Number(Number::Int(i)) => i64::try_from(*i)
                .map(Value::from)
                .or_else(|_| u64::try_from(*i).map(Value::from))
                .unwrap_or(Value::Null),
            Document::Number(Number::Float(f)) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Document::String(s) => Value::String(s.clone()),
            Document::Array(items) => Value::Array(items.iter().map(Document::to_json).collect()),
            Document::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl std::fmt::Display for Document {
    /// As JSON text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

/// One value of Smithy 1.0's `enum` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    /// Its documentation, when it has text.
    pub documentation: Option<String>,
}

/// What `aws.api#service` says that the generator uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AwsService {
    pub sdk_id: Option<String>,
    pub endpoint_prefix: Option<String>,
}

/// `smithy.rules#endpointRuleSet`: the declared parameters, and the rule
/// set as the JSON text the runtime's rules engine reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    pub parameters: BTreeMap<String, RuleParamType>,
    pub json: String,
}

/// The `paginated` trait as written on an operation or a service: every
/// value optional (the operation's win over the service's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaginatedTrait {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// One waiter of `smithy.waiters#waitable`, checked as the trait's
/// definition says, its paths parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterTrait {
    /// The waiter's name (`^[A-Z]+[A-Za-z0-9]*$`), e.g. `TableExists`.
    pub name: String,
    /// `documentation` (CommonMark), when it has text.
    pub documentation: Option<String>,
    /// In the model's order.
    pub acceptors: Vec<Acceptor>,
    /// `minDelay` in seconds (2 unless given; at least 1, at most `max_delay`).
    pub min_delay: u64,
    /// `maxDelay` in seconds (120 unless given; at least 1).
    pub max_delay: u64,
    /// `deprecated`.
    pub deprecated: bool,
}

/// An acceptor of a waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

/// The state an acceptor moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

/// A waiter's matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    Output(PathMatcher),
    InputOutput(PathMatcher),
    Success(bool),
    /// An error's shape id or shape name, as written.
    ErrorType(String),
}

/// A JMESPath expression, as written and parsed, and its comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PathMatcher {
    pub text: String,
    pub path: jmespath::Expr,
    pub comparator: PathComparator,
}

/// A comparator with its expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathComparator {
    StringEquals(String),
    BooleanEquals(bool),
    AllStringEquals(String),
    AnyStringEquals(String),
}

/// Parses the traits of one shape or member; `Err` names the trait and
/// what is wrong with its value.
pub fn parse(raw: &Traits) -> Result<TraitSet, (String, String)> {
    traits::check(raw)?;
    let fail = |id: &str, problem: String| (id.to_owned(), problem);
    let string = |id| traits::string(raw, id).map(str::to_owned);
    let has = |id| traits::has(raw, id);
    Ok(TraitSet {
        documentation: traits::documentation(raw).map(str::to_owned),
        title: string(traits::TITLE),
        deprecated: raw.get(traits::DEPRECATED).map(|value| {
            let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
            Deprecated {
                message: text("message"),
                since: text("since"),
            }
        }),
        required: has(traits::REQUIRED),
        sensitive: has(traits::SENSITIVE),
        idempotency_token: has(traits::IDEMPOTENCY_TOKEN),
        client_optional: has(traits::CLIENT_OPTIONAL),
        sparse: has(traits::SPARSE),
        streaming: has(traits::STREAMING),
        host_label: has(traits::HOST_LABEL),
        http_checksum_required: has(traits::HTTP_CHECKSUM_REQUIRED),
        aws_query_compatible: has(traits::AWS_QUERY_COMPATIBLE),
        length: traits::length(raw),
        range: traits::range(raw),
        pattern: string(traits::PATTERN),
        default: raw.get(traits::DEFAULT).map(Document::of),
        enum_value: traits::enum_value(raw),
        legacy_enum: raw
            .get(traits::LEGACY_ENUM)
            .map(legacy_enum)
            .transpose()
            .map_err(|e| fail(traits::LEGACY_ENUM, e))?,
        error: traits::string(raw, traits::ERROR).map(|fault| {
            if fault == "server" {
                Fault::Server
            } else {
                Fault::Client
            }
        }),
        http_error: traits::http_error(raw),
        http: traits::http(raw),
        binding: binding(raw),
        json_name: string(traits::JSON_NAME),
        media_type: string(traits::MEDIA_TYPE),
        timestamp_format: traits::string(raw, traits::TIMESTAMP_FORMAT).and_then(|f| match f {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        }),
        xml: traits::xml(raw),
        protocols: traits::protocols(raw),
        query_error: traits::query_error(raw),
        aws_service: raw.get(traits::AWS_SERVICE).map(|value| {
            let field = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
            AwsService {
                sdk_id: field("sdkId"),
                endpoint_prefix: field("endpointPrefix"),
            }
        }),
        sigv4_name: raw
            .get(traits::SIGV4)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        endpoint_rule_set: raw.get(traits::ENDPOINT_RULE_SET).map(|value| RuleSet {
            parameters: traits::rule_set_parameters(raw),
            json: value.to_string(),
        }),
        host_prefix: traits::host_prefix(raw),
        context_param: traits::context_param(raw).map(str::to_owned),
        static_context_params: traits::static_context_params(raw),
        operation_context_params: traits::operation_context_params(raw),
        client_context_params: traits::client_context_params(raw),
        request_compression: traits::request_compression(raw),
        paginated: raw
            .get(traits::PAGINATED)
            .map(paginated)
            .transpose()
            .map_err(|e| fail(traits::PAGINATED, e))?,
        waitable: raw
            .get(traits::WAITABLE)
            .map(waitable)
            .transpose()
            .map_err(|e| fail(traits::WAITABLE, e))?
            .unwrap_or_default(),
        request_tests: test_cases::request_tests(raw)
            .map_err(|e| fail(test_cases::HTTP_REQUEST_TESTS, e))?,
        response_tests: test_cases::response_tests(raw)
            .map_err(|e| fail(test_cases::HTTP_RESPONSE_TESTS, e))?,
    })
}

/// Where a member travels, from its binding traits (the first that
/// applies, in Smithy's order of precedence).
fn binding(raw: &Traits) -> Binding {
    let name = |id: &str| traits::string(raw, id).map(str::to_owned);
    if traits::has(raw, traits::HTTP_LABEL) {
        Binding::Label
    } else if let Some(name) = name(traits::HTTP_QUERY) {
        Binding::Query(name)
    } else if traits::has(raw, traits::HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(name) = name(traits::HTTP_HEADER) {
        Binding::Header(name)
    } else if let Some(prefix) = name(traits::HTTP_PREFIX_HEADERS) {
        Binding::PrefixHeaders(prefix)
    } else if traits::has(raw, traits::HTTP_PAYLOAD) {
        Binding::Payload
    } else if traits::has(raw, traits::HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else {
        Binding::Body
    }
}

fn legacy_enum(value: &Value) -> Result<Vec<EnumDefinition>, String> {
    let definitions = value.as_array().ok_or("the enum trait must be a list")?;
    definitions
        .iter()
        .map(|definition| {
            let text = |key: &str| definition.get(key).and_then(Value::as_str);
            Ok(EnumDefinition {
                value: text("value")
                    .ok_or("an enum definition has no value")?
                    .to_owned(),
                name: text("name").map(str::to_owned),
                documentation: text("documentation")
                    .filter(|html| traits::has_text(html))
                    .map(str::to_owned),
            })
        })
        .collect()
}

fn paginated(value: &Value) -> Result<PaginatedTrait, String> {
    let object = value
        .as_object()
        .ok_or("the paginated trait must be an object")?;
    let field = |key: &str| match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(other) => Err(format!(
            "paginated `{key}` must be a non-empty string, found {other}"
        )),
    };
    Ok(PaginatedTrait {
        input_token: field("inputToken")?,
        output_token: field("outputToken")?,
        items: field("items")?,
        page_size: field("pageSize")?,
    })
}

fn waitable(value: &Value) -> Result<Vec<WaiterTrait>, String> {
    let waiters = value
        .as_object()
        .ok_or("the waitable trait must be an object of waiters by name")?;
    if waiters.is_empty() {
        return Err("the waitable trait must name at least one waiter".to_owned());
    }
    let mut parsed: Vec<WaiterTrait> = waiters
        .iter()
        .map(|(name, waiter)| waiter_trait(name, waiter).map_err(|e| format!("waiter {name}: {e}")))
        .collect::<Result<_, _>>()?;
    parsed.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(parsed)
}

fn waiter_trait(name: &str, value: &Value) -> Result<WaiterTrait, String> {
    let starts_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    if !starts_upper || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("the name must match ^[A-Z]+[A-Za-z0-9]*$".to_owned());
    }
    let object = value.as_object().ok_or("a waiter must be an object")?;
    let delay = |key: &str, default: u64| match object.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|&d| d >= 1)
            .ok_or_else(|| format!("`{key}` must be an integer of at least 1, found {v}")),
    };
    let min_delay = delay("minDelay", 2)?;
    let max_delay = delay("maxDelay", 120)?;
    if min_delay > max_delay {
        return Err(format!(
            "`minDelay` ({min_delay}) must not be greater than `maxDelay` ({max_delay})"
        ));
    }
    let acceptors = object
        .get("acceptors")
        .and_then(Value::as_array)
        .filter(|list| !list.is_empty())
        .ok_or("`acceptors` must be a non-empty list")?
        .iter()
        .enumerate()
        .map(|(i, a)| acceptor(a).map_err(|e| format!("acceptor {i}: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(WaiterTrait {
        name: name.to_owned(),
        documentation: object
            .get("documentation")
            .and_then(Value::as_str)
            .filter(|text| !text.trim().is_empty())
            .map(str::to_owned),
        acceptors,
        min_delay,
        max_delay,
        deprecated: object.get("deprecated").and_then(Value::as_bool) == Some(true),
    })
}

fn acceptor(value: &Value) -> Result<Acceptor, String> {
    let state = match value.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        other => {
            return Err(format!(
                "`state` must be success, failure or retry, found {other:?}"
            ));
        }
    };
    let matcher = value
        .get("matcher")
        .and_then(Value::as_object)
        .ok_or("`matcher` must be an object")?;
    let mut entries = matcher.iter();
    let (Some((kind, value)), None) = (entries.next(), entries.next()) else {
        return Err("`matcher` must have exactly one member".to_owned());
    };
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(value)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(value)?),
        "success" => Matcher::Success(
            value
                .as_bool()
                .ok_or("the `success` matcher must be a boolean")?,
        ),
        "errorType" => Matcher::ErrorType(
            value
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or("the `errorType` matcher must be a shape id or name")?
                .to_owned(),
        ),
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(value: &Value) -> Result<PathMatcher, String> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the path matcher needs a string `{key}`"))
    };
    let (path, expected, comparator) = (text("path")?, text("expected")?, text("comparator")?);
    let comparator = match comparator {
        "stringEquals" => PathComparator::StringEquals(expected.to_owned()),
        "booleanEquals" => PathComparator::BooleanEquals(match expected {
            "true" => true,
            "false" => false,
            other => {
                return Err(format!(
                    "booleanEquals expects `true` or `false`, not {other:?}"
                ));
            }
        }),
        "allStringEquals" => PathComparator::AllStringEquals(expected.to_owned()),
        "anyStringEquals" => PathComparator::AnyStringEquals(expected.to_owned()),
        other => return Err(format!("unknown comparator {other:?}")),
    };
    Ok(PathMatcher {
        text: path.to_owned(),
        path: jmespath::parse(path).map_err(|e| format!("path {path:?}: {e}"))?,
        comparator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(entries: Value) -> Traits {
        serde_json::from_value(entries).unwrap()
    }

    #[test]
    fn numbers_keep_integers_exact() {
        let set = parse(&raw(json!({
            "smithy.api#range": {"min": -9007199254740993i64, "max": 18446744073709551615u64},
            "smithy.api#default": 1.5
        })))
        .unwrap();
        let range = set.range.unwrap();
        assert_eq!(range.min, Some(Number::Int(-9_007_199_254_740_993)));
        assert_eq!(range.max, Some(Number::Int(u64::MAX.into())));
        assert_eq!(range.max.unwrap().as_i64(), None);
        assert_eq!(set.default, Some(Document::Number(Number::Float(1.5))));
        assert_eq!(Number::Float(1.0).to_string(), "1.0");
        assert_eq!(Number::Int(-3).to_string(), "-3");
    }

    #[test]
    fn bindings_follow_smithys_precedence() {
        let set = parse(&raw(json!({"smithy.api#httpHeader": "X-A"}))).unwrap();
        assert_eq!(set.binding, Binding::Header("X-A".to_owned()));
        let set = parse(&raw(json!({"smithy.api#httpLabel": {}}))).unwrap();
        assert_eq!(set.binding, Binding::Label);
        assert_eq!(parse(&Traits::new()).unwrap().binding, Binding::Body);
    }

    #[test]
    fn malformed_values_name_the_trait() {
        for (value, id, why) in [
            (
                json!({"smithy.api#paginated": {"inputToken": ""}}),
                traits::PAGINATED,
                "non-empty string",
            ),
            (
                json!({"smithy.api#paginated": []}),
                traits::PAGINATED,
                "must be an object",
            ),
            (
                json!({"smithy.api#enum": [{"name": "A"}]}),
                traits::LEGACY_ENUM,
                "no value",
            ),
            (
                json!({"smithy.api#enum": {}}),
                traits::LEGACY_ENUM,
                "must be a list",
            ),
        ] {
            let (trait_id, problem) = parse(&raw(value.clone())).unwrap_err();
            assert_eq!(trait_id, id, "{value}");
            assert!(problem.contains(why), "{value}: {problem}");
        }
    }

    #[test]
    fn waiters_are_typed_with_their_defaults() {
        let set = parse(&raw(json!({"smithy.waiters#waitable": {
            "Ready": {
                "documentation": "Waits.",
                "acceptors": [
                    {"state": "success", "matcher": {"output": {
                        "path": "a.b", "expected": "true", "comparator": "booleanEquals"}}},
                    {"state": "retry", "matcher": {"errorType": "NotFound"}},
                    {"state": "failure", "matcher": {"success": false}}
                ]
            },
            "Gone": {"minDelay": 5, "maxDelay": 5, "deprecated": true,
                "acceptors": [{"state": "success", "matcher": {"inputOutput": {
                    "path": "input.x", "expected": "y", "comparator": "anyStringEquals"}}}]}
        }})))
        .unwrap();
        let [gone, ready] = set.waitable.as_slice() else {
            panic!("{:?}", set.waitable);
        };
        assert_eq!(
            (gone.name.as_str(), gone.min_delay, gone.max_delay),
            ("Gone", 5, 5)
        );
        assert!(gone.deprecated && gone.documentation.is_none());
        assert_eq!(
            (ready.min_delay, ready.max_delay, ready.deprecated),
            (2, 120, false)
        );
        assert_eq!(ready.documentation.as_deref(), Some("Waits."));
        let Matcher::Output(path) = &ready.acceptors[0].matcher else {
            panic!("{:?}", ready.acceptors[0]);
        };
        assert_eq!(path.text, "a.b");
        assert_eq!(path.comparator, PathComparator::BooleanEquals(true));
        assert_eq!(ready.acceptors[1].state, AcceptorState::Retry);
        assert_eq!(
            ready.acceptors[1].matcher,
            Matcher::ErrorType("NotFound".into())
        );
        assert_eq!(ready.acceptors[2].matcher, Matcher::Success(false));
    }

    #[test]
    fn malformed_waiters_name_the_waiter_and_the_problem() {
        let ok = json!({"state": "success", "matcher": {"success": true}});
        for (waiters, why) in [
            (json!([]), "must be an object"),
            (json!({}), "at least one waiter"),
            (
                json!({"lower": {"acceptors": [ok]}}),
                "waiter lower: the name must match",
            ),
            (json!({"A-B": {"acceptors": [ok]}}), "the name must match"),
            (
                json!({"A": {"acceptors": []}}),
                "waiter A: `acceptors` must be a non-empty list",
            ),
            (
                json!({"A": {"acceptors": [ok], "minDelay": 0}}),
                "`minDelay` must be an integer of at least 1",
            ),
            (
                json!({"A": {"acceptors": [ok], "minDelay": 10, "maxDelay": 5}}),
                "must not be greater",
            ),
            (
                json!({"A": {"acceptors": [{"state": "done", "matcher": {"success": true}}]}}),
                "acceptor 0: `state`",
            ),
            (
                json!({"A": {"acceptors": [{"state": "retry", "matcher": {}}]}}),
                "exactly one member",
            ),
            (
                json!({"A": {"acceptors": [{"state": "retry", "matcher": {"nope": 1}}]}}),
                "unknown matcher `nope`",
            ),
            (
                json!({"A": {"acceptors": [{"state": "retry", "matcher": {"output": {
                "path": "a", "expected": "yes", "comparator": "booleanEquals"}}}]}}),
                "`true` or `false`",
            ),
            (
                json!({"A": {"acceptors": [{"state": "retry", "matcher": {"output": {
                "path": "a", "expected": "x", "comparator": "numberEquals"}}}]}}),
                "unknown comparator",
            ),
            (
                json!({"A": {"acceptors": [{"state": "retry", "matcher": {"output": {
                "path": "a[0:1]", "expected": "x", "comparator": "stringEquals"}}}]}}),
                "path \"a[0:1]\": ",
            ),
        ] {
            let (id, problem) =
                parse(&raw(json!({"smithy.waiters#waitable": waiters.clone()}))).unwrap_err();
            assert_eq!(id, traits::WAITABLE);
            assert!(problem.contains(why), "{waiters}: {problem}");
        }
    }

    #[test]
    fn documents_round_trip_to_json() {
        let value = json!({"a": [1, -2, 2.5, "x", null, true], "b": {}});
        let set = parse(&raw(json!({"smithy.api#default": value.clone()}))).unwrap();
        assert_eq!(set.default.unwrap().to_json(), value);
    }
}
