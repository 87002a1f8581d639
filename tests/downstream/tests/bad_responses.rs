//! The client generated from `tests/fixtures/types.json` on bad responses,
//! through `MockTransport` (issue "Hardening"): every kind of value a
//! restJson1 response can hold — timestamps in each format and place,
//! blobs, numbers of every width, enums and intEnums, unions, documents,
//! sparse collections, header bindings — given values that do not fit.
//!
//! Each bad value must give a typed `SdkError::Response` whose kind says what
//! was wrong and whose path names the member (`shape.group[1].label`); each
//! value added after generation (an enum value, a union member, an unknown
//! member) must be kept or ignored, never an error; and nesting deeper than
//! the parser's limit must fail cleanly, never overflow the stack.

use downstream_example::types_service::Client;
use downstream_example::types_service::error::PutValuesError;
use downstream_example::types_service::types::{
    EchoObjectInput, PutPhotoInput, PutShapeInput, PutTimesInput, PutValuesInput, Shape, State,
};
use smithy_runtime::serde_json::{Value, json};
use smithy_runtime::{
    Config, DateTime, MockTransport, ProvideErrorMetadata, ResponseError, ResponseErrorKind,
    RetryConfig, SdkError, TransportErrorKind,
};

fn client_with(config: Config) -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    let config = config
        .with_endpoint_url("http://127.0.0.1:1/base")
        .with_retry(RetryConfig::disabled());
    (Client::new(config, transport.clone()), transport)
}

fn client() -> (Client<MockTransport>, MockTransport) {
    client_with(Config::new())
}

/// A response with raw header bytes (not necessarily UTF-8) and body.
fn respond(transport: &MockTransport, status: u16, headers: &[(&str, &[u8])], body: &[u8]) {
    let mut response = smithy_runtime::http::Response::builder().status(status);
    for (name, value) in headers {
        let value = smithy_runtime::http::HeaderValue::from_bytes(value).unwrap();
        response = response.header(*name, value);
    }
    transport.push_response(response.body(body.to_vec()).unwrap());
}

fn values_input() -> PutValuesInput {
    PutValuesInput::builder().score(1.0).build().unwrap()
}

fn times_input() -> PutTimesInput {
    PutTimesInput::builder()
        .when(DateTime::from_secs(0))
        .build()
        .unwrap()
}

fn photo_input() -> PutPhotoInput {
    PutPhotoInput::builder().id("p").build().unwrap()
}

fn response_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    case: &str,
    outcome: Result<T, SdkError<E>>,
) -> ResponseError {
    match outcome {
        Err(SdkError::Response(error)) => error,
        other => panic!("{case}: expected a response error, got {other:?}"),
    }
}

/// What is wrong with `error`, if it lacks `kind`, `path` or any fragment
/// of `message`. Tests gather these over a table and report them together.
fn check(
    case: &str,
    error: &ResponseError,
    kind: ResponseErrorKind,
    path: Option<&str>,
    message: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    if error.kind() != kind {
        problems.push(format!(
            "{case}: kind {:?}, not {kind:?}: {error}",
            error.kind()
        ));
    }
    if error.path() != path {
        problems.push(format!(
            "{case}: path {:?}, not {path:?}: {error}",
            error.path()
        ));
    }
    for fragment in message {
        if !error.message().contains(fragment) {
            problems.push(format!("{case}: {fragment:?} not in {:?}", error.message()));
        }
    }
    problems
}

