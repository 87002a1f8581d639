//! The generated Image Builder client (`UpdateInfrastructureConfiguration`)
//! on bad responses, through `MockTransport` (issue "Hardening").
//!
//! A table of responses — arbitrary statuses, headers and bodies — each with
//! the outcome restJson1 and the AWS SDKs call for: never a panic; a typed
//! error that names what was wrong (invalid JSON, a member of the wrong type
//! by its JSON path, with the parser's line and column); unknown members
//! ignored; missing output members tolerated (they are all `Option`s); a
//! modeled error whose body cannot be read keeps its code as `Unhandled`;
//! non-UTF-8 header values; deep nesting rejected by the parser's depth limit
//! rather than by a stack overflow; and the response body size limit.
//!
//! Richer shapes (timestamps, blobs, enums, unions, documents, headers) are
//! covered the same way in `tests/downstream/tests/bad_responses.rs`.

use std::error::Error as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::{
    UpdateInfrastructureConfigurationRequest, UpdateInfrastructureConfigurationResponse,
};
use smithy_runtime::config::DEFAULT_MAX_RESPONSE_BODY;
use smithy_runtime::{
    Config, MockTransport, ProvideErrorMetadata, ResponseBodyLimit, ResponseError,
    ResponseErrorKind, RetryConfig, SdkError, TransportErrorKind, Unhandled,
};

const ENDPOINT: &str = "http://localhost:8080";
const ARN: &str =
    "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/web-tier";

type Outcome = Result<UpdateInfrastructureConfigurationResponse, SdkError<OperationError>>;

// ---------------------------------------------------------------- helpers

fn client_with(config: Config) -> (Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (
        Client::new(config.with_endpoint_url(ENDPOINT), mock.clone()),
        mock,
    )
}

/// One attempt per call: these tests check how one response is read.
fn client() -> (Client<MockTransport>, MockTransport) {
    client_with(Config::new().with_retry(RetryConfig::disabled()))
}

fn input() -> UpdateInfrastructureConfigurationRequest {
    UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstanceProfile")
        .client_token("token-1")
        .build()
        .unwrap()
}

/// A response with raw header bytes (not necessarily UTF-8) and body.
fn response(status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> smithy_runtime::HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, http::HeaderValue::from_bytes(value).unwrap());
    }
    builder.body(body.to_vec()).unwrap()
}

/// Sends one call answered by `status`, `headers` and `body`, turning a
/// panic anywhere in the client into a test failure that names the case.
fn call(case: &str, status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> Outcome {
    let (client, mock) = client();
    mock.push_response(response(status, headers, body));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pollster::block_on(client.update_infrastructure_configuration(input()))
    }));
    assert_eq!(mock.request_count(), 1, "{case}: one attempt");
    match outcome {
        Ok(outcome) => outcome,
        Err(_) => panic!("{case}: the client panicked"),
    }
}

fn response_error(case: &str, outcome: Outcome) -> ResponseError {
    match outcome {
        Err(SdkError::Response(error)) => error,
        other => panic!("{case}: expected a response error, got {other:?}"),
    }
}

fn service_error(case: &str, outcome: Outcome) -> OperationError {
    match outcome {
        Err(SdkError::Service(error)) => *error,
        other => panic!("{case}: expected a service error, got {other:?}"),
    }
}

fn unhandled(case: &str, outcome: Outcome) -> Unhandled {
    match service_error(case, outcome) {
        OperationError::Unhandled(error) => error,
        other => panic!("{case}: expected Unhandled, got {other:?}"),
    }
}

/// `depth` nested arrays: `[[[...]]]`.
fn nested_arrays(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

/// `depth` nested objects: `{"a":{"a":...{}}}`.
fn nested_objects(depth: usize) -> String {
    r#"{"a":"#.repeat(depth) + "{}" + &"}".repeat(depth)
}

// ------------------------------------------------ success bodies: errors

/// What a bad success body must give: its kind, the member path (if the
/// problem is in one member), and fragments of the message.
struct BadBody {
    case: &'static str,
    body: String,
    kind: ResponseErrorKind,
    path: Option<&'static str>,
    message: &'static [&'static str],
}

