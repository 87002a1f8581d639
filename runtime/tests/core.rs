//! Exercises the runtime the way generated clients use it: only through the
//! public API, with a hand-written stand-in for a generated operation.

use std::sync::Arc;

use smithy_runtime::http::{HeaderValue, Method, Uri};
use smithy_runtime::validate::{length_str, missing, pattern};
use smithy_runtime::{
    ErrorMetadata, HttpRequest, MockTransport, Path, Pattern, ProvideErrorMetadata, ResponseError,
    SdkError, Transport, TransportError, TransportErrorKind, Unhandled, Validate, ValidationError,
};

static NAME: Pattern = Pattern::new("^[a-z]+$");

struct CreateThingInput {
    name: Option<String>,
}

impl Validate for CreateThingInput {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
        let name_path = path.member("name");
        let name = self.name.as_deref().ok_or_else(|| missing(&name_path))?;
        length_str(&name_path, name, Some(1), Some(8))?;
        pattern(&name_path, name, &NAME)
    }
}

/// What a generated operation does: validate, send, and classify the response.
async fn create_thing(
    transport: &dyn Transport,
    input: &CreateThingInput,
) -> Result<String, SdkError<Unhandled>> {
    input.validate()?;
    let body = serde_json::json!({ "name": input.name }).to_string();
    let mut request = HttpRequest::new(body.into_bytes());
    *request.method_mut() = Method::POST;
    *request.uri_mut() = Uri::from_static("https://example.com/things");
    let token = HeaderValue::from_str(&smithy_runtime::idempotency_token())
        .expect("a UUID is a valid header value");
    request.headers_mut().insert("idempotency-token", token);
    let response = transport.send(request).await?;
    if !response.status().is_success() {
        let meta = ErrorMetadata::from_response(&response);
        return Err(SdkError::service(Unhandled::new(
            meta,
            response.into_body(),
        )));
    }
    let parsed: serde_json::Value = serde_json::from_slice(response.body())
        .map_err(|e| ResponseError::new(&response, e.to_string()))?;
    Ok(parsed["id"].as_str().unwrap_or_default().to_owned())
}

fn input(name: &str) -> CreateThingInput {
    CreateThingInput {
        name: Some(name.to_owned()),
    }
}

