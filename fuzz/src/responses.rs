//! Response parsing of the protocols whose clients read responses through
//! the runtime's protocol modules: awsJson1_0, awsJson1_1 (with and without
//! `@awsQueryCompatible`), awsQuery and ec2Query. What generated code calls
//! for an operation's response is called here on one response: the output
//! read, the error metadata, and the modeled error read (through
//! `modeled_or_unhandled`), with a static [`Schema`] and serde types shaped
//! as the generated ones.
//!
//! An input is a small HTTP response in text, so that seeds are written
//! by hand, one folder per protocol (`seeds/responses/`):
//!
//! ```text
//! awsQuery 400
//! x-amzn-requestid: abc
//!
//! <ErrorResponse><Error><Code>ThingError</Code>...
//! ```
//!
//! The first line is the protocol (`awsJson1_0`, `awsJson1_1`, `awsQuery`,
//! `ec2Query`; anything else picks one from the line's bytes), the status
//! (100–999; anything else is 500) and, optionally, `query-compatible`.
//! Header lines (`name: value`, values any bytes) follow up to an empty
//! line; the rest is the body. An input without an empty line is all
//! body. Nothing may panic; besides, the checks in [`run`] hold.

use std::collections::BTreeMap;
use std::error::Error as _;

use smithy_runtime::error::modeled_or_unhandled;
use smithy_runtime::protocol::aws_json;
use smithy_runtime::protocol::json::from_json;
use smithy_runtime::protocol::query::{self, Dialect};
use smithy_runtime::schema::{ListSchema, MapSchema, Member, Schema};
use smithy_runtime::serde::Deserialize;
use smithy_runtime::types::TimestampFormat;
use smithy_runtime::{
    BigInteger, Blob, DateTime, ErrorMetadata, HttpResponse, ProvideErrorMetadata, ResponseError,
    ResponseErrorKind,
};

/// The operation whose responses are read.
pub const OPERATION: &str = "GetThing";

/// A protocol of this target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// awsJson1_0 or awsJson1_1 (they read responses alike), and whether
    /// the service is `@awsQueryCompatible`.
    AwsJson {
        /// `awsJson1_1` rather than `awsJson1_0`.
        v1_1: bool,
        /// `@awsQueryCompatible`: the `x-amzn-query-error` header counts.
        query_compatible: bool,
    },
    /// awsQuery or ec2Query.
    Query(Dialect),
}

/// One input: the protocol and the response.
#[derive(Debug)]
pub struct Case {
    /// Whose client reads the response.
    pub protocol: Protocol,
    /// The response.
    pub response: HttpResponse,
}

impl Case {
    /// Reads an input in the form the module documentation gives. Every
    /// input is a case.
    pub fn parse(data: &[u8]) -> Case {
        let (first, rest) = split_line(data);
        let words: Vec<&[u8]> = first
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let query_compatible = words.iter().any(|w| *w == b"query-compatible");
        let protocol = match words.first().copied() {
            Some(b"awsJson1_0") => Protocol::AwsJson {
                v1_1: false,
                query_compatible,
            },
            Some(b"awsJson1_1") => Protocol::AwsJson {
                v1_1: true,
                query_compatible,
            },
            Some(b"awsQuery") => Protocol::Query(Dialect::AwsQuery),
            Some(b"ec2Query") => Protocol::Query(Dialect::Ec2Query),
            _ => {
                let pick = first.iter().fold(0u8, |a, b| a.wrapping_add(*b));
                match pick % 4 {
                    0 => Protocol::AwsJson {
                        v1_1: false,
                        query_compatible,
                    },
                    1 => Protocol::AwsJson {
                        v1_1: true,
                        query_compatible,
                    },
                    2 => Protocol::Query(Dialect::AwsQuery),
                    _ => Protocol::Query(Dialect::Ec2Query),
                }
            }
        };
        let status = words
            .iter()
            .skip(1)
            .find(|w| w.first().is_some_and(u8::is_ascii_digit))
            .and_then(|w| std::str::from_utf8(w).ok())
            .and_then(|w| w.parse::<u16>().ok())
            .and_then(|s| http::StatusCode::from_u16(s).ok())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);

        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = status;
        let body = match find_blank_line(rest) {
            Some((head, body)) => {
                let mut lines = head;
                while !lines.is_empty() {
                    let (line, next) = split_line(lines);
                    lines = next;
                    add_header(&mut response, line);
                }
                body
            }
            None => rest,
        };
        *response.body_mut() = body.to_vec();
        Case { protocol, response }
    }
}