fn bad_bodies() -> Vec<BadBody> {
    use ResponseErrorKind::{InvalidJson, InvalidValue};
    let bad = |case, body: &str, kind, path, message| BadBody {
        case,
        body: body.to_owned(),
        kind,
        path,
        message,
    };
    vec![
        bad(
            "truncated",
            r#"{"requestId": "#,
            InvalidJson,
            Some("requestId"),
            &["EOF while parsing a value", "line 1 column 14"],
        ),
        bad(
            "not JSON",
            "<html>oops</html>",
            InvalidJson,
            None,
            &["expected value", "line 1 column 1"],
        ),
        bad(
            "string member as a number",
            r#"{"requestId": 42}"#,
            InvalidValue,
            Some("requestId"),
            &[
                "at requestId:",
                "invalid type: integer `42`, expected a string",
                "line 1 column 16",
            ],
        ),
        bad(
            "string member as an object, on line 3",
            "{\n  \"requestId\": \"r\",\n  \"clientToken\": {\"a\": 1}\n}",
            InvalidValue,
            Some("clientToken"),
            &["at clientToken:", "invalid type: map", "line 3"],
        ),
        bad(
            "string member as a boolean",
            r#"{"infrastructureConfigurationArn": true}"#,
            InvalidValue,
            Some("infrastructureConfigurationArn"),
            &["invalid type: boolean `true`, expected a string"],
        ),
        bad(
            "a 31-digit number where a string belongs",
            &format!(r#"{{"requestId": 1{}}}"#, "0".repeat(30)),
            InvalidValue,
            Some("requestId"),
            &["invalid type: floating point `1e+30`, expected a string"],
        ),
        bad(
            "a 401-digit number where a string belongs",
            &format!(r#"{{"requestId": 1{}}}"#, "0".repeat(400)),
            InvalidValue,
            Some("requestId"),
            &["number out of range", "line 1 column 415"],
        ),
        bad(
            "a number beyond f64 where a string belongs",
            r#"{"requestId": 1e999999}"#,
            InvalidValue,
            Some("requestId"),
            &["number out of range"],
        ),
        bad(
            // serde reads a structure from an array too, by position.
            "body is an empty array",
            "[]",
            InvalidValue,
            None,
            &["invalid length 0, expected struct UpdateInfrastructureConfigurationResponse"],
        ),
        bad(
            "body is null",
            "null",
            InvalidValue,
            None,
            &["invalid type: null"],
        ),
        bad(
            "body is a string",
            r#""hello""#,
            InvalidValue,
            None,
            &["invalid type: string \"hello\""],
        ),
        bad(
            "trailing characters",
            r#"{"requestId": "r"} {"#,
            InvalidJson,
            None,
            &["trailing characters", "line 1 column 20"],
        ),
        bad(
            "a member twice",
            r#"{"requestId": "a", "requestId": "b"}"#,
            InvalidValue,
            None,
            &["duplicate field `requestId`"],
        ),
        bad(
            "invalid UTF-8 inside a string",
            "{\"requestId\": \"\u{0}\"}",
            InvalidJson,
            Some("requestId"),
            &["control character"],
        ),
        bad(
            "a lone surrogate escape",
            r#"{"requestId": "\ud800"}"#,
            InvalidJson,
            Some("requestId"),
            &["hex escape"],
        ),
        bad(
            "a byte-order mark",
            "\u{feff}{}",
            InvalidJson,
            None,
            &["expected value"],
        ),
        bad(
            // A structure may be read from an array (serde's default): the
            // first element is `requestId`, and an array is not a string.
            // The nesting is never descended into.
            "100000 nested arrays",
            &nested_arrays(100_000),
            InvalidValue,
            Some("[0]"),
            &["invalid type: sequence, expected a string", "line 1 column"],
        ),
        bad(
            "a string member nested 100000 deep",
            &format!(r#"{{"requestId": {}}}"#, nested_arrays(100_000)),
            InvalidValue,
            Some("requestId"),
            &["invalid type: sequence, expected a string"],
        ),
    ]
}

#[test]
fn bad_success_bodies_are_typed_response_errors_naming_what_was_wrong() {
    for case in bad_bodies() {
        let outcome = call(
            case.case,
            200,
            &[("x-amzn-requestid", b"req-bad")],
            case.body.as_bytes(),
        );
        let error = response_error(case.case, outcome);
        assert_eq!(error.kind(), case.kind, "{}: {error}", case.case);
        assert_eq!(error.path(), case.path, "{}: {error}", case.case);
        assert_eq!(error.status(), 200, "{}", case.case);
        assert_eq!(error.request_id(), Some("req-bad"), "{}", case.case);
        assert!(
            error.message().starts_with("invalid JSON body"),
            "{}: {error}",
            case.case
        );
        for fragment in case.message {
            assert!(
                error.message().contains(fragment),
                "{}: {fragment:?} not in {:?}",
                case.case,
                error.message()
            );
        }
        // Display says what failed and the HTTP status.
        assert!(
            error
                .to_string()
                .starts_with("failed to parse response (HTTP 200): invalid JSON body"),
            "{}: {error}",
            case.case
        );
    }
}

#[test]
fn a_body_that_is_not_utf8_is_invalid_json_not_a_panic() {
    for (case, body) in [
        (
            "raw 0xff inside a string",
            &b"{\"requestId\": \"\xff\"}"[..],
        ),
        ("raw 0xff outside strings", &b"\xff\xfe{}"[..]),
        ("UTF-16", &b"{\0}\0"[..]),
    ] {
        let error = response_error(case, call(case, 200, &[], body));
        assert_eq!(
            error.kind(),
            ResponseErrorKind::InvalidJson,
            "{case}: {error}"
        );
    }
}

// --------------------------------------------- success bodies: accepted

#[test]
fn unknown_members_null_members_and_missing_members_are_tolerated() {
    let deep_unknown = nested_arrays(100_000);
    let cases: Vec<(&str, String, [Option<&str>; 3])> = vec![
        ("empty body", String::new(), [None, None, None]),
        ("whitespace body", " \r\n\t ".to_owned(), [None, None, None]),
        ("empty object", "{}".to_owned(), [None, None, None]),
        (
            "members null",
            r#"{"requestId": null, "clientToken": null, "infrastructureConfigurationArn": null}"#
                .to_owned(),
            [None, None, None],
        ),
        (
            "only one member",
            r#"{"clientToken": "t"}"#.to_owned(),
            [None, Some("t"), None],
        ),
        (
            "unknown members of every type",
            format!(
                r#"{{"requestId": "r", "newList": [1, "x", {{"y": [null]}}], "newNumber": 1e999,
                    "newBig": -{}, "newObject": {{"requestId": 5}}, "newFlag": false,
                    "RequestId": 7, "arn": "a", "infrastructureConfigurationArn": "arn"}}"#,
                "9".repeat(1000)
            ),
            [Some("r"), None, Some("arn")],
        ),
        (
            // Unknown members are skipped without recursion (serde_json's
            // `ignore_value` keeps its own stack), so depth there costs no
            // stack and is not an error.
            "an unknown member nested 100000 deep",
            format!(r#"{{"requestId": "r", "future": {deep_unknown}}}"#),
            [Some("r"), None, None],
        ),
        (
            "unknown objects nested 100000 deep around nothing known",
            nested_objects(100_000),
            [None, None, None],
        ),
        (
            "escapes and non-ASCII",
            r#"{"requestId": "\u00e9\n\"x\"", "clientToken": "日本"}"#.to_owned(),
            [Some("é\n\"x\""), Some("日本"), None],
        ),
    ];
    for (case, body, [request_id, client_token, arn]) in cases {
        for status in [200, 201, 204, 299] {
            let outcome = call(case, status, &[], body.as_bytes());
            let output = outcome.unwrap_or_else(|e| panic!("{case} ({status}): {e:?}"));
            assert_eq!(output.request_id.as_deref(), request_id, "{case}");
            assert_eq!(output.client_token.as_deref(), client_token, "{case}");
            assert_eq!(
                output.infrastructure_configuration_arn.as_deref(),
                arn,
                "{case}"
            );
        }
    }
}

#[test]
fn non_utf8_header_values_never_fail_a_success() {
    let outcome = call(
        "non-UTF-8 headers",
        200,
        &[
            ("x-amzn-requestid", b"r\xe9q"),
            ("content-type", b"application/json; charset=\xff"),
            ("x-anything", b"\x80\x81\xfe"),
        ],
        br#"{"requestId": "r"}"#,
    );
    assert_eq!(outcome.unwrap().request_id.as_deref(), Some("r"));

    // On a failure the unreadable request id header is left out, not an error.
    let error = response_error(
        "non-UTF-8 request id",
        call(
            "non-UTF-8 request id",
            200,
            &[("x-amzn-requestid", b"\xff\xfe")],
            b"{",
        ),
    );
    assert_eq!(error.request_id(), None);
}

// ------------------------------------------------------- error responses

/// (case, headers, body, kind of the parse error, its path)
type UnreadableError = (
    &'static str,
    Vec<(&'static str, &'static [u8])>,
    String,
    ResponseErrorKind,
    Option<&'static str>,
);

#[test]
fn a_modeled_error_whose_body_cannot_be_read_keeps_its_code_as_unhandled() {
    let deep = format!(r#"{{"message": {}}}"#, nested_arrays(100_000));
    let cases: Vec<UnreadableError> = vec![
        (
            "HTML from a proxy, code in the header",
            vec![("x-amzn-errortype", b"ClientException")],
            "<html><body>400 Bad Request</body></html>".to_owned(),
            ResponseErrorKind::InvalidJson,
            None,
        ),
        (
            "truncated JSON, code in the header",
            vec![("x-amzn-errortype", b"ClientException:http://internal/")],
            r#"{"message": "half"#.to_owned(),
            ResponseErrorKind::InvalidJson,
            Some("message"),
        ),
        (
            // The code is read from the body as it streams, so a body that
            // breaks off after it still names the error.
            "truncated JSON, code in the body",
            vec![],
            r#"{"__type": "ClientException", "message": "ha"#.to_owned(),
            ResponseErrorKind::InvalidJson,
            Some("message"),
        ),
        (
            "a member of the wrong type, code in the body",
            vec![],
            r#"{"__type": "aws.imagebuilder#ClientException", "message": 5}"#.to_owned(),
            ResponseErrorKind::InvalidValue,
            Some("message"),
        ),
        (
            "a message nested 100000 deep, code in the header",
            vec![("x-amzn-errortype", b"ClientException")],
            deep,
            ResponseErrorKind::InvalidValue,
            Some("message"),
        ),
    ];
    for (case, mut headers, body, kind, path) in cases {
        headers.push(("x-amzn-requestid", b"req-err"));
        let error = unhandled(case, call(case, 400, &headers, body.as_bytes()));
        assert_eq!(error.code(), Some("ClientException"), "{case}");
        assert_eq!(error.status(), 400, "{case}");
        assert_eq!(error.request_id(), Some("req-err"), "{case}");
        assert_eq!(error.body(), body.as_bytes(), "{case}");
        let parse = error
            .parse_error()
            .unwrap_or_else(|| panic!("{case}: no parse error kept"));
        assert_eq!(parse.kind(), kind, "{case}: {parse}");
        assert_eq!(parse.path(), path, "{case}: {parse}");
        assert_eq!(parse.status(), 400, "{case}");
        // The parse error is the source, so `{:#}`-style reporters show it.
        let source = error.source().map(ToString::to_string);
        assert_eq!(source, Some(parse.to_string()), "{case}");
        // Display is the usual `code[: message]`.
        assert!(error.to_string().starts_with("ClientException"), "{case}");
    }
}

#[test]
fn modeled_errors_with_odd_but_readable_bodies_are_still_typed() {
    // Empty body, code in the header: every member is optional.
    let error = service_error(
        "empty body",
        call(
            "empty body",
            400,
            &[("x-amzn-errortype", b"InvalidRequestException")],
            b"",
        ),
    );
    let OperationError::InvalidRequestException(error) = error else {
        panic!("expected InvalidRequestException, got {error:?}");
    };
    assert_eq!(error.message, None);

    // Unknown members are ignored; the message is read.
    let error = service_error(
        "unknown members",
        call(
            "unknown members",
            403,
            &[],
            br#"{"__type": "ForbiddenException", "message": "no", "reason": {"x": [1]}}"#,
        ),
    );
    let OperationError::ForbiddenException(error) = error else {
        panic!("expected ForbiddenException, got {error:?}");
    };
    assert_eq!(error.message.as_deref(), Some("no"));
    assert_eq!(error.code(), Some("ForbiddenException"));

    // A non-UTF-8 error type header is ignored; the body's code is used.
    let error = service_error(
        "non-UTF-8 error type header",
        call(
            "non-UTF-8 error type header",
            400,
            &[("x-amzn-errortype", b"Client\xffException")],
            br#"{"code": "ResourceInUseException", "message": "busy"}"#,
        ),
    );
    assert!(
        matches!(error, OperationError::ResourceInUseException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("busy"));
}

#[test]
fn error_responses_without_a_usable_code_are_unhandled_with_the_raw_body() {
    let deep = nested_objects(100_000);
    let cases: [(&str, u16, &[u8]); 9] = [
        ("empty 500", 500, b""),
        ("HTML 502", 502, b"<html>502 Bad Gateway</html>"),
        ("not UTF-8", 400, b"\xff\xfe\x00"),
        ("a JSON array", 400, b"[\"ClientException\"]"),
        ("a code that is not a string", 400, br#"{"code": 400}"#),
        ("an unknown code", 404, br#"{"__type": "NotFound"}"#),
        ("deep nesting", 400, deep.as_bytes()),
        ("a 3xx", 304, b""),
        ("an odd status", 999, b"{}"),
    ];
    for (case, status, body) in cases {
        let error = unhandled(case, call(case, status, &[], body));
        assert_eq!(error.status(), status, "{case}");
        assert_eq!(error.body(), body, "{case}");
        assert!(error.parse_error().is_none(), "{case}");
        let expected = if case == "an unknown code" {
            Some("NotFound")
        } else {
            None
        };
        assert_eq!(error.code(), expected, "{case}");
    }
}

#[test]
fn any_status_headers_and_body_give_a_result_and_never_a_panic() {
    let deep = nested_arrays(100_000);
    let long = format!(r#"{{"requestId": "{}"}}"#, "x".repeat(1 << 20));
    let bodies: [&[u8]; 12] = [
        b"",
        b"{}",
        b"{",
        b"null",
        b"\xff",
        br#"{"requestId": 1}"#,
        br#"{"__type": "ClientException", "message": []}"#,
        br##"{"__type": ":", "code": "#"}"##,
        br#"{"__type": "ServiceException", "message": "m"}"#,
        deep.as_bytes(),
        long.as_bytes(),
        b"\x00\x00\x00\x00",
    ];
    let headers: [&[(&str, &[u8])]; 4] = [
        &[],
        &[("x-amzn-errortype", b"ThrottlingException")],
        &[("x-amzn-errortype", b"\xff"), ("x-amzn-requestid", b"\x80")],
        &[("x-amzn-errortype", b"#:#"), ("content-length", b"-1")],
    ];
    let statuses = [
        100, 101, 200, 202, 204, 301, 400, 404, 429, 500, 503, 599, 999,
    ];
    let mut seen = 0;
    for status in statuses {
        for header_set in headers {
            for body in bodies {
                let case = format!(
                    "status {status}, headers {header_set:?}, body of {} bytes",
                    body.len()
                );
                match call(&case, status, header_set, body) {
                    Ok(_) => assert!((200..300).contains(&status), "{case}"),
                    Err(SdkError::Service(error)) => {
                        assert!(!(200..300).contains(&status), "{case}");
                        assert_eq!(error.status(), status, "{case}");
                        assert!(!error.to_string().is_empty(), "{case}");
                    }
                    Err(SdkError::Response(error)) => {
                        assert!((200..300).contains(&status), "{case}");
                        assert!(!error.message().is_empty(), "{case}");
                    }
                    Err(other) => panic!("{case}: unexpected {other:?}"),
                }
                seen += 1;
            }
        }
    }
    assert_eq!(seen, statuses.len() * headers.len() * bodies.len());
}

// ------------------------------------------------------ body size limit

#[test]
fn the_default_limit_is_10_mib_and_travels_with_every_request() {
    assert_eq!(DEFAULT_MAX_RESPONSE_BODY, 10 * 1024 * 1024);
    assert_eq!(Config::new().max_response_body(), DEFAULT_MAX_RESPONSE_BODY);

    let (client, mock) = client();
    mock.push_json(200, &[], "{}");
    pollster::block_on(client.update_infrastructure_configuration(input())).unwrap();
    let request = mock.last_request().unwrap();
    assert_eq!(
        ResponseBodyLimit::of(&request),
        Some(DEFAULT_MAX_RESPONSE_BODY)
    );

    let (client, mock) = client_with(Config::new().with_max_response_body(1234));
    mock.push_json(200, &[], "{}");
    pollster::block_on(client.update_infrastructure_configuration(input())).unwrap();
    assert_eq!(
        ResponseBodyLimit::of(&mock.last_request().unwrap()),
        Some(1234)
    );
}

/// `{"requestId":"r"}` padded with spaces to exactly `len` bytes.
fn padded_body(len: usize) -> Vec<u8> {
    let json = br#"{"requestId":"r"}"#;
    let mut body = json.to_vec();
    body.resize(len.max(json.len()), b' ');
    body
}

#[test]
fn a_mock_response_over_the_limit_is_rejected_and_one_at_the_limit_read() {
    const LIMIT: usize = 4096;
    let config = || {
        Config::new()
            .with_max_response_body(LIMIT)
            .with_retry(RetryConfig::disabled())
    };

    let (client, mock) = client_with(config());
    mock.push_json(200, &[], std::str::from_utf8(&padded_body(LIMIT)).unwrap());
    let output = pollster::block_on(client.update_infrastructure_configuration(input())).unwrap();
    assert_eq!(output.request_id.as_deref(), Some("r"));

    for (status, body) in [
        (200, padded_body(LIMIT + 1)),
        (200, padded_body(10 * LIMIT)),
        (400, padded_body(LIMIT + 1)),
    ] {
        let (client, mock) = client_with(config());
        mock.push_response(response(status, &[], &body));
        let outcome = pollster::block_on(client.update_infrastructure_configuration(input()));
        let Err(SdkError::Transport(error)) = outcome else {
            panic!(
                "{status} with {} bytes: expected a size error, got {outcome:?}",
                body.len()
            );
        };
        assert_eq!(
            error.kind(),
            TransportErrorKind::ResponseTooLarge,
            "{error}"
        );
        assert!(
            error
                .message()
                .contains(&format!("over the limit of {LIMIT} bytes")),
            "{error}"
        );
        assert!(
            error.to_string().starts_with("response too large: "),
            "{error}"
        );
        assert!(
            error
                .message()
                .contains(&format!("response body of {} bytes", body.len())),
            "{error}"
        );
    }
}

#[test]
fn a_response_over_the_limit_is_never_retried() {
    // Retries on: a 503 would be retried, but not when it is too large.
    let (client, mock) = client_with(
        Config::new()
            .with_max_response_body(100)
            .with_retry(RetryConfig::standard().with_max_attempts(3)),
    );
    mock.push_response(response(503, &[], &padded_body(101)));
    mock.push_json(200, &[], "{}");
    let outcome = pollster::block_on(client.update_infrastructure_configuration(input()));
    let Err(SdkError::Transport(error)) = outcome else {
        panic!("expected a size error, got {outcome:?}");
    };
    assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
    assert_eq!(mock.request_count(), 1, "not retried");
}

// ---------------------------------------------- depth on a small stack

/// The parser's depth limit, not the stack, stops deep bodies on every path
/// that recurses: on a thread with a 1 MiB stack (half a test thread's
/// default; in a debug build the 127 levels the limit allows take about
/// 256-512 KiB through the runtime's reader), JSON at the limit's edge
/// parses through `rest::from_json`, 100000 levels fail cleanly, and the
/// client reads deep success and error bodies without overflowing. Without
/// the limit the recursion would overflow this stack and abort the test
/// binary.
#[test]
fn deep_nesting_is_rejected_on_a_small_stack() {
    let deep = nested_arrays(100_000);
    let deep_error = format!(r#"{{"__type": "ClientException", "detail": {deep}}}"#);
    let (edge, over, deepest, client_outcomes) = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let read = |body: &str| {
                smithy_runtime::protocol::json::from_json::<serde_json::Value>(&response(
                    200,
                    &[],
                    body.as_bytes(),
                ))
            };
            let edge = read(&format!("{{\"a\": {}}}", nested_arrays(126)));
            let over = read(&format!("{{\"a\": {}}}", nested_arrays(127)));
            let deepest = read(&deep);
            let client_outcomes = [
                call("deep arrays", 200, &[], deep.as_bytes()),
                call("deep objects", 200, &[], nested_objects(100_000).as_bytes()),
                call(
                    "deep error body, code in the header",
                    400,
                    &[("x-amzn-errortype", b"ClientException")],
                    deep_error.as_bytes(),
                ),
                call("deep error body", 400, &[], deep_error.as_bytes()),
            ];
            (edge, over, deepest, client_outcomes)
        })
        .unwrap()
        .join()
        .expect("no stack overflow or panic");

    assert!(edge.unwrap()["a"].is_array());
    for error in [over.unwrap_err(), deepest.unwrap_err()] {
        assert_eq!(error.kind(), ResponseErrorKind::InvalidJson, "{error}");
        assert!(
            error.message().contains("recursion limit exceeded"),
            "{error}"
        );
    }

    let [arrays, objects, coded, uncoded] = client_outcomes;
    assert_eq!(
        response_error("deep arrays", arrays).kind(),
        ResponseErrorKind::InvalidValue
    );
    assert_eq!(objects.unwrap().request_id, None);
    // The modeled error skips the deep unknown member, and so does the
    // reading of the error's code from the body: whether the code comes from
    // the header or the body, the error is the modeled one.
    for (case, outcome) in [("coded", coded), ("uncoded", uncoded)] {
        let error = service_error(case, outcome);
        assert!(
            matches!(error, OperationError::ClientException(_)),
            "{case}: {error:?}"
        );
    }
}
