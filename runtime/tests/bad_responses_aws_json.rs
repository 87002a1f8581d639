//! Bad responses in awsJson1_0 and awsJson1_1, read as generated clients
//! read them: outputs and modeled errors with `protocol::json::from_json`
//! into serde types shaped as the generated ones, error metadata with
//! `protocol::aws_json::error_metadata`. Issue 12: truncated JSON, values
//! of the wrong type (named by member path), unknown members and enum
//! values, deep nesting, huge bodies, the forms of `__type` and
//! `X-Amzn-Errortype`, and junk error bodies are errors or metadata without
//! a code, never a panic, as restJson1's are (`tests/tests/bad_responses.rs`).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Deserialize;
use smithy_runtime::error::modeled_or_unhandled;
use smithy_runtime::protocol::aws_json::{self, Version};
use smithy_runtime::protocol::json::from_json;
use smithy_runtime::{
    Blob, Config, DateTime, HttpResponse, InvokeError, MockTransport, ProvideErrorMetadata,
    ResponseError, ResponseErrorKind, RetryConfig, ServiceInfo, TransportErrorKind,
};

// ------------------------------------------------------------ the shapes

/// An enum as generated: a value this client does not know is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Ready,
    Unknown(String),
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(match value.as_str() {
            "READY" => Self::Ready,
            _ => Self::Unknown(value),
        })
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Output {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Count")]
    count: Option<i8>,
    #[serde(rename = "Enabled")]
    enabled: Option<bool>,
    #[serde(rename = "Created")]
    created: Option<DateTime>,
    #[serde(rename = "Data")]
    data: Option<Blob>,
    #[serde(rename = "Status")]
    status: Option<Status>,
    #[serde(rename = "Nested")]
    nested: Option<Nested>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Nested {
    #[serde(rename = "Values")]
    values: Option<Vec<i32>>,
    #[serde(rename = "Counts")]
    counts: Option<BTreeMap<String, i32>>,
    #[serde(rename = "Child")]
    child: Option<Box<Nested>>,
}

/// A modeled error's members.
#[derive(Debug, Deserialize, PartialEq)]
struct ThingError {
    message: Option<String>,
    #[serde(rename = "RetryAfterSeconds")]
    retry_after_seconds: Option<i32>,
}

// ------------------------------------------------------------ helpers

fn response(status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, http::HeaderValue::from_bytes(value).unwrap());
    }
    builder.body(body.to_vec()).unwrap()
}

fn no_panic<T>(case: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{case}: panicked"))
}

fn read(case: &str, body: &[u8]) -> Result<Output, ResponseError> {
    let response = response(200, &[("x-amzn-requestid", b"header-id")], body);
    no_panic(case, || from_json::<Output>(&response))
}

fn read_err(case: &str, body: &[u8]) -> ResponseError {
    match read(case, body) {
        Ok(output) => panic!("{case}: expected an error, read {output:?}"),
        Err(error) => {
            assert_eq!(error.status(), 200, "{case}");
            assert_eq!(error.request_id(), Some("header-id"), "{case}");
            error
        }
    }
}

fn assert_contains(case: &str, message: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            message.contains(fragment),
            "{case}: {fragment:?} not in {message:?}"
        );
    }
}

// ------------------------------------------------------------- outputs