fn assert_no_problems(problems: &[String]) {
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn nested_arrays(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

// ------------------------------------------------- values that do not fit

/// (case, body of a `PutValues` response, kind, path, message fragments)
type Case = (
    &'static str,
    String,
    ResponseErrorKind,
    Option<&'static str>,
    &'static [&'static str],
);

fn bad_values() -> Vec<Case> {
    use ResponseErrorKind::{InvalidJson, InvalidValue};
    let deep_doc = format!(r#"{{"doc": {}}}"#, nested_arrays(100_000));
    let deep_union = r#"{"group": ["#.repeat(100_000) + &"]}".repeat(100_000);
    let deep_frames = r#"{"frame": {"inner": "#.repeat(50_000) + "null" + &"}}".repeat(50_000);
    vec![
        // Blobs.
        (
            "a blob that is not base64",
            r#"{"data": "not base64!"}"#.into(),
            InvalidValue,
            Some("data"),
            &[
                "invalid base64: unexpected character ' ' at offset 3",
                "line 1 column 22",
            ],
        ),
        (
            "a blob with bad padding",
            r#"{"data": "Zg="}"#.into(),
            InvalidValue,
            Some("data"),
            &["invalid base64"],
        ),
        (
            "a blob as a number",
            r#"{"data": 5}"#.into(),
            InvalidValue,
            Some("data"),
            &["invalid type: integer `5`, expected a base64 string"],
        ),
        // Integers.
        (
            "an integer over i32",
            r#"{"count": 4294967296}"#.into(),
            InvalidValue,
            Some("count"),
            &["invalid value: integer `4294967296`, expected i32"],
        ),
        (
            "an integer with a fraction",
            r#"{"count": 1.5}"#.into(),
            InvalidValue,
            Some("count"),
            &["invalid type: floating point `1.5`, expected i32"],
        ),
        (
            "an integer of 30 digits",
            format!(r#"{{"count": {}}}"#, "9".repeat(30)),
            InvalidValue,
            Some("count"),
            &["invalid type: floating point", "expected i32"],
        ),
        (
            // JSON sets no bound on numbers: a value too large for an f64
            // is a value that does not fit, not a syntax error.
            "an integer of 400 digits",
            format!(r#"{{"count": {}}}"#, "9".repeat(400)),
            InvalidValue,
            Some("count"),
            &["number out of range"],
        ),
        (
            "an integer beyond f64",
            r#"{"count": 1e400}"#.into(),
            InvalidValue,
            Some("count"),
            &["number out of range"],
        ),
        (
            "an integer as a string",
            r#"{"count": "1"}"#.into(),
            InvalidValue,
            Some("count"),
            &["invalid type: string \"1\", expected i32"],
        ),
        // Floats.
        (
            "a double beyond f64",
            r#"{"score": 1e400}"#.into(),
            InvalidValue,
            Some("score"),
            &["number out of range"],
        ),
        (
            "a double as an unknown word",
            r#"{"score": "nan"}"#.into(),
            InvalidValue,
            Some("score"),
            &["nan"],
        ),
        (
            "a list item of the wrong type",
            r#"{"scores": [1, "x"]}"#.into(),
            InvalidValue,
            Some("scores[1]"),
            &[],
        ),
        // Big numbers.
        (
            "a bigInteger with a fraction",
            r#"{"big": 1.5}"#.into(),
            InvalidValue,
            Some("big"),
            &[],
        ),
        (
            "a bigInteger as an object",
            r#"{"big": {}}"#.into(),
            InvalidValue,
            Some("big"),
            &[],
        ),
        // Enums: a value of the wrong JSON type is an error (a new value is not).
        (
            "an intEnum over i32",
            r#"{"priority": 99999999999}"#.into(),
            InvalidValue,
            Some("priority"),
            &["expected i32"],
        ),
        (
            "an intEnum as a string",
            r#"{"priority": "10"}"#.into(),
            InvalidValue,
            Some("priority"),
            &[],
        ),
        (
            "an enum as a number",
            r#"{"state": 5}"#.into(),
            InvalidValue,
            Some("state"),
            &[],
        ),
        // Sparse collections and maps.
        (
            "a sparse map value of the wrong type",
            r#"{"sparseMap": {"a": "x"}}"#.into(),
            InvalidValue,
            Some("sparseMap.a"),
            &["expected i32"],
        ),
        (
            "a sparse list as an object",
            r#"{"sparseList": {}}"#.into(),
            InvalidValue,
            Some("sparseList"),
            &["expected a sequence"],
        ),
        // Unions.
        (
            "a union with two members",
            r#"{"shape": {"circle": 1, "label": "x"}}"#.into(),
            InvalidValue,
            Some("shape"),
            &["more than one member set: circle and label"],
        ),
        (
            "a union with no member",
            r#"{"shape": {}}"#.into(),
            InvalidValue,
            Some("shape"),
            &[],
        ),
        (
            "a union as a string",
            r#"{"shape": "circle"}"#.into(),
            InvalidValue,
            Some("shape"),
            &[],
        ),
        (
            "a structure member in a union",
            r#"{"shape": {"square": {"side": "2"}}}"#.into(),
            InvalidValue,
            Some("shape.square.side"),
            &["expected i32"],
        ),
        (
            "a member deep in a union list",
            r#"{"shape": {"group": [{"circle": 1}, {"label": 5}]}}"#.into(),
            InvalidValue,
            Some("shape.group[1].label"),
            &["expected a string"],
        ),
        (
            "a union timestamp in the wrong format",
            r#"{"shape": {"at": 1576540098}}"#.into(),
            InvalidValue,
            Some("shape.at"),
            &[],
        ),
        // Depth.
        (
            "a document 100000 deep",
            deep_doc,
            InvalidJson,
            Some("doc"),
            &["recursion limit exceeded"],
        ),
        (
            "a union 100000 deep",
            format!(r#"{{"shape": {deep_union}}}"#),
            InvalidJson,
            Some("shape.group[0].group[0]"),
            &["recursion limit exceeded"],
        ),
        (
            "frames 50000 deep",
            format!(r#"{{"shape": {deep_frames}}}"#),
            InvalidJson,
            Some("shape.frame.inner.frame.inner"),
            &["recursion limit exceeded"],
        ),
    ]
}

#[test]
fn values_that_do_not_fit_their_member_are_typed_errors_naming_it() {
    let mut problems = Vec::new();
    for (case, body, kind, path, message) in bad_values() {
        let (client, transport) = client();
        respond(
            &transport,
            200,
            &[("x-amzn-requestid", b"rid")],
            body.as_bytes(),
        );
        let error = response_error(case, pollster::block_on(client.put_values(values_input())));
        // Nesting errors are met inside the deepest member the parser
        // reached: the path starts with `path` and runs about 127 levels
        // deeper (bounded by the limit, like the message).
        if message.contains(&"recursion limit exceeded") {
            let prefix = path.unwrap_or_default();
            let found = error.path().unwrap_or_default();
            if !found.starts_with(prefix) || found.len() > 128 * 16 {
                problems.push(format!("{case}: path {found:?}"));
            }
            problems.extend(check(case, &error, kind, error.path(), message));
        } else {
            problems.extend(check(case, &error, kind, path, message));
        }
        assert_eq!(error.request_id(), Some("rid"), "{case}");
        assert_eq!(error.status(), 200, "{case}");
    }
    assert_no_problems(&problems);
}

#[test]
fn timestamps_that_do_not_parse_are_typed_errors_naming_the_member() {
    let mut problems = Vec::new();
    use ResponseErrorKind::{InvalidHeader, InvalidValue};
    let body_cases: [(&str, &str, Option<&str>); 9] = [
        (
            "an epoch-seconds timestamp as text",
            r#"{"created": "yesterday"}"#,
            Some("created"),
        ),
        (
            "an epoch-seconds timestamp out of range",
            r#"{"created": 1e300}"#,
            Some("created"),
        ),
        (
            "a date-time with month 13",
            r#"{"updated": "2019-13-16T23:48:18Z"}"#,
            Some("updated"),
        ),
        (
            "a date-time as a number",
            r#"{"updated": 1576540098}"#,
            Some("updated"),
        ),
        (
            "a date-time without a zone",
            r#"{"updated": "2019-12-16T23:48:18"}"#,
            Some("updated"),
        ),
        (
            "an http-date on the 32nd",
            r#"{"expires": "Mon, 32 Dec 2019 23:48:18 GMT"}"#,
            Some("expires"),
        ),
        (
            "a bad list item",
            r#"{"timeline": ["2019-12-16T23:48:18Z", "later"]}"#,
            Some("timeline[1]"),
        ),
        (
            "a bad map value",
            r#"{"stamps": {"a": "soon"}}"#,
            Some("stamps.a"),
        ),
        (
            "a sparse list item of the wrong type",
            r#"{"gaps": [null, true]}"#,
            Some("gaps[1]"),
        ),
    ];
    for (case, body, path) in body_cases {
        let (client, transport) = client();
        respond(&transport, 200, &[], body.as_bytes());
        let error = response_error(case, pollster::block_on(client.put_times(times_input())));
        problems.extend(check(
            case,
            &error,
            InvalidValue,
            path,
            &["invalid JSON body at", "line 1 column"],
        ));
    }

    let header_cases: [(&str, &str, &[u8], &str); 5] = [
        (
            "an http-date header that is not a date",
            "X-At",
            b"garbage",
            "header X-At",
        ),
        (
            "an epoch-seconds header that is not a number",
            "X-At-Epoch",
            b"soon",
            "header X-At-Epoch",
        ),
        (
            "an epoch-seconds header out of range",
            "X-At-Epoch",
            b"1e300",
            "header X-At-Epoch",
        ),
        (
            "a list header with a bad item",
            "X-History",
            b"Mon, 16 Dec 2019 23:48:18 GMT, never",
            "header X-History",
        ),
        (
            "a timestamp header that is not text",
            "X-At",
            b"Mon, 16 Dec 2019 23:48:18 \xff",
            "header X-At is not valid text",
        ),
    ];
    for (case, name, value, message) in header_cases {
        let (client, transport) = client();
        respond(&transport, 200, &[(name, value)], b"{}");
        let error = response_error(case, pollster::block_on(client.put_times(times_input())));
        problems.extend(check(case, &error, InvalidHeader, None, &[message]));
    }
    assert_no_problems(&problems);
}

#[test]
fn bad_header_values_are_typed_errors_naming_the_header() {
    let mut problems = Vec::new();
    let cases: [(&str, &str, &[u8], &str); 6] = [
        (
            "a media-type header that is not text",
            "X-Caption",
            b"\xff\xfe",
            "header X-Caption is not valid text",
        ),
        (
            "a media-type header that is not base64",
            "X-Caption",
            b"!!!",
            "header X-Caption is not base64",
        ),
        (
            "a media-type header that is not UTF-8 once decoded",
            "X-Caption",
            b"/w==",
            "does not decode to UTF-8 text",
        ),
        (
            "an intEnum header that is a word",
            "X-Level",
            b"high",
            "header X-Level has an invalid value \"high\"",
        ),
        (
            "an intEnum header over i32",
            "X-Level",
            b"99999999999",
            "header X-Level has an invalid value",
        ),
        (
            "a double header that is a word",
            "X-Ratio",
            b"half",
            "header X-Ratio has an invalid value",
        ),
    ];
    for (case, name, value, message) in cases {
        let (client, transport) = client();
        respond(&transport, 201, &[(name, value)], b"");
        let error = response_error(case, pollster::block_on(client.put_photo(photo_input())));
        problems.extend(check(
            case,
            &error,
            ResponseErrorKind::InvalidHeader,
            None,
            &[message],
        ));
        assert_eq!(error.status(), 201, "{case}");
    }

    // Headers the output does not bind may hold any bytes.
    let (client, transport) = client();
    respond(
        &transport,
        299,
        &[("X-Other", b"\x80\xff"), ("X-Ratio", b"1e400")],
        b"\xff\x00raw",
    );
    let output = pollster::block_on(client.put_photo(photo_input())).unwrap();
    assert_eq!(
        output.thumbnail.as_ref().map(|b| b.as_ref().to_vec()),
        Some(b"\xff\x00raw".to_vec())
    );
    assert_eq!(output.ratio, Some(f64::INFINITY));
    assert_eq!(output.status, Some(299));
    assert_no_problems(&problems);
}

#[test]
fn a_union_payload_that_is_not_json_is_a_typed_error() {
    let mut problems = Vec::new();
    let cases: [(&str, &[u8], ResponseErrorKind, Option<&str>); 3] = [
        ("not JSON", b"circle", ResponseErrorKind::InvalidJson, None),
        (
            "not UTF-8",
            b"{\"label\": \"\xff\"}",
            ResponseErrorKind::InvalidJson,
            Some("label"),
        ),
        (
            "a member of the wrong type",
            br#"{"circle": "x"}"#,
            ResponseErrorKind::InvalidValue,
            Some("circle"),
        ),
    ];
    for (case, body, kind, path) in cases {
        let (client, transport) = client();
        respond(&transport, 200, &[], body);
        let error = response_error(
            case,
            pollster::block_on(client.put_shape(PutShapeInput::default())),
        );
        problems.extend(check(case, &error, kind, path, &[]));
    }
    assert_no_problems(&problems);
}

// --------------------------------------------- values added later: kept

#[test]
fn new_enum_values_union_members_and_unknown_members_are_kept_or_ignored() {
    let (client, transport) = client();
    let body = format!(
        r#"{{"state": "brand-new", "color": "green", "priority": 12345,
            "shape": {{"__type": "x", "hexagon": {{"sides": 6, "deep": {}}}}},
            "doc": {{"edge": {}}},
            "big": {},
            "newMember": {{"a": [1, 2, {{"b": null}}]}}, "count": 7}}"#,
        nested_arrays(1000),
        nested_arrays(100),
        "1".repeat(10_000),
    );
    respond(&transport, 200, &[], body.as_bytes());
    let output = pollster::block_on(client.put_values(values_input())).unwrap();
    assert_eq!(output.state, Some(State::Unknown("brand-new".to_owned())));
    assert_eq!(output.state.as_ref().map(State::as_str), Some("brand-new"));
    #[allow(deprecated)]
    let green = downstream_example::types_service::types::OldColor::Unknown("green".to_owned());
    assert_eq!(output.color, Some(green));
    assert_eq!(
        output.priority,
        Some(downstream_example::types_service::types::Priority::Unknown(
            12345
        ))
    );
    assert_eq!(output.shape, Some(Shape::Unknown("hexagon".to_owned())));
    // A document 101 levels deep (within the parser's limit) is read whole.
    let mut depth = 0;
    let mut doc = &output.doc.as_ref().unwrap()["edge"];
    while let Value::Array(items) = doc {
        depth += 1;
        match items.first() {
            Some(inner) => doc = inner,
            None => break,
        }
    }
    assert_eq!(depth, 100);
    assert_eq!(output.big.as_ref().map(|b| b.as_str().len()), Some(10_000));
    assert_eq!(output.count, Some(7));
}

#[test]
fn empty_and_null_bodies_give_outputs_with_nothing_set() {
    for body in [
        &b""[..],
        b"  \n",
        b"{}",
        br#"{"data": null, "shape": null, "doc": null, "count": null}"#,
    ] {
        let (client, transport) = client();
        respond(&transport, 200, &[], body);
        let output = pollster::block_on(client.put_values(values_input())).unwrap();
        assert_eq!(output.data, None);
        assert_eq!(output.shape, None);
        // `count` has `@default(0)`: missing or `null`, it reads as that.
        assert_eq!(output.count, Some(0));
        assert_eq!(output.state, None);
        // `null` for a document is no document, as for any member.
        assert_eq!(output.doc, None);
    }
    // A `null` document inside a list is kept as a JSON null.
    let (client, transport) = client();
    respond(&transport, 200, &[], br#"{"doc": [null]}"#);
    let output = pollster::block_on(client.put_values(values_input())).unwrap();
    assert_eq!(output.doc, Some(json!([null])));
}

// ----------------------------------------------------------- errors

#[test]
fn a_modeled_error_with_an_unreadable_member_keeps_its_code() {
    let (client, transport) = client();
    respond(
        &transport,
        400,
        &[("x-amzn-requestid", b"rid-7")],
        br#"{"__type": "example.types#BadValue", "message": "too big", "limit": "huge"}"#,
    );
    let error = pollster::block_on(client.put_values(values_input())).unwrap_err();
    let error = error.into_service_error().unwrap();
    let PutValuesError::Unhandled(unhandled) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(error.code(), Some("BadValue"));
    assert_eq!(error.message(), Some("too big"));
    assert_eq!(error.request_id(), Some("rid-7"));
    assert_eq!(error.to_string(), "BadValue: too big");
    let parse = unhandled.parse_error().unwrap();
    assert_eq!(parse.kind(), ResponseErrorKind::InvalidValue);
    assert_eq!(parse.path(), Some("limit"));
}

// ----------------------------------------------------- body size limit

#[test]
fn a_streaming_payload_over_the_limit_is_rejected_and_one_at_it_read() {
    let input = || EchoObjectInput::builder().key("k").build().unwrap();
    let (client, transport) = client_with(Config::new().with_max_response_body(16));
    respond(&transport, 200, &[], &[7; 16]);
    let output = pollster::block_on(client.echo_object(input())).unwrap();
    assert_eq!(output.body.map(|b| b.as_ref().len()), Some(16));

    respond(&transport, 200, &[], &[7; 17]);
    match pollster::block_on(client.echo_object(input())) {
        Err(SdkError::Transport(error)) => {
            assert_eq!(
                error.kind(),
                TransportErrorKind::ResponseTooLarge,
                "{error}"
            );
        }
        other => panic!("expected a size error, got {other:?}"),
    }
}
