//! The generated Image Builder client over real HTTP on 127.0.0.1: the
//! default `HttpsTransport` (plain `http://` here) against a scripted local
//! server that records every request (issue 3, "Tests (loopback only)").
//!
//! Each request is checked as it arrived on the wire — method, path, query,
//! headers, body — and its SigV4 signature is recomputed by the test's own
//! verifier (`support::verify_sigv4`, built on the `hmac` and `sha2`
//! crates, not on `smithy_runtime::sigv4`). Expected values come from the
//! model and the restJson1 protocol, not from the client's output.
//!
//! Each test runs its client on its own current-thread Tokio runtime, as
//! the transport requires, and its own server; no test touches the network
//! beyond 127.0.0.1.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::builders::UpdateInfrastructureConfigurationRequestBuilder;
use imagebuilder::types::{
    InstanceMetadataOptions, Logging, S3Logs, UpdateInfrastructureConfigurationRequest,
    UpdateInfrastructureConfigurationResponse,
};
use serde_json::{Value, json};
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::sleep::Sleep;
use smithy_runtime::{
    BoxFuture, Config, HttpRequest, HttpResponse, ProvideErrorMetadata, RetryConfig, SdkError,
    Transport, TransportError, TransportErrorKind,
};
use support::{
    ACCESS_KEY_ID, ARN, OPERATION_PATH, Recorded, Reply, SECRET_ACCESS_KEY, SESSION_TOKEN, Server,
    Signer, TOKEN, refused_port, verify_signature, verify_sigv4,
};

type Outcome = Result<UpdateInfrastructureConfigurationResponse, SdkError<OperationError>>;

/// The operation's errors with their `@httpError` codes from the model.
const ERRORS: [(&str, u16); 8] = [
    ("ServiceException", 500),
    ("ClientException", 400),
    ("ServiceUnavailableException", 503),
    ("InvalidRequestException", 400),
    ("IdempotentParameterMismatchException", 400),
    ("ForbiddenException", 403),
    ("CallRateLimitExceededException", 429),
    ("ResourceInUseException", 400),
];

// ---------------------------------------------------------------- helpers

/// Runs `future` on a fresh current-thread Tokio runtime with I/O and time.
fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

/// Signing with the test keys, for us-east-1, sending to `url`, making at
/// most `max_attempts` attempts with 5 ms of initial backoff.
fn config(url: &str, max_attempts: u32) -> Config {
    config_with(
        url,
        max_attempts,
        Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
    )
}

fn config_with(url: &str, max_attempts: u32, credentials: Credentials) -> Config {
    Config::new()
        .with_endpoint_url(url)
        .with_region("us-east-1")
        .with_credentials(credentials)
        .with_retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_attempts(max_attempts),
        )
}

/// The default transport with bounded timeouts, so no test can hang.
fn transport() -> HttpsTransport {
    HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .expect("the transport builds")
}

fn client(url: &str, max_attempts: u32) -> Client<HttpsTransport> {
    Client::new(config(url, max_attempts), transport())
}

fn call(
    client: &Client<impl Transport>,
    input: UpdateInfrastructureConfigurationRequest,
) -> Outcome {
    run(client.update_infrastructure_configuration(input))
}

/// The two required members a caller must set.
fn minimal_builder() -> UpdateInfrastructureConfigurationRequestBuilder {
    UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstanceProfile")
}

fn minimal_input() -> UpdateInfrastructureConfigurationRequest {
    minimal_builder().client_token(TOKEN).build().unwrap()
}