#[test]
fn success_path_sends_one_request() {
    let mock = MockTransport::new();
    mock.push_json(200, &[], r#"{"id":"t-1"}"#);
    let id = pollster::block_on(create_thing(&mock, &input("widget"))).unwrap();
    assert_eq!(id, "t-1");

    let sent = mock.last_request().unwrap();
    assert_eq!(sent.method(), "POST");
    assert_eq!(sent.body(), br#"{"name":"widget"}"#);
    let token = sent.headers()["idempotency-token"].to_str().unwrap();
    assert_eq!(token.len(), 36);
}

#[test]
fn invalid_input_is_not_sent() {
    let mock = MockTransport::new();
    // Patterns are checked with the `patterns` feature only.
    if Pattern::CHECKED {
        let error = pollster::block_on(create_thing(&mock, &input("Widget"))).unwrap_err();
        assert!(matches!(error, SdkError::Validation(_)));
        assert_eq!(
            error.to_string(),
            "invalid request: name: value does not match pattern ^[a-z]+$"
        );
    }

    let error =
        pollster::block_on(create_thing(&mock, &CreateThingInput { name: None })).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: name: required member is missing"
    );
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn service_error_carries_parsed_metadata() {
    let mock = MockTransport::new();
    mock.push_json(
        409,
        &[("x-amzn-requestid", "req-42")],
        r#"{"__type":"com.example#ConflictException","message":"already exists"}"#,
    );
    let transport: Arc<dyn Transport> = Arc::new(mock.clone());
    let error = pollster::block_on(create_thing(&*transport, &input("widget"))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "service error: ConflictException: already exists"
    );

    let service = error.into_service_error().unwrap();
    assert_eq!(service.code(), Some("ConflictException"));
    assert_eq!(service.status(), 409);
    assert_eq!(service.request_id(), Some("req-42"));
    assert!(service.body().starts_with(b"{\"__type\""));
}

#[test]
fn transport_and_parse_failures_map_to_their_variants() {
    let mock = MockTransport::new();
    mock.push_error(TransportError::new(
        TransportErrorKind::ConnectionReset,
        "peer hung up",
    ));
    mock.push_json(200, &[("x-amz-request-id", "r-9")], "not json");

    let error = pollster::block_on(create_thing(&mock, &input("a"))).unwrap_err();
    match &error {
        SdkError::Transport(inner) => assert_eq!(inner.kind(), TransportErrorKind::ConnectionReset),
        other => panic!("expected a transport error, got {other:?}"),
    }

    let error = pollster::block_on(create_thing(&mock, &input("a"))).unwrap_err();
    match &error {
        SdkError::Response(inner) => {
            assert_eq!(inner.status(), 200);
            assert_eq!(inner.request_id(), Some("r-9"));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("failed to parse response (HTTP 200): ")
    );

    // The queue is now empty: the next call fails without a response.
    let error = pollster::block_on(create_thing(&mock, &input("a"))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "failed to send request: transport error: mock transport: no response queued"
    );
    assert_eq!(mock.request_count(), 3);
}

static METADATA_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn counted_metadata(response: &smithy_runtime::HttpResponse) -> ErrorMetadata {
    METADATA_READS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    ErrorMetadata::from_response(response)
}

static COUNTED: smithy_runtime::ServiceInfo =
    smithy_runtime::ServiceInfo::new("thing", "thing", "THING", None)
        .with_error_metadata(counted_metadata);

#[test]
fn an_error_response_is_read_for_its_code_once_per_attempt() {
    let config = smithy_runtime::Config::new()
        .with_endpoint_url("http://localhost:8080")
        .with_retry(smithy_runtime::retry::RetryConfig::disabled());
    let mock = MockTransport::new();
    let mut error = smithy_runtime::HttpResponse::new(
        br#"{"__type": "NoSuchThing", "message": "gone"}"#.to_vec(),
    );
    *error.status_mut() = smithy_runtime::http::StatusCode::NOT_FOUND;
    mock.push_response(error);
    let call = smithy_runtime::invoke(&config, &COUNTED, &mock, |url| {
        let mut request = HttpRequest::new(Vec::new());
        *request.uri_mut() = url
            .parse()
            .map_err(|_| smithy_runtime::RequestError::new("url"))?;
        Ok(request)
    });
    let response = pollster::block_on(call).unwrap();
    assert_eq!(METADATA_READS.load(std::sync::atomic::Ordering::SeqCst), 1);
    // What the call loop read is what generated code finds, without reading
    // the body again.
    let cached = ErrorMetadata::cached(&response).expect("the call loop keeps the metadata");
    assert_eq!(cached, ErrorMetadata::from_response(&response));
    assert_eq!(cached.code(), Some("NoSuchThing"));
    // A response no call loop saw has none.
    assert_eq!(
        ErrorMetadata::cached(&smithy_runtime::HttpResponse::new(Vec::new())),
        None
    );
}

#[test]
fn a_client_derives_its_signing_key_once_a_day() {
    let config = smithy_runtime::Config::new()
        .with_endpoint_url("http://localhost:8080")
        .with_region("eu-west-1")
        .with_credentials(smithy_runtime::credentials::Credentials::from_keys(
            "AKID", "secret",
        ))
        .with_retry(smithy_runtime::retry::RetryConfig::disabled());
    let mock = MockTransport::new();
    let clone = config.clone();
    for config in [&config, &config, &clone] {
        mock.push_json(200, &[], "{}");
        let call = smithy_runtime::invoke(config, &COUNTED, &mock, |url| {
            let mut request = HttpRequest::new(Vec::new());
            *request.uri_mut() = url
                .parse()
                .map_err(|_| smithy_runtime::RequestError::new("url"))?;
            Ok(request)
        });
        pollster::block_on(call).unwrap();
    }
    let signed = mock.requests();
    assert_eq!(signed.len(), 3);
    assert!(
        signed
            .iter()
            .all(|r| r.headers().contains_key("authorization"))
    );
    // Three signatures, one key (the config's clones share the cache).
    assert_eq!(config.signing_keys().derived(), 1);
}
