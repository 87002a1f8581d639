//! Every type and trait restJson1 can say, driven through the client
//! generated from `tests/fixtures/types.json`: the exact wire form of each
//! (JSON body, URI, headers, raw payloads), and responses read back.

use std::collections::HashMap;

use downstream_example::types_service::Client;
use downstream_example::types_service::error::PutValuesError;
use downstream_example::types_service::types::{
    Credentials, EchoObjectInput, Frame, Mode, Priority, PutPhotoInput, PutShapeInput,
    PutTimesInput, PutValuesInput, Shape, Square,
};
use smithy_runtime::serde_json::{self, Value, json};
use smithy_runtime::types::base64;
use smithy_runtime::{
    BigDecimal, BigInteger, Blob, Config, DateTime, MockTransport, RetryConfig, SdkError,
};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn client() -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1/base")
        .with_retry(RetryConfig::disabled());
    (Client::new(config, transport.clone()), transport)
}

/// A response with raw headers and body.
fn respond(transport: &MockTransport, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let mut response = smithy_runtime::http::Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    transport.push_response(response.body(body.to_vec()).unwrap());
}

fn body_json(request: &smithy_runtime::HttpRequest) -> Value {
    serde_json::from_slice(request.body()).unwrap()
}

fn header<'a>(request: &'a smithy_runtime::HttpRequest, name: &str) -> &'a str {
    request.headers()[name].to_str().unwrap()
}

/// 2019-12-16T23:48:18Z.
fn t() -> DateTime {
    DateTime::from_secs(1_576_540_098)
}

#[test]
fn timestamps_in_every_place_and_format() {
    let (client, transport) = client();
    let half = DateTime::from_millis(1_576_540_098_500);
    let input = PutTimesInput::builder()
        .when(t())
        .since(t())
        .since_epoch(half)
        .times(vec![t(), DateTime::from_secs(0)])
        .at(t())
        .at_iso(t())
        .history(vec![t(), DateTime::from_secs(0)])
        .created(half)
        .updated(half)
        .expires(t())
        .timeline(vec![t()])
        .stamps(HashMap::from([("a".to_owned(), t())]))
        .gaps(vec![Some(t()), None])
        .build()
        .unwrap();
    respond(
        &transport,
        200,
        &[
            ("X-At", "Mon, 16 Dec 2019 23:48:18 GMT"),
            ("X-At-Epoch", "1576540098.5"),
            (
                "X-History",
                "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT",
            ),
        ],
        br#"{"created":1576540098.5,"updated":"2019-12-16T23:48:18.5Z",
            "expires":"Mon, 16 Dec 2019 23:48:18 GMT","timeline":["2019-12-16T23:48:18Z"],
            "stamps":{"a":"Mon, 16 Dec 2019 23:48:18 GMT"},"gaps":[null,"1970-01-01T00:00:00Z"]}"#,
    );
    let output = pollster::block_on(client.put_times(input)).unwrap();

    let request = transport.last_request().unwrap();
    assert_eq!(request.method(), "PUT");
    // Labels and queries default to date-time; `sinceEpoch` says otherwise.
    assert_eq!(
        request.uri(),
        "http://127.0.0.1:1/base/times/2019-12-16T23%3A48%3A18Z\
         ?since=2019-12-16T23%3A48%3A18Z&sinceEpoch=1576540098.5\
         &times=2019-12-16T23%3A48%3A18Z&times=1970-01-01T00%3A00%3A00Z"
    );
    // Headers default to http-date; a list of them is joined, unquoted.
    assert_eq!(header(&request, "x-at"), "Mon, 16 Dec 2019 23:48:18 GMT");
    assert_eq!(header(&request, "x-at-iso"), "2019-12-16T23:48:18Z");
    assert_eq!(
        header(&request, "x-history"),
        "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT"
    );
    // The body defaults to epoch-seconds.
    assert_eq!(
        body_json(&request),
        json!({
            "created": 1576540098.5,
            "updated": "2019-12-16T23:48:18.5Z",
            "expires": "Mon, 16 Dec 2019 23:48:18 GMT",
            "timeline": ["2019-12-16T23:48:18Z"],
            "stamps": {"a": "Mon, 16 Dec 2019 23:48:18 GMT"},
            "gaps": ["2019-12-16T23:48:18Z", null]
        })
    );

    assert_eq!(output.at, Some(t()));
    assert_eq!(output.at_epoch, Some(half));
    assert_eq!(output.history, Some(vec![t(), DateTime::from_secs(0)]));
    assert_eq!(output.created, Some(half));
    assert_eq!(output.updated, Some(half));
    assert_eq!(output.expires, Some(t()));
    assert_eq!(output.timeline, Some(vec![t()]));
    assert_eq!(output.stamps, Some(HashMap::from([("a".to_owned(), t())])));
    assert_eq!(output.gaps, Some(vec![None, Some(DateTime::from_secs(0))]));
}