/// A request with every member set.
fn full_input() -> UpdateInfrastructureConfigurationRequest {
    minimal_builder()
        .description("Builds the web tier")
        .instance_types(vec!["m5.large".to_owned(), "c5.xlarge".to_owned()])
        .security_group_ids(vec!["sg-0123456789abcdef0".to_owned()])
        .subnet_id("subnet-0123456789abcdef0")
        .logging(
            Logging::builder()
                .s3_logs(
                    S3Logs::builder()
                        .s3_bucket_name("build-logs")
                        .s3_key_prefix("image-builder/")
                        .build(),
                )
                .build(),
        )
        .key_pair("debug-key")
        .terminate_instance_on_failure(false)
        .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:image-builds")
        .resource_tags(
            [("Team", "platform"), ("Stage", "prod")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect::<std::collections::HashMap<_, _>>(),
        )
        .instance_metadata_options(
            InstanceMetadataOptions::builder()
                .http_tokens("required")
                .http_put_response_hop_limit(2)
                .build(),
        )
        .client_token(TOKEN)
        .build()
        .unwrap()
}

/// The body [`full_input`] must be sent as, written from the model.
fn full_json() -> Value {
    json!({
        "infrastructureConfigurationArn": ARN,
        "description": "Builds the web tier",
        "instanceTypes": ["m5.large", "c5.xlarge"],
        "instanceProfileName": "ImageBuilderInstanceProfile",
        "securityGroupIds": ["sg-0123456789abcdef0"],
        "subnetId": "subnet-0123456789abcdef0",
        "logging": {"s3Logs": {"s3BucketName": "build-logs", "s3KeyPrefix": "image-builder/"}},
        "keyPair": "debug-key",
        "terminateInstanceOnFailure": false,
        "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:image-builds",
        "resourceTags": {"Team": "platform", "Stage": "prod"},
        "instanceMetadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2},
        "clientToken": TOKEN
    })
}

/// A success response in the model's output member names.
fn success(request_id: &str) -> Reply {
    let body = json!({
        "requestId": request_id,
        "clientToken": TOKEN,
        "infrastructureConfigurationArn": ARN
    });
    Reply::json(200, &[("x-amzn-RequestId", request_id)], &body.to_string())
}

/// Checks what every request of this operation must look like on the wire,
/// and its signature; returns the body as JSON.
fn check_request(request: &Recorded, server: &Server, signer: &Signer<'_>) -> Value {
    assert_eq!(request.method, "PUT");
    assert_eq!(
        request.target, OPERATION_PATH,
        "no query string, exact path"
    );
    assert_eq!(request.path, OPERATION_PATH);
    assert_eq!(request.query, "");
    assert_eq!(request.version, "HTTP/1.1");
    assert_eq!(
        request.header_values("content-type"),
        ["application/json"],
        "{request:?}"
    );
    assert_eq!(
        request.header_values("host"),
        [server.authority().as_str()],
        "{request:?}"
    );
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    let signed = verify_sigv4(request, signer).unwrap_or_else(|e| panic!("{e}\n{request:?}"));
    for name in ["content-type", "host", "x-amz-date"] {
        assert!(
            signed.iter().any(|n| n == name),
            "{name} unsigned: {signed:?}"
        );
    }
    request.json()
}

/// The variant's name and its modeled `message` member.
fn variant(error: &OperationError) -> (&'static str, Option<&str>) {
    use OperationError as E;
    match error {
        E::ServiceException(e) => ("ServiceException", e.message.as_deref()),
        E::ClientException(e) => ("ClientException", e.message.as_deref()),
        E::ServiceUnavailableException(e) => ("ServiceUnavailableException", e.message.as_deref()),
        E::InvalidRequestException(e) => ("InvalidRequestException", e.message.as_deref()),
        E::IdempotentParameterMismatchException(e) => {
            ("IdempotentParameterMismatchException", e.message.as_deref())
        }
        E::ForbiddenException(e) => ("ForbiddenException", e.message.as_deref()),
        E::CallRateLimitExceededException(e) => {
            ("CallRateLimitExceededException", e.message.as_deref())
        }
        E::ResourceInUseException(e) => ("ResourceInUseException", e.message.as_deref()),
        E::Unhandled(_) => ("Unhandled", None),
    }
}

fn service_error(outcome: Outcome) -> OperationError {
    match outcome {
        Err(SdkError::Service(error)) => *error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn transport_error(outcome: Outcome) -> TransportError {
    match outcome {
        Err(SdkError::Transport(error)) => error,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// Forwards to `inner`, counting the requests handed to it.
#[derive(Debug, Clone)]
struct Counting<T> {
    inner: T,
    sends: Arc<AtomicUsize>,
}

impl<T: Transport> Transport for Counting<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sends.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }
}

/// Tokio's timer as the client's [`Sleep`].
#[derive(Debug)]
struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        smithy_runtime::https::tokio_sleep(duration)
    }
}

// ------------------------------------------------------------------ tests

#[test]
fn the_verifier_reproduces_the_aws_documentation_example() {
    // AWS's worked SigV4 example (IAM ListUsers, "Signature Version 4
    // signing process"): the verifier must accept its published signature
    // and reject any change to what was signed.
    let mut request = Recorded {
        method: "GET".to_owned(),
        target: "/?Action=ListUsers&Version=2010-05-08".to_owned(),
        path: "/".to_owned(),
        query: "Action=ListUsers&Version=2010-05-08".to_owned(),
        version: "HTTP/1.1".to_owned(),
        headers: vec![
            (
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
            ),
            ("Host".to_owned(), "iam.amazonaws.com".to_owned()),
            ("X-Amz-Date".to_owned(), "20150830T123600Z".to_owned()),
            (
                "Authorization".to_owned(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date, \
                 Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
                    .to_owned(),
            ),
        ],
        body: Vec::new(),
        connection: 0,
    };
    let signer = Signer {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        session_token: None,
        region: "us-east-1",
        service: "iam",
    };
    verify_signature(&request, &signer).unwrap();
    // It is from 2015, so the full check refuses it as stale.
    let stale = verify_sigv4(&request, &signer).unwrap_err();
    assert!(stale.contains("is not now"), "{stale}");

    let wrong_secret = Signer {
        secret_access_key: "not-the-secret",
        ..signer
    };
    assert!(verify_signature(&request, &wrong_secret).is_err());
    request.query = "Action=ListUsers&Version=2010-05-09".to_owned();
    assert!(verify_signature(&request, &signer).is_err());
}

#[test]
fn success_sends_a_signed_put_with_the_json_body_and_parses_the_output() {
    let server = Server::start(vec![success("req-success")]);
    let client = client(&server.url(), 3);

    let output = call(&client, full_input()).expect("the call succeeds");

    assert_eq!(output.request_id.as_deref(), Some("req-success"));
    assert_eq!(output.client_token.as_deref(), Some(TOKEN));
    assert_eq!(
        output.infrastructure_configuration_arn.as_deref(),
        Some(ARN)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let body = check_request(&requests[0], &server, &Signer::test_keys());
    assert_eq!(body, full_json());
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}

#[test]
fn an_endpoint_with_a_base_path_is_kept_and_signed() {
    let server = Server::start(vec![success("req-base")]);
    let client = client(&format!("{}/base/", server.url()), 1);

    call(&client, minimal_input()).expect("the call succeeds");

    let request = &server.requests()[0];
    assert_eq!(request.target, "/base/UpdateInfrastructureConfiguration");
    verify_sigv4(request, &Signer::test_keys()).unwrap();
}

#[test]
fn each_error_form_gives_the_typed_variant_with_its_metadata() {
    // restJson1 names an error three ways: the X-Amzn-Errortype header (here
    // with the `:url` suffix services add), the body's `code`, the body's
    // `__type` (here with a namespace). Request ids come in either header.
    let forms = ["header", "code", "__type"];
    let mut script = Vec::new();
    let mut expected = Vec::new();
    for (name, status) in ERRORS {
        for form in forms {
            let request_id = format!("rid-{name}-{form}");
            let message = format!("{name} said no ({form})");
            let reply = match form {
                "header" => Reply::json(
                    status,
                    &[
                        (
                            "X-Amzn-Errortype",
                            &format!(
                                "{name}:http://internal.amazon.com/coral/com.amazonaws.imagebuilder/"
                            ),
                        ),
                        ("X-Amzn-RequestId", &request_id),
                    ],
                    &json!({ "message": message }).to_string(),
                ),
                "code" => Reply::json(
                    status,
                    &[("x-amzn-requestid", &request_id)],
                    &json!({ "code": name, "message": message }).to_string(),
                ),
                _ => Reply::json(
                    status,
                    &[("x-amz-request-id", &request_id)],
                    &json!({
                        "__type": format!("com.amazonaws.imagebuilder#{name}"),
                        "message": message
                    })
                    .to_string(),
                ),
            };
            script.push(reply);
            expected.push((name, status, message, request_id));
        }
    }
    // And two the model does not know: a new code, and a proxy's HTML page.
    script.push(Reply::json(
        400,
        &[("x-amzn-requestid", "rid-new")],
        r#"{"__type":"BrandNewException","message":"new"}"#,
    ));
    script.push(Reply::Respond {
        status: 502,
        headers: vec![("Content-Type".to_owned(), "text/html".to_owned())],
        body: b"<html>Bad Gateway</html>".to_vec(),
    });
    let server = Server::start(script);
    // One attempt per call: 429, 500 and 503 would otherwise be retried.
    let client = client(&server.url(), 1);

    for (name, status, message, request_id) in &expected {
        let error = service_error(call(&client, minimal_input()));
        assert_eq!(
            variant(&error),
            (*name, Some(message.as_str())),
            "{error:?}"
        );
        assert_eq!(error.code(), Some(*name));
        assert_eq!(error.message(), Some(message.as_str()));
        assert_eq!(error.status(), *status);
        assert_eq!(error.request_id(), Some(request_id.as_str()));
        let shown = error.to_string();
        assert!(shown.contains(name) && shown.contains(message), "{shown}");
    }
    let error = service_error(call(&client, minimal_input()));
    assert_eq!(variant(&error).0, "Unhandled");
    assert_eq!(
        (
            error.code(),
            error.message(),
            error.status(),
            error.request_id()
        ),
        (Some("BrandNewException"), Some("new"), 400, Some("rid-new"))
    );
    let error = service_error(call(&client, minimal_input()));
    assert_eq!(variant(&error).0, "Unhandled");
    assert_eq!((error.code(), error.status()), (None, 502));
    match &error {
        OperationError::Unhandled(unhandled) => {
            assert_eq!(unhandled.body(), b"<html>Bad Gateway</html>");
        }
        other => panic!("{other:?}"),
    }

    let requests = server.requests();
    assert_eq!(requests.len(), expected.len() + 2, "one request per call");
    for request in &requests {
        check_request(request, &server, &Signer::test_keys());
    }
}

#[test]
fn throttling_then_success_retries_with_the_same_client_token() {
    let server = Server::start(vec![
        Reply::json(
            429,
            &[
                ("X-Amzn-Errortype", "CallRateLimitExceededException"),
                ("X-Amzn-RequestId", "rid-throttled"),
            ],
            r#"{"message":"Rate exceeded"}"#,
        ),
        success("rid-ok"),
    ]);
    let client = client(&server.url(), 3);
    // No token set: the builder fills one, and every attempt must carry it.
    let input = minimal_builder().build().unwrap();

    let output = call(&client, input).expect("the retry succeeds");

    assert_eq!(output.request_id.as_deref(), Some("rid-ok"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one throttled attempt, one retry");
    let first = check_request(&requests[0], &server, &Signer::test_keys());
    let second = check_request(&requests[1], &server, &Signer::test_keys());
    let token = first["clientToken"]
        .as_str()
        .expect("a clientToken is sent");
    assert_eq!(token.len(), 36, "a UUID: {token}");
    assert_eq!(second["clientToken"].as_str(), Some(token));
    assert_eq!(requests[0].body, requests[1].body, "the very same body");
}

#[test]
fn a_server_error_then_success_is_retried() {
    let server = Server::start(vec![
        Reply::json(
            500,
            &[("x-amzn-requestid", "rid-500")],
            r#"{"__type":"ServiceException","message":"internal"}"#,
        ),
        success("rid-ok"),
    ]);
    let client = client(&server.url(), 3);

    let output = call(&client, minimal_input()).expect("the retry succeeds");

    assert_eq!(output.request_id.as_deref(), Some("rid-ok"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        check_request(request, &server, &Signer::test_keys());
    }
    assert_eq!(requests[0].body, requests[1].body);
}

#[test]
fn a_closed_connection_then_success_is_retried() {
    let server = Server::start(vec![Reply::Close, success("rid-ok")]);
    let client = client(&server.url(), 3);

    let output = call(&client, minimal_input()).expect("the retry succeeds");

    assert_eq!(output.request_id.as_deref(), Some("rid-ok"));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        server.connections(),
        2,
        "the closed connection is not reused"
    );
}

#[test]
fn an_invalid_request_is_not_retried() {
    let server = Server::start(vec![
        Reply::json(
            400,
            &[("x-amzn-requestid", "rid-400")],
            r#"{"code":"InvalidRequestException","message":"bad subnet"}"#,
        ),
        success("never-sent"),
    ]);
    let client = client(&server.url(), 3);

    let error = service_error(call(&client, minimal_input()));

    assert_eq!(
        variant(&error),
        ("InvalidRequestException", Some("bad subnet"))
    );
    assert_eq!((error.status(), error.request_id()), (400, Some("rid-400")));
    assert_eq!(server.requests().len(), 1, "a 400 is final");
    assert_eq!(server.replies_left(), 1);
}

#[test]
fn requests_on_one_client_share_a_kept_alive_connection() {
    let server = Server::start(vec![success("rid-1"), success("rid-2"), success("rid-3")]);
    let client = client(&server.url(), 1);

    run(async {
        for expected in ["rid-1", "rid-2", "rid-3"] {
            let output = client
                .update_infrastructure_configuration(minimal_input())
                .await
                .expect("the call succeeds");
            assert_eq!(output.request_id.as_deref(), Some(expected));
        }
    });

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.connection == 0), "{requests:?}");
    assert_eq!(server.connections(), 1);
}

#[test]
fn an_unreadable_success_body_is_a_response_error() {
    let server = Server::start(vec![Reply::json(
        200,
        &[("x-amzn-requestid", "rid-garbled")],
        "{not json",
    )]);
    let client = client(&server.url(), 3);

    match call(&client, minimal_input()) {
        Err(SdkError::Response(error)) => {
            assert_eq!(error.status(), 200);
            assert_eq!(error.request_id(), Some("rid-garbled"));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1, "a 200 is never retried");
}

#[test]
fn connection_refused_fails_after_the_configured_attempts() {
    let url = format!("http://127.0.0.1:{}", refused_port());
    let sends = Arc::new(AtomicUsize::new(0));
    let counting = Counting {
        inner: transport(),
        sends: Arc::clone(&sends),
    };
    let client = Client::new(config(&url, 3), counting);
    let started = Instant::now();

    let error = transport_error(call(&client, minimal_input()));

    assert_eq!(
        error.kind(),
        TransportErrorKind::ConnectionRefused,
        "{error}"
    );
    assert_eq!(
        sends.load(Ordering::SeqCst),
        3,
        "exactly max_attempts sends"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_server_that_never_answers_hits_the_read_timeout_on_every_attempt() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang]);
    let transport = HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let client = Client::new(config(&server.url(), 2), transport);
    let started = Instant::now();

    let error = transport_error(call(&client, minimal_input()));

    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400),
        "two timeouts: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let requests = server.wait_for_requests(2, Duration::from_secs(2));
    assert_eq!(requests.len(), 2, "one request per attempt");
    for request in &requests {
        check_request(request, &server, &Signer::test_keys());
    }
}

#[test]
fn a_server_that_never_answers_hits_the_attempt_timeout_on_every_attempt() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang]);
    // No read timeout in the transport: the client's attempt timeout, timed
    // with Tokio's timer, is what ends each attempt.
    let transport = HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let config = config(&server.url(), 2)
        .with_attempt_timeout(Duration::from_millis(200))
        .with_sleep(Arc::new(TokioSleep));
    let client = Client::new(config, transport);
    let started = Instant::now();

    let error = transport_error(call(&client, minimal_input()));

    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400),
        "two timeouts: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let requests = server.wait_for_requests(2, Duration::from_secs(2));
    assert_eq!(requests.len(), 2, "one request per attempt");
    assert_eq!(requests[0].body, requests[1].body);
}