/// The first line of `data` (without its `\n` or `\r\n`) and the rest.
fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == b'\n') {
        Some(end) => {
            let line = &data[..end];
            (line.strip_suffix(b"\r").unwrap_or(line), &data[end + 1..])
        }
        None => (data, &[]),
    }
}

/// The header lines and the body, split at the first empty line.
fn find_blank_line(data: &[u8]) -> Option<(&[u8], &[u8])> {
    if let Some(body) = data.strip_prefix(b"\n") {
        return Some((&[], body));
    }
    if let Some(body) = data.strip_prefix(b"\r\n") {
        return Some((&[], body));
    }
    let at = data.windows(2).position(|w| w == b"\n\n");
    let at_crlf = data.windows(4).position(|w| w == b"\r\n\r\n");
    match (at, at_crlf) {
        (Some(a), Some(c)) if c < a => Some((&data[..c], &data[c + 4..])),
        (Some(a), _) => Some((&data[..a], &data[a + 2..])),
        (None, Some(c)) => Some((&data[..c], &data[c + 4..])),
        (None, None) => None,
    }
}

fn add_header(response: &mut HttpResponse, line: &[u8]) {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return;
    };
    let name = line[..colon].trim_ascii();
    let value = line[colon + 1..].trim_ascii();
    let (Ok(name), Ok(value)) = (
        http::HeaderName::from_bytes(name),
        http::HeaderValue::from_bytes(value),
    ) else {
        return;
    };
    response.headers_mut().append(name, value);
}

// ------------------------------------------------------------ the shapes

// structure GetThingOutput {
//   @xmlAttribute version: String, name: String, count: Byte,
//   enabled: Boolean, ratio: Double, big: BigInteger,
//   created: Timestamp (wire: date-time), @timestampFormat("epoch-seconds")
//   expires, @timestampFormat("http-date") modified, data: Blob,
//   status: Status (enum), @xmlName("Nested") nested: Nested,
//   @xmlFlattened @xmlName("item") items: ItemList, @xmlFlattened tags: TagMap,
//   choice: Choice (union), doc: Document
// }
static ITEM: Schema = Schema::Structure(&[
    Member::new("id", &Schema::Integer),
    Member::new("kind", &Schema::String).attribute(),
]);
static ITEMS: ListSchema = ListSchema::new(&ITEM);
static INTEGERS: ListSchema = ListSchema::new(&Schema::Integer);
static INTEGER_MAP: MapSchema = MapSchema::new(&Schema::Integer);
static TAGS: MapSchema = MapSchema {
    key_name: Some("Name"),
    value_name: Some("Value"),
    ..MapSchema::new(&Schema::String)
};
static TIMESTAMPS: ListSchema = ListSchema {
    member_name: Some("at"),
    timestamp_format: Some(TimestampFormat::EpochSeconds),
    ..ListSchema::new(&Schema::Timestamp(TimestampFormat::EpochSeconds))
};
static NESTED: Schema = Schema::Structure(&[
    Member::new("values", &Schema::List(&INTEGERS)).xml_name("Values"),
    Member::new("counts", &Schema::Map(&INTEGER_MAP)),
    Member::new("when", &Schema::List(&TIMESTAMPS)),
    Member::new("child", &NESTED),
]);
static CHOICE: Schema = Schema::Union(&[
    Member::new("text", &Schema::String),
    Member::new("number", &Schema::Integer),
    Member::new("nested", &NESTED),
]);

/// The output's schema.
pub static OUTPUT: Schema = Schema::Structure(&[
    Member::new("version", &Schema::String).attribute(),
    Member::new("name", &Schema::String),
    Member::new("count", &Schema::Integer),
    Member::new("enabled", &Schema::Boolean),
    Member::new("ratio", &Schema::Float),
    Member::new("big", &Schema::BigInteger),
    Member::new("created", &Schema::Timestamp(TimestampFormat::EpochSeconds)),
    Member::new("expires", &Schema::Timestamp(TimestampFormat::EpochSeconds))
        .timestamp_format(TimestampFormat::EpochSeconds),
    Member::new(
        "modified",
        &Schema::Timestamp(TimestampFormat::EpochSeconds),
    )
    .timestamp_format(TimestampFormat::HttpDate),
    Member::new("data", &Schema::Blob),
    Member::new("status", &Schema::String),
    Member::new("nested", &NESTED).xml_name("Nested"),
    Member::new("items", &Schema::List(&ITEMS))
        .xml_name("item")
        .flattened(),
    Member::new("tags", &Schema::Map(&TAGS)).flattened(),
    Member::new("choice", &CHOICE),
    Member::new("doc", &Schema::Document),
]);