#[test]
fn a_good_body_reads_with_unknown_members_ignored_and_unknown_enum_values_kept() {
    let body = br#"{"Name": "thing", "Count": -5, "Enabled": true, "Created": 1515531081.5,
        "Data": "aGk=", "Status": "BRAND_NEW_VALUE", "Unknown": {"deep": [[[1]]]},
        "Nested": {"Values": [1, 2], "Counts": {"a": 1}, "Extra": null,
                   "Child": {"Values": [3]}}}"#;
    let output = read("good", body).unwrap();
    assert_eq!(
        output,
        Output {
            name: Some("thing".to_owned()),
            count: Some(-5),
            enabled: Some(true),
            created: Some(DateTime::from_secs_and_nanos(1_515_531_081, 500_000_000)),
            data: Some(Blob::new(b"hi".to_vec())),
            status: Some(Status::Unknown("BRAND_NEW_VALUE".to_owned())),
            nested: Some(Nested {
                values: Some(vec![1, 2]),
                counts: Some(BTreeMap::from([("a".to_owned(), 1)])),
                child: Some(Box::new(Nested {
                    values: Some(vec![3]),
                    counts: None,
                    child: None,
                })),
            }),
        }
    );
    assert_eq!(
        read("known", br#"{"Status": "READY"}"#).unwrap().status,
        Some(Status::Ready)
    );
    // An empty body is an empty output, as awsJson services send for an
    // operation without output members.
    assert_eq!(read("empty", b"").unwrap().name, None);
}

/// A case, its body, the error's kind and path, and fragments of its message.
type BadBody = (
    &'static str,
    String,
    ResponseErrorKind,
    Option<&'static str>,
    &'static [&'static str],
);

#[test]
fn bad_success_bodies_are_errors_naming_the_kind_and_member_path() {
    use ResponseErrorKind::{InvalidJson, InvalidValue};
    let cases: Vec<BadBody> = vec![
        (
            "truncated in a member",
            r#"{"Name": "thi"#.to_owned(),
            InvalidJson,
            Some("Name"),
            &["EOF while parsing a string"],
        ),
        (
            "truncated in a nested list",
            r#"{"Nested": {"Values": [1, 2"#.to_owned(),
            InvalidJson,
            Some("Nested.Values"),
            &["EOF while parsing a list"],
        ),
        (
            // Where the next member's name belongs: the object is named.
            "truncated after a nested member",
            r#"{"Nested": {"Child": {}"#.to_owned(),
            InvalidJson,
            Some("Nested"),
            &["EOF while parsing an object"],
        ),
        (
            "truncated after a top-level member",
            r#"{"Name": "thing", "#.to_owned(),
            InvalidJson,
            None,
            &["EOF while parsing a value at line 1 column 18"],
        ),
        (
            "a member name that is not a string",
            r#"{"Nested": {1: 2}}"#.to_owned(),
            InvalidJson,
            Some("Nested"),
            &["key must be a string"],
        ),
        (
            "a string for an integer",
            r#"{"Count": "5"}"#.to_owned(),
            InvalidValue,
            Some("Count"),
            &["invalid type: string \"5\", expected i8"],
        ),
        (
            "out of the member's range",
            r#"{"Count": 300}"#.to_owned(),
            InvalidValue,
            Some("Count"),
            &["invalid value: integer `300`, expected i8"],
        ),
        (
            "a string for a boolean",
            r#"{"Enabled": "true"}"#.to_owned(),
            InvalidValue,
            Some("Enabled"),
            &["invalid type: string \"true\", expected a boolean"],
        ),
        (
            "a date-time string for an epoch-seconds timestamp",
            r#"{"Created": "2020-01-01T00:00:00Z"}"#.to_owned(),
            InvalidValue,
            Some("Created"),
            &["line 1 column"],
        ),
        (
            "a timestamp beyond i64 seconds",
            r#"{"Created": 1e300}"#.to_owned(),
            InvalidValue,
            Some("Created"),
            &[],
        ),
        (
            "a blob that is not base64",
            r#"{"Data": "not base64!"}"#.to_owned(),
            InvalidValue,
            Some("Data"),
            &["invalid base64"],
        ),
        (
            "a list item of the wrong type",
            r#"{"Nested": {"Values": [1, "x"]}}"#.to_owned(),
            InvalidValue,
            Some("Nested.Values[1]"),
            &["invalid type: string \"x\", expected i32"],
        ),
        (
            "a map value of the wrong type",
            r#"{"Nested": {"Counts": {"ok": 1, "bad": true}}}"#.to_owned(),
            InvalidValue,
            Some("Nested.Counts.bad"),
            &["invalid type: boolean `true`, expected i32"],
        ),
        (
            "a nested structure's member",
            r#"{"Nested": {"Child": {"Child": {"Values": {}}}}}"#.to_owned(),
            InvalidValue,
            Some("Nested.Child.Child.Values"),
            &["invalid type: map, expected a sequence"],
        ),
        (
            "an enum that is not a string",
            r#"{"Status": 1}"#.to_owned(),
            InvalidValue,
            Some("Status"),
            &["invalid type: integer `1`, expected a string"],
        ),
        (
            "HTML",
            "<html>502</html>".to_owned(),
            InvalidJson,
            None,
            &["expected value at line 1 column 1"],
        ),
        (
            "a control character in a string",
            "{\"Name\": \"\u{1}\"}".to_owned(),
            InvalidJson,
            Some("Name"),
            &["control character"],
        ),
    ];
    for (case, body, kind, path, fragments) in cases {
        let error = read_err(case, body.as_bytes());
        assert_eq!(error.kind(), kind, "{case}: {error}");
        assert_eq!(error.path(), path, "{case}: {error}");
        assert!(error.message().starts_with("invalid JSON body"), "{case}");
        assert_contains(case, error.message(), fragments);
    }
    let error = read_err("raw 0xff", b"{\"Name\": \"\xff\"}");
    assert_eq!(error.kind(), InvalidJson, "{error}");
}