#[test]
fn session_credentials_send_a_signed_security_token() {
    let server = Server::start(vec![success("rid-session")]);
    let credentials =
        Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
    let client = Client::new(config_with(&server.url(), 1, credentials), transport());

    call(&client, minimal_input()).expect("the call succeeds");

    let request = &server.requests()[0];
    assert_eq!(
        request.header_values("x-amz-security-token"),
        [SESSION_TOKEN]
    );
    // The verifier checks that the token is among the signed headers.
    check_request(request, &server, &Signer::test_session());
    // And that the signature covers it: a different token breaks it.
    let mut forged = request.clone();
    for (name, value) in &mut forged.headers {
        if name.eq_ignore_ascii_case("x-amz-security-token") {
            *value = "forged".to_owned();
        }
    }
    let forged_signer = Signer {
        session_token: Some("forged"),
        ..Signer::test_session()
    };
    assert!(verify_sigv4(&forged, &forged_signer).is_err());
}

#[test]
fn secrets_never_appear_in_debug_or_display() {
    let server = Server::start(vec![Reply::json(
        403,
        &[("x-amzn-requestid", "rid-403")],
        r#"{"code":"ForbiddenException","message":"not allowed"}"#,
    )]);
    let credentials =
        Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
    let config = config_with(&server.url(), 1, credentials.clone());
    let client = Client::new(config.clone(), transport());
    let mut shown = vec![
        format!("{credentials:?}"),
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ];
    // Every kind of error a signed call can end in.
    let service = call(&client, minimal_input()).unwrap_err();
    assert!(matches!(service, SdkError::Service(_)), "{service:?}");
    let refused = Client::new(
        config_with(
            &format!("http://127.0.0.1:{}", refused_port()),
            1,
            credentials.clone(),
        ),
        transport(),
    );
    let transport = call(&refused, minimal_input()).unwrap_err();
    assert!(matches!(transport, SdkError::Transport(_)), "{transport:?}");
    let invalid = minimal_builder()
        .client_token(TOKEN)
        .instance_profile_name("no spaces allowed")
        .build()
        .unwrap();
    let validation = call(&client, invalid).unwrap_err();
    assert!(
        matches!(validation, SdkError::Validation(_)),
        "{validation:?}"
    );
    for error in [&service, &transport, &validation] {
        shown.push(format!("{error:?}"));
        shown.push(format!("{error:#?}"));
        shown.push(error.to_string());
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            shown.push(format!("{cause} / {cause:?}"));
            source = cause.source();
        }
    }

    for text in &shown {
        for secret in [
            SECRET_ACCESS_KEY,
            SESSION_TOKEN,
            "LOOPBACKSECRET",
            "LOOPBACKSESSIONTOKEN",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
    // The check means something: the credentials are in what was shown.
    assert!(shown[1].contains(ACCESS_KEY_ID), "{}", shown[1]);
    // And the request did carry them.
    assert_eq!(
        server.requests()[0].header("x-amz-security-token"),
        Some(SESSION_TOKEN)
    );
}