/// The modeled error's schema: structure ThingError {
/// @xmlName("Message") message, retryAfterSeconds: Integer,
/// @xmlName("Nested") nested: Nested }.
pub static THING_ERROR: Schema = Schema::Structure(&[
    Member::new("message", &Schema::String).xml_name("Message"),
    Member::new("retryAfterSeconds", &Schema::Integer),
    Member::new("nested", &NESTED).xml_name("Nested"),
]);

/// An enum as generated: a value this client does not know is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// `READY`.
    Ready,
    /// Any other value.
    Unknown(String),
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: smithy_runtime::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(match value.as_str() {
            "READY" => Self::Ready,
            _ => Self::Unknown(value),
        })
    }
}

/// The output, in the serde form the generated types use.
#[derive(Debug, Deserialize)]
#[serde(crate = "smithy_runtime::serde")]
pub struct Output {
    pub version: Option<String>,
    pub name: Option<String>,
    pub count: Option<i8>,
    pub enabled: Option<bool>,
    #[serde(default, with = "smithy_runtime::serde_util::float::option_f64")]
    pub ratio: Option<f64>,
    pub big: Option<BigInteger>,
    pub created: Option<DateTime>,
    pub expires: Option<DateTime>,
    pub modified: Option<DateTime>,
    pub data: Option<Blob>,
    pub status: Option<Status>,
    pub nested: Option<Nested>,
    pub items: Option<Vec<Item>>,
    pub tags: Option<BTreeMap<String, String>>,
    pub choice: Option<Choice>,
    pub doc: Option<smithy_runtime::Document>,
}

/// A nested, recursive structure.
#[derive(Debug, Deserialize)]
#[serde(crate = "smithy_runtime::serde")]
pub struct Nested {
    pub values: Option<Vec<i32>>,
    pub counts: Option<BTreeMap<String, i32>>,
    pub when: Option<Vec<DateTime>>,
    pub child: Option<Box<Nested>>,
}

/// A list's structure.
#[derive(Debug, Deserialize)]
#[serde(crate = "smithy_runtime::serde")]
pub struct Item {
    pub id: Option<i32>,
    pub kind: Option<String>,
}

/// A union: exactly one member.
#[derive(Debug, Deserialize)]
#[serde(crate = "smithy_runtime::serde")]
pub enum Choice {
    /// `text`.
    #[serde(rename = "text")]
    Text(String),
    /// `number`.
    #[serde(rename = "number")]
    Number(i32),
    /// `nested`.
    #[serde(rename = "nested")]
    Nested(Box<Nested>),
}

/// The modeled error's members.
#[derive(Debug, Deserialize)]
#[serde(crate = "smithy_runtime::serde")]
pub struct ThingError {
    pub message: Option<String>,
    #[serde(rename = "retryAfterSeconds")]
    pub retry_after_seconds: Option<i32>,
    pub nested: Option<Nested>,
}

// ------------------------------------------------------------ the run

/// Reads `data` (see the module documentation) as its protocol's client
/// does, and checks:
///
/// - the error metadata keeps the status; a code is never empty, and in the
///   JSON protocols (unless it came from `x-amzn-query-error`) it is bare,
///   without `#` or `:`; in the query protocols it is trimmed;
/// - a [`ResponseError`] keeps the status, says `invalid JSON body` or
///   `invalid XML body`, and names in its message the path it has;
/// - in the query protocols, a value of the wrong type always has a path,
///   and the typed read fails exactly when the value read fails, or after it;
/// - a modeled error that cannot be read is `Unhandled` with the code, the
///   body and the parse error.
pub fn run(data: &[u8]) {
    let case = Case::parse(data);
    match case.protocol {
        Protocol::AwsJson {
            query_compatible, ..
        } => aws_json_case(&case.response, query_compatible),
        Protocol::Query(dialect) => query_case(&case.response, dialect),
    }
}