#[test]
fn very_deep_bodies_are_an_error_not_an_overflow() {
    for body in [
        "[".repeat(1_000_000),
        r#"{"Nested":"#.repeat(200_000),
        format!(
            r#"{{"Nested": {{"Child": {}}}}}"#,
            r#"{"Child":"#.repeat(100_000)
        ),
    ] {
        let error = read_err("deep", body.as_bytes());
        assert!(
            matches!(
                error.kind(),
                ResponseErrorKind::InvalidJson | ResponseErrorKind::InvalidValue
            ),
            "{error}"
        );
    }
    // An unknown member is skipped without recursion, however deep.
    let deep = "[".repeat(1_000_000) + &"]".repeat(1_000_000);
    let body = format!(r#"{{"Unknown": {deep}, "Name": "after"}}"#);
    assert_eq!(
        read("deep unknown", body.as_bytes())
            .unwrap()
            .name
            .as_deref(),
        Some("after")
    );
    // A structure nested past the parser's limit names the depth.
    let body = format!(
        r#"{{"Nested": {}{{}}{}}}"#,
        r#"{"Child":"#.repeat(200),
        "}".repeat(200)
    );
    let error = read_err("deep children", body.as_bytes());
    assert_eq!(error.kind(), ResponseErrorKind::InvalidJson);
    assert_contains(
        "deep children",
        error.message(),
        &["recursion limit exceeded"],
    );
    assert!(error.path().unwrap().starts_with("Nested.Child.Child"));
}

static SERVICE: ServiceInfo = ServiceInfo::new("thing", "thing", "THING", None);

fn invoke_with_limit(limit: usize, body: Vec<u8>) -> Result<HttpResponse, InvokeError> {
    let config = Config::new()
        .with_endpoint_url("http://localhost:8080")
        .with_retry(RetryConfig::disabled())
        .with_max_response_body(limit);
    let mock = MockTransport::new();
    mock.push_response(response(200, &[], &body));
    let call = smithy_runtime::invoke(&config, &SERVICE, &mock, |url| {
        aws_json::request(url, Version::V1_1, "Thing.GetThing", false, b"{}".to_vec())
    });
    pollster::block_on(call)
}

#[test]
fn a_body_over_the_limit_is_refused_before_it_is_parsed() {
    let body = format!(r#"{{"Name": "{}"}}"#, "x".repeat(100_000)).into_bytes();
    let len = body.len();
    match invoke_with_limit(len - 1, body.clone()) {
        Err(InvokeError::Transport(error)) => {
            assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
            assert_contains("over", error.message(), &[&format!("{len} bytes")]);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    let response = invoke_with_limit(len, body).unwrap();
    let output: Output = from_json(&response).unwrap();
    assert_eq!(output.name.map(|name| name.len()), Some(100_000));
}

// ------------------------------------------------------ error metadata

fn meta(headers: &[(&str, &[u8])], body: &[u8]) -> smithy_runtime::ErrorMetadata {
    no_panic("metadata", || {
        aws_json::error_metadata(&response(400, headers, body), false)
    })
}

#[test]
fn error_codes_in_every_wire_form_are_the_bare_shape_name() {
    let uri = "http://internal.amazon.com/coral/com.amazon.coral.validate/";
    for (case, headers, body) in [
        (
            "bare __type",
            vec![],
            r#"{"__type": "FooError"}"#.to_owned(),
        ),
        (
            "__type with a namespace",
            vec![],
            r#"{"__type": "aws.protocoltests.json10#FooError"}"#.to_owned(),
        ),
        (
            "__type with a URI suffix",
            vec![],
            format!(r#"{{"__type": "FooError:{uri}"}}"#),
        ),
        (
            "__type with namespace and URI",
            vec![],
            format!(r#"{{"__type": "aws.protocoltests.json10#FooError:{uri}"}}"#),
        ),
        (
            "code with namespace",
            vec![],
            r#"{"code": "aws.protocoltests.json10#FooError"}"#.to_owned(),
        ),
        (
            "the header, with a URI",
            vec![("x-amzn-errortype", format!("FooError:{uri}"))],
            "{}".to_owned(),
        ),
        (
            "the header wins over the body",
            vec![("X-Amzn-Errortype", "FooError".to_owned())],
            r#"{"__type": "OtherError"}"#.to_owned(),
        ),
        (
            "an empty header gives way to the body",
            vec![("x-amzn-errortype", String::new())],
            r#"{"__type": "aws.protocoltests.json10#FooError"}"#.to_owned(),
        ),
        (
            "a body that breaks off after the code",
            vec![],
            r#"{"__type": "FooError", "message": "cut"#.to_owned(),
        ),
        (
            "the code after a deep unknown member",
            vec![],
            format!(
                r#"{{"other": {}{}, "__type": "FooError"}}"#,
                "[".repeat(100),
                "]".repeat(100)
            ),
        ),
        (
            "the last of two codes",
            vec![],
            r#"{"__type": "OtherError", "__type": "FooError"}"#.to_owned(),
        ),
    ] {
        let headers: Vec<(&str, &[u8])> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_bytes()))
            .collect();
        let meta = meta(&headers, body.as_bytes());
        assert_eq!(meta.code(), Some("FooError"), "{case}");
        assert_eq!(meta.status(), 400, "{case}");
    }
}

#[test]
fn junk_error_bodies_and_codes_give_metadata_without_a_code() {
    let deep = "[".repeat(100_000);
    for (case, headers, body) in [
        ("an empty 503", vec![], b"".to_vec()),
        (
            "an HTML page",
            vec![],
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        ),
        ("a number code", vec![], br#"{"__type": 42}"#.to_vec()),
        ("an empty code", vec![], br#"{"__type": ""}"#.to_vec()),
        ("only a namespace", vec![], br#"{"__type": "ns#"}"#.to_vec()),
        ("only a URI", vec![], br#"{"__type": ":http://x"}"#.to_vec()),
        (
            "a code in a nested object",
            vec![],
            br#"{"error": {"__type": "FooError"}}"#.to_vec(),
        ),
        ("an array", vec![], br#"["FooError"]"#.to_vec()),
        ("a string", vec![], br#""FooError""#.to_vec()),
        ("deep nesting", vec![], deep.clone().into_bytes()),
        (
            "a code after a nesting past the parser's limit",
            vec![],
            format!(r#"{{"a": {deep}, "__type": "FooError"}}"#).into_bytes(),
        ),
        ("not UTF-8", vec![], b"{\"__type\": \"\xff\"}".to_vec()),
        (
            "a header that is not text",
            vec![("x-amzn-errortype", &b"\xff\xfe"[..])],
            b"".to_vec(),
        ),
        (
            "a header that is only a namespace",
            vec![("x-amzn-errortype", &b"aws.protocoltests#"[..])],
            b"".to_vec(),
        ),
    ] {
        let meta = meta(&headers, &body);
        assert_eq!(meta.code(), None, "{case}");
        assert_eq!(meta.message(), None, "{case}");
        assert_eq!(meta.status(), 400, "{case}");
    }
}

#[test]
fn messages_and_request_ids_of_odd_bodies() {
    let meta = meta(
        &[("x-amzn-requestid", b"\xff")],
        br#"{"__type": "FooError", "message": {"nested": "object"}, "Message": "second"}"#,
    );
    assert_eq!(meta.code(), Some("FooError"));
    // `message` is not text, so the next spelling counts.
    assert_eq!(meta.message(), Some("second"));
    // A request id header that is not text is no request id.
    assert_eq!(meta.request_id(), None);
}

#[test]
fn query_compatible_codes_with_junk_headers() {
    let body = br#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist"}"#;
    for (header, code) in [
        (
            &b"AWS.SimpleQueueService.NonExistentQueue;Sender"[..],
            "AWS.SimpleQueueService.NonExistentQueue",
        ),
        (b";Sender", "QueueDoesNotExist"),
        (b";;;", "QueueDoesNotExist"),
        (b"  ", "QueueDoesNotExist"),
        (b"\xff;Sender", "QueueDoesNotExist"),
        (b"Only", "Only"),
    ] {
        let response = response(400, &[("x-amzn-query-error", header)], body);
        let meta = no_panic("query", || aws_json::error_metadata(&response, true));
        assert_eq!(
            meta.code(),
            Some(code),
            "{:?}",
            String::from_utf8_lossy(header)
        );
    }
}

#[test]
fn a_modeled_error_with_a_wrong_value_is_unhandled_keeping_its_code_and_the_path() {
    for (body, kind, path) in [
        (
            r#"{"__type": "ThingError", "RetryAfterSeconds": "soon"}"#,
            ResponseErrorKind::InvalidValue,
            Some("RetryAfterSeconds"),
        ),
        (
            r#"{"__type": "ThingError", "RetryAfterSeconds": 5"#,
            ResponseErrorKind::InvalidJson,
            None,
        ),
        (
            r#"{"__type": "ThingError", "message": ["not", "text"]}"#,
            ResponseErrorKind::InvalidValue,
            Some("message"),
        ),
    ] {
        let response = response(400, &[], body.as_bytes());
        let meta = aws_json::error_metadata(&response, false);
        assert_eq!(meta.code(), Some("ThingError"), "{body}");
        let unhandled = modeled_or_unhandled(meta, &response, |_, response| {
            from_json::<ThingError>(response)
        })
        .unwrap_err();
        assert_eq!(unhandled.code(), Some("ThingError"));
        assert_eq!(unhandled.body(), body.as_bytes());
        let error = unhandled.parse_error().expect("why it is unhandled");
        assert_eq!(error.kind(), kind, "{body}: {error}");
        assert_eq!(error.path(), path, "{body}: {error}");
    }
    let good = response(
        400,
        &[],
        br#"{"__type": "ThingError", "message": "m", "RetryAfterSeconds": 5, "New": 1}"#,
    );
    let read: ThingError = from_json(&good).unwrap();
    assert_eq!(
        read,
        ThingError {
            message: Some("m".to_owned()),
            retry_after_seconds: Some(5)
        }
    );
}