#[test]
fn a_timestamp_in_the_wrong_format_is_a_response_error() {
    let (client, transport) = client();
    transport.push_json(200, &[], r#"{"updated":1576540098}"#);
    let input = PutTimesInput::builder().when(t()).build().unwrap();
    let error = pollster::block_on(client.put_times(input)).unwrap_err();
    assert!(matches!(error, SdkError::Response(_)), "{error:?}");
}

#[allow(deprecated)] // `legacy` is deprecated in the model.
fn values() -> PutValuesInput {
    PutValuesInput::builder()
        .data(Blob::new(*b"\x00hi"))
        .big(
            "123456789012345678901234567890"
                .parse::<BigInteger>()
                .unwrap(),
        )
        .precise("-1.5e-300".parse::<BigDecimal>().unwrap())
        .weight(f32::NAN)
        .score(f64::NEG_INFINITY)
        .scores(vec![1.5, f64::INFINITY])
        .ratios(HashMap::from([("x".to_owned(), 0.25_f32)]))
        .doc(json!({"any": [1, "two", null]}))
        .shape(Shape::At(t()))
        .priority(Priority::High)
        .sparse_list(vec![Some("a".to_owned()), None])
        .sparse_map(HashMap::from([("k".to_owned(), None)]))
        .secret("hunter2")
        .password("pw-123")
        .secrets(vec!["s-1".to_owned()])
        .credentials(Credentials {
            user: Some("u-1".to_owned()),
            key: Some("k-1".to_owned()),
        })
        .legacy("old")
        .build()
        .unwrap()
}

#[test]
fn values_of_every_type_are_written_as_restjson1_says() {
    let (client, transport) = client();
    transport.push_json(200, &[], "{}");
    pollster::block_on(client.put_values(values())).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:1/base/values");
    assert_eq!(header(&request, "content-type"), "application/json");
    // Big numbers are number tokens of any length, which `Value` cannot hold.
    let text = std::str::from_utf8(request.body()).unwrap();
    assert!(
        text.contains(r#""big":123456789012345678901234567890,"#),
        "{text}"
    );
    assert!(text.contains(r#""precise":-1.5e-300,"#), "{text}");
    let mut body = body_json(&request);
    let object = body.as_object_mut().unwrap();
    object.remove("big");
    object.remove("precise");
    assert_eq!(
        body,
        json!({
            "data": "AGhp",
            "weight": "NaN",
            "score": "-Infinity",
            "scores": [1.5, "Infinity"],
            "ratios": {"x": 0.25},
            "doc": {"any": [1, "two", null]},
            "shape": {"at": "2019-12-16T23:48:18Z"},
            "priority": 10,
            // Sparse collections keep their nulls.
            "sparseList": ["a", null],
            "sparseMap": {"k": null},
            "secret": "hunter2",
            "password": "pw-123",
            "secrets": ["s-1"],
            "credentials": {"user": "u-1", "key": "k-1"},
            "legacy": "old",
            // Required members with a default get it when not set; optional
            // ones (`count`, `mode`, `labels`) are left out.
            "retries": 3,
            "offset": -5,
            "enabled": true,
            "kind": "slow",
            "flags": [],
            "level": 10,
            "factor": 1.5,
            "name": "anonymous"
        })
    );
}

#[test]
fn responses_read_every_type_back() {
    let (client, transport) = client();
    transport.push_json(
        200,
        &[],
        r#"{"data":"AGhp","big":123456789012345678901234567890,"precise":1.25E+400,
            "weight":"Infinity","score":"NaN","scores":[0.5,"-Infinity"],
            "doc":{"nested":{"x":[true]}},
            "shape":{"__type":"example.types#Shape","frame":{"inner":{"square":{"side":2}},"title":"t"}},
            "priority":7,"sparseList":["x",null],"sparseMap":{"a":1,"b":null},
            "secret":"s","color":"red","count":0}"#,
    );
    let output = pollster::block_on(client.put_values(values())).unwrap();
    assert_eq!(output.data, Some(Blob::new(*b"\x00hi")));
    assert_eq!(
        output.big.as_ref().map(BigInteger::as_str),
        Some("123456789012345678901234567890")
    );
    assert_eq!(
        output.precise.as_ref().map(BigDecimal::as_str),
        Some("1.25E+400")
    );
    assert_eq!(output.weight, Some(f32::INFINITY));
    assert!(output.score.unwrap().is_nan());
    assert_eq!(output.scores, Some(vec![0.5, f64::NEG_INFINITY]));
    assert_eq!(output.doc, Some(json!({"nested": {"x": [true]}})));
    // `__type` is ignored; a union inside a structure inside the union.
    assert_eq!(
        output.shape,
        Some(Shape::Frame(Box::new(Frame {
            inner: Some(Box::new(Shape::Square(Box::new(Square { side: Some(2) })))),
            title: Some("t".to_owned()),
        })))
    );
    assert_eq!(output.priority, Some(Priority::Unknown(7)));
    assert_eq!(output.sparse_list, Some(vec![Some("x".to_owned()), None]));
    assert_eq!(
        output.sparse_map,
        Some(HashMap::from([
            ("a".to_owned(), Some(1)),
            ("b".to_owned(), None)
        ]))
    );
    #[allow(deprecated)]
    let red = downstream_example::types_service::types::OldColor::Red;
    assert_eq!(output.color, Some(red));
    assert_eq!(output.count, Some(0));
}

#[test]
fn unions_have_exactly_one_member_and_keep_unknown_ones() {
    let (client, transport) = client();
    // A union as the payload is the body's JSON.
    let input = PutShapeInput::builder()
        .shape(Shape::Group(vec![
            Shape::Circle(1.0),
            Shape::Label("x".to_owned()),
        ]))
        .build();
    respond(
        &transport,
        200,
        &[],
        br#"{"hexagon":{"sides":6},"circle":null}"#,
    );
    let output = pollster::block_on(client.put_shape(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(
        body_json(&request),
        json!({"group": [{"circle": 1.0}, {"label": "x"}]})
    );
    // A member added after generation is kept by name, not an error; a null
    // member is no member.
    assert_eq!(output.shape, Some(Shape::Unknown("hexagon".to_owned())));

    // An empty body is no union; several members, or none, are errors.
    respond(&transport, 200, &[], b"");
    let output = pollster::block_on(client.put_shape(PutShapeInput::default())).unwrap();
    assert_eq!(output.shape, None);
    assert!(transport.last_request().unwrap().body().is_empty());
    for body in [&br#"{"circle":1,"label":"x"}"#[..], &b"{}"[..], &b"[]"[..]] {
        respond(&transport, 200, &[], body);
        let error = pollster::block_on(client.put_shape(PutShapeInput::default())).unwrap_err();
        assert!(matches!(error, SdkError::Response(_)), "{error:?}");
    }

    // An unknown member has no value to send.
    let input = PutShapeInput::builder()
        .shape(Shape::Unknown("hexagon".to_owned()))
        .build();
    let count = transport.request_count();
    let error = pollster::block_on(client.put_shape(input)).unwrap_err();
    assert!(error.to_string().contains("hexagon"), "{error}");
    assert!(matches!(error, SdkError::Request(_)), "{error:?}");
    assert_eq!(transport.request_count(), count);
}

#[test]
fn unions_validate_their_active_member() {
    let (client, transport) = client();
    let mut input = values();
    input.shape = Some(Shape::Label(String::new()));
    let error = pollster::block_on(client.put_values(input)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: shape.label: length 0 is below 1"
    );
    let mut input = values();
    input.shape = Some(Shape::Group(vec![
        Shape::Label("ok".to_owned()),
        Shape::Label("far too long".to_owned()),
    ]));
    let error = pollster::block_on(client.put_values(input)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: shape.group[1].label: length 12 exceeds 10"
    );
    assert_eq!(transport.request_count(), 0);
}

#[test]
fn blob_payloads_are_raw_bytes_with_their_media_type() {
    let (client, transport) = client();
    let input = PutPhotoInput::builder()
        .id("p 1")
        .photo(Blob::new(*b"\x89PNG"))
        .caption(r#"{"a":1}"#)
        .level(Priority::None)
        .ratio(0.5_f32)
        .build()
        .unwrap();
    respond(
        &transport,
        201,
        &[
            ("X-Caption", base64::encode("ça").as_str()),
            ("X-Level", "10"),
            ("X-Ratio", "NaN"),
        ],
        &[1, 2, 3],
    );
    let output = pollster::block_on(client.put_photo(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(
        request.uri(),
        "http://127.0.0.1:1/base/photos/p%201?ratio=0.5"
    );
    assert_eq!(header(&request, "content-type"), "image/png");
    assert_eq!(request.body(), b"\x89PNG");
    // A string with a media type travels base64-encoded in a header.
    assert_eq!(header(&request, "x-caption"), "eyJhIjoxfQ==");
    assert_eq!(header(&request, "x-level"), "-1");

    assert_eq!(output.thumbnail, Some(Blob::new([1, 2, 3])));
    assert_eq!(output.caption.as_deref(), Some("ça"));
    assert_eq!(output.level, Some(Priority::High));
    assert!(output.ratio.unwrap().is_nan());
    assert_eq!(output.status, Some(201));
}

#[test]
fn streaming_payloads_are_buffered_bodies() {
    let (client, transport) = client();
    let input = EchoObjectInput::builder()
        .key("a/b c")
        .body(Blob::from("hello"))
        .build()
        .unwrap();
    respond(
        &transport,
        200,
        &[("Content-Type", "text/plain")],
        b"hello back",
    );
    let output = pollster::block_on(client.echo_object(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:1/base/objects/a/b%20c");
    assert_eq!(header(&request, "content-type"), "application/octet-stream");
    assert_eq!(request.body(), b"hello");
    assert_eq!(output.body, Some(Blob::from("hello back")));
    assert_eq!(output.content_type.as_deref(), Some("text/plain"));

    // The body defaults to empty; an empty response body is no payload,
    // streamed or not (Smithy's RestJsonStreamingTraitsWithNoBlobBody),
    // and this output's payload is required (with the default ""), so client
    // error correction reads it as empty.
    let input = EchoObjectInput::builder().key("k").build().unwrap();
    assert!(input.body.is_empty());
    respond(&transport, 200, &[], b"");
    let output = pollster::block_on(client.echo_object(input)).unwrap();
    assert_eq!(output.body, Some(Blob::default()));
}

#[test]
fn sensitive_values_never_appear_in_debug() {
    let input = values();
    let builder = PutValuesInput::builder()
        .secret("hunter2")
        .password("pw-123")
        .secrets(vec!["s-1".to_owned()]);
    let shown = [
        format!("{input:?}"),
        format!("{builder:?}"),
        format!("{:?}", Shape::Secret("shh-1".to_owned())),
        format!(
            "{:?}",
            Credentials {
                user: Some("u-1".to_owned()),
                key: Some("k-1".to_owned())
            }
        ),
    ];
    for text in &shown {
        for secret in ["hunter2", "pw-123", "s-1", "u-1", "k-1", "d-1", "shh-1"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains(REDACTED), "{text}");
    }
    // Everything else still shows.
    assert!(shown[0].contains("retries: 3"), "{}", shown[0]);
    assert_eq!(
        format!("{:?}", Shape::Circle(1.0)),
        "Circle(1.0)",
        "non-sensitive members show"
    );
}

#[test]
fn modeled_errors_read_floats_and_sensitive_members() {
    let (client, transport) = client();
    transport.push_json(
        400,
        &[("x-amzn-errortype", "BadValue")],
        r#"{"message":"too big","detail":"d-1","limit":"Infinity"}"#,
    );
    let error = pollster::block_on(client.put_values(values())).unwrap_err();
    let error = error.into_service_error().unwrap();
    let PutValuesError::BadValue(bad) = error else {
        panic!("expected BadValue, got {error:?}");
    };
    assert_eq!(bad.limit, Some(f64::INFINITY));
    assert_eq!(bad.detail.as_deref(), Some("d-1"));
    // The error's own `Debug` hides the sensitive member and shows the rest.
    let shown = format!("{bad:?}");
    assert!(!shown.contains("d-1"), "{shown}");
    assert!(shown.contains(REDACTED), "{shown}");
    assert!(shown.contains(r#"message: Some("too big")"#), "{shown}");
    assert!(shown.contains("meta: "), "{shown}");
}

#[test]
fn int_enums_have_a_variant_per_value() {
    assert_eq!(Priority::from(10), Priority::High);
    assert_eq!(Priority::None.as_i32(), -1);
    assert_eq!(Priority::VALUES, &[1, 10, -1]);
    assert_eq!(Priority::Unknown(7).to_string(), "7");
    assert_eq!(serde_json::to_string(&Priority::Low).unwrap(), "1");
    assert_eq!(
        serde_json::from_str::<Priority>("-1").unwrap(),
        Priority::None
    );
    assert!(serde_json::from_str::<Priority>(r#""1""#).is_err());
    assert_eq!(Mode::from("fast"), Mode::Fast);
}

#[test]
#[allow(deprecated)] // The operation is deprecated in the model.
fn deprecated_operations_still_work() {
    let (client, transport) = client();
    transport.push_json(200, &[], "");
    pollster::block_on(client.old_ping()).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:1/base/ping");
    let config = downstream_example::types_service::types::LegacyConfig {
        value: Some("v".to_owned()),
    };
    let mut input = values();
    input.legacy_config = Some(config.clone());
    transport.push_json(200, &[], "{}");
    pollster::block_on(client.put_values(input)).unwrap();
    let body = body_json(&transport.last_request().unwrap());
    assert_eq!(body["legacyConfig"], json!({"value": "v"}));
}