fn aws_json_case(response: &HttpResponse, query_compatible: bool) {
    let meta = aws_json::error_metadata(response, query_compatible);
    check_meta(response, &meta);
    let from_header = query_compatible && response.headers().contains_key("x-amzn-query-error");
    if let (Some(code), false) = (meta.code(), from_header) {
        assert!(!code.contains(['#', ':']), "code {code:?} is not bare");
    }
    match from_json::<Output>(response) {
        Ok(output) => black_box_debug(&output),
        Err(error) => check_error(response, &error, "invalid JSON body"),
    }
    let generic = from_json::<serde_json::Value>(response);
    if let Err(error) = &generic {
        check_error(response, error, "invalid JSON body");
    }
    modeled(response, meta, from_json::<ThingError>);
}

fn query_case(response: &HttpResponse, dialect: Dialect) {
    let meta = query::error_metadata(response, dialect);
    check_meta(response, &meta);
    if let Some(code) = meta.code() {
        assert_eq!(code, code.trim(), "a query code is trimmed");
    }
    let value = query::read_output(response, OPERATION, &OUTPUT, dialect);
    let typed = query::from_xml::<Output>(response, OPERATION, &OUTPUT, dialect);
    match (&value, &typed) {
        (Ok(value), Ok(output)) => {
            std::hint::black_box(value.to_string());
            black_box_debug(output);
        }
        (Err(error), Err(typed_error)) => {
            assert_eq!(error, typed_error, "the typed read fails as the value read");
        }
        (Err(error), Ok(output)) => {
            panic!("the value read failed ({error}) but the typed read gave {output:?}")
        }
        (Ok(_), Err(_)) => {}
    }
    for error in [value.as_ref().err(), typed.as_ref().err()]
        .into_iter()
        .flatten()
    {
        check_error(response, error, "invalid XML body");
        check_query_path(error);
    }
    if let Err(error) = query::read_error(response, &THING_ERROR, dialect) {
        check_error(response, &error, "invalid XML body");
        check_query_path(&error);
    }
    modeled(response, meta, |response| {
        query::error_from_xml::<ThingError>(response, &THING_ERROR, dialect)
    });
}

fn check_meta(response: &HttpResponse, meta: &ErrorMetadata) {
    assert_eq!(
        meta.status(),
        response.status().as_u16(),
        "the status is kept"
    );
    if let Some(code) = meta.code() {
        assert!(!code.is_empty(), "an empty code is no code");
    }
    std::hint::black_box((meta.message(), meta.request_id()));
}

fn check_error(response: &HttpResponse, error: &ResponseError, prefix: &str) {
    assert_eq!(error.status(), response.status().as_u16(), "{error}");
    match error.path() {
        Some(path) => {
            assert!(!path.is_empty() && path != ".", "{error:?}");
            let named = format!("{prefix} at {path}: ");
            assert!(error.message().starts_with(&named), "{error:?}");
        }
        None => {
            let whole = format!("{prefix}: ");
            assert!(error.message().starts_with(&whole), "{error:?}");
        }
    }
    std::hint::black_box(format!("{error} {error:?} {}", error.kind()));
}

/// A value of the wrong type in XML is always in a member: the body's root
/// is read as a structure.
fn check_query_path(error: &ResponseError) {
    if error.kind() == ResponseErrorKind::InvalidValue {
        assert!(error.path().is_some(), "no path: {error:?}");
    }
}

/// Reads the modeled error as generated code does for its code.
fn modeled<T: std::fmt::Debug>(
    response: &HttpResponse,
    meta: ErrorMetadata,
    read: impl FnOnce(&HttpResponse) -> Result<T, ResponseError>,
) {
    let code = meta.code().map(str::to_owned);
    match modeled_or_unhandled(meta, response, |_, response| read(response)) {
        Ok(error) => black_box_debug(&error),
        Err(unhandled) => {
            assert_eq!(unhandled.code(), code.as_deref(), "the code is kept");
            assert_eq!(unhandled.body(), response.body().as_slice());
            let parse_error = unhandled.parse_error().expect("why it is unhandled");
            assert!(unhandled.source().is_some());
            std::hint::black_box(format!("{unhandled} {unhandled:?} {parse_error}"));
        }
    }
}

fn black_box_debug(value: &impl std::fmt::Debug) {
    std::hint::black_box(format!("{value:?}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> Vec<(String, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/responses");
        let mut seeds = Vec::new();
        for protocol in std::fs::read_dir(&dir).expect("seeds/responses") {
            let protocol = protocol.unwrap().path();
            for seed in std::fs::read_dir(&protocol).unwrap() {
                let seed = seed.unwrap().path();
                let name = seed.strip_prefix(&dir).unwrap().display().to_string();
                seeds.push((name, std::fs::read(&seed).unwrap()));
            }
        }
        seeds.sort();
        seeds
    }

    #[test]
    fn inputs_read_as_responses() {
        let case = Case::parse(b"awsQuery 400\nx-amzn-requestid: r\r\nbad line\n\n<a/>\n\nb");
        assert_eq!(case.protocol, Protocol::Query(Dialect::AwsQuery));
        assert_eq!(case.response.status(), 400);
        assert_eq!(case.response.headers()["x-amzn-requestid"], "r");
        assert_eq!(case.response.headers().len(), 1);
        assert_eq!(case.response.body(), b"<a/>\n\nb");

        let case = Case::parse(b"awsJson1_1 200 query-compatible\r\n\r\n{}");
        assert_eq!(
            case.protocol,
            Protocol::AwsJson {
                v1_1: true,
                query_compatible: true
            }
        );
        assert_eq!(case.response.status(), 200);
        assert_eq!(case.response.body(), b"{}");

        // No empty line: all body; a status out of range is 500.
        let case = Case::parse(b"ec2Query 7\n<Response/>");
        assert_eq!(case.protocol, Protocol::Query(Dialect::Ec2Query));
        assert_eq!(case.response.status(), 500);
        assert_eq!(case.response.body(), b"<Response/>");
        Case::parse(b"");
        Case::parse(b"\xff\xfe\n\n\n");
    }

    /// The seeds cover every protocol, and each reads as it is meant to:
    /// the `ok-` seeds as an output, the `error-` ones as the modeled
    /// error with its code.
    #[test]
    fn seeds_read_as_named() {
        let seeds = seeds();
        for protocol in ["awsJson1_0", "awsJson1_1", "awsQuery", "ec2Query"] {
            let count = seeds
                .iter()
                .filter(|(_, data)| data.starts_with(protocol.as_bytes()))
                .count();
            assert!(count >= 4, "{count} seeds for {protocol}");
        }
        for (name, data) in &seeds {
            let case = Case::parse(data);
            let file = name.rsplit('/').next().unwrap();
            if file.starts_with("ok-") {
                let read = match case.protocol {
                    Protocol::AwsJson { .. } => from_json::<Output>(&case.response).err(),
                    Protocol::Query(dialect) => {
                        query::from_xml::<Output>(&case.response, OPERATION, &OUTPUT, dialect).err()
                    }
                };
                assert!(read.is_none(), "{name}: {read:?}");
            }
            if file.starts_with("error-") {
                let (meta, read) = match case.protocol {
                    Protocol::AwsJson {
                        query_compatible, ..
                    } => (
                        aws_json::error_metadata(&case.response, query_compatible),
                        from_json::<ThingError>(&case.response).err(),
                    ),
                    Protocol::Query(dialect) => (
                        query::error_metadata(&case.response, dialect),
                        query::error_from_xml::<ThingError>(&case.response, &THING_ERROR, dialect)
                            .err(),
                    ),
                };
                assert_eq!(meta.code(), Some("ThingError"), "{name}");
                assert!(read.is_none(), "{name}: {read:?}");
            }
            run(data);
        }
    }

    /// A bounded, deterministic run: every seed cut at every byte, with
    /// bytes changed to XML and JSON syntax, and its body read under every
    /// other protocol.
    #[test]
    fn every_cut_and_change_of_the_seeds_is_read_without_panic() {
        let seeds = seeds();
        for (_, data) in &seeds {
            for end in 0..data.len() {
                run(&data[..end]);
            }
            let body_start =
                find_blank_line(split_line(data).1).map_or(0, |(_, body)| data.len() - body.len());
            for index in (body_start..data.len()).step_by(3) {
                for byte in [b'<', b'>', b'/', b'&', b'"', b'{', b'}', b'[', b'0', 0xff] {
                    let mut changed = data.clone();
                    changed[index] = byte;
                    run(&changed);
                }
            }
            for protocol in [
                "awsJson1_0",
                "awsJson1_1 query-compatible",
                "awsQuery",
                "ec2Query",
            ] {
                let (_, rest) = split_line(data);
                let mut other = format!("{protocol} 400\n").into_bytes();
                other.extend_from_slice(rest);
                run(&other);
            }
        }
    }
}
